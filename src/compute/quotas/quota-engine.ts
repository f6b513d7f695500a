import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';
import { OverQuota, type Overage } from './over-quota.js';
import { QuotaStore } from './quota-store.js';
import { DbQuotaUsage, type QuotaUsage } from './quota-usage.js';
import { PER_USER_RESOURCES, QUOTA_RESOURCES, type QuotaResource, type QuotaValues } from './resources.js';

export interface QuotaDetail {
  limit: number;
  in_use: number;
  reserved: number;
}
export type QuotaDetails = Record<QuotaResource, QuotaDetail>;
export interface SettableRange {
  minimum: number;
  maximum: number;
}

/** -1 is unlimited in sums and differences (DbQuotaDriver's _sum/_sub_quota_values). */
const sum = (a: number, b: number) => (a === -1 || b === -1 ? -1 : a + b);
const sub = (a: number, b: number) => (a === -1 || b === -1 ? -1 : a - b);

/**
 * Nova's DbQuotaDriver: configured defaults, overridden by the 'default' quota class, then by the
 * project's limits, then by a user's limits within the project.
 */
export class QuotaEngine {
  readonly store: QuotaStore;

  constructor(
    db: Kysely<ComputeSchema>,
    private readonly defaults: QuotaValues,
    private readonly usage: QuotaUsage = new DbQuotaUsage(db),
  ) {
    this.store = new QuotaStore(db);
  }

  /** A class's limits; resources it does not set have the configured default. */
  async classQuotas(name: string): Promise<QuotaValues> {
    return { ...this.defaults, ...(await this.store.quotaClass(name)) };
  }

  async defaultQuotas(): Promise<QuotaValues> {
    return this.classQuotas('default');
  }

  async projectQuotas(projectId: string): Promise<QuotaValues> {
    return { ...(await this.defaultQuotas()), ...(await this.store.project(projectId)) };
  }

  async userQuotas(projectId: string, userId: string): Promise<QuotaValues> {
    return { ...(await this.projectQuotas(projectId)), ...(await this.store.user(projectId, userId)) };
  }

  /** Limits with usage for a project, or a user within it; nothing is ever reserved. */
  async details(projectId: string, userId?: string): Promise<QuotaDetails> {
    const limits =
      userId === undefined ? await this.projectQuotas(projectId) : await this.userQuotas(projectId, userId);
    const counts = await this.usage.count(projectId, userId);
    const details = {} as QuotaDetails;
    for (const name of QUOTA_RESOURCES) {
      details[name] = { limit: limits[name], in_use: counts[name] ?? 0, reserved: 0 };
    }
    return details;
  }

  /**
   * `get_settable_quotas`: a project limit may not go below its usage or what its users were
   * given; a user's may not go below the user's usage nor above what the project has left plus
   * the user's own. (Nova overwrites rather than sums the users' limits; this sums, as it means.)
   */
  async settable(projectId: string, userId?: string): Promise<Record<QuotaResource, SettableRange>> {
    const project = await this.projectQuotas(projectId);
    const given: Partial<Record<string, number>> = {};
    for (const row of await this.store.allUsers(projectId)) {
      given[row.resource] = sum(given[row.resource] ?? 0, row.hard_limit);
    }
    const remains = (name: QuotaResource) => sub(project[name], given[name] ?? 0);
    const ranges = {} as Record<QuotaResource, SettableRange>;
    if (userId === undefined) {
      const counts = await this.usage.count(projectId);
      for (const name of QUOTA_RESOURCES) {
        const minimum = Math.max(sub(project[name], remains(name)), counts[name] ?? 0);
        ranges[name] = { minimum, maximum: -1 };
      }
      return ranges;
    }
    const own = await this.store.user(projectId, userId);
    const counts = await this.usage.count(projectId, userId);
    for (const name of QUOTA_RESOURCES) {
      ranges[name] = { minimum: counts[name] ?? 0, maximum: sum(remains(name), own[name] ?? 0) };
    }
    return ranges;
  }

  /**
   * `check_deltas`: would adding `deltas` exceed the project's or the user's limits? Per-user
   * resources are checked against the user only. Throws OverQuota naming each one exceeded.
   */
  async checkQuota(
    projectId: string,
    userId: string,
    deltas: Partial<Record<QuotaResource, number>>,
  ): Promise<void> {
    const projectLimits = await this.projectQuotas(projectId);
    const userLimits = await this.userQuotas(projectId, userId);
    const projectCounts = await this.usage.count(projectId);
    const userCounts = await this.usage.count(projectId, userId);
    const overs: Overage[] = [];
    for (const [resource, delta] of Object.entries(deltas) as [QuotaResource, number][]) {
      const scopes: [number, number][] = [[userLimits[resource], userCounts[resource] ?? 0]];
      if (!PER_USER_RESOURCES.includes(resource)) {
        scopes.unshift([projectLimits[resource], projectCounts[resource] ?? 0]);
      }
      const over = scopes.find(([allowed, used]) => allowed >= 0 && used + delta > allowed);
      if (over) overs.push({ resource, requested: delta, used: over[1], allowed: over[0] });
    }
    if (overs.length > 0) throw new OverQuota(overs.sort((a, b) => a.resource.localeCompare(b.resource)));
  }
}
