import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';
import type { QuotaResource } from './resources.js';

export type QuotaCounts = Partial<Record<QuotaResource, number>>;

/**
 * What a project (or one user within it) uses of each countable resource; resources left out
 * count as 0. Servers plug their counts in here when they exist.
 */
export interface QuotaUsage {
  count(projectId: string, userId?: string): Promise<QuotaCounts>;
}

/**
 * Today's counts: no servers yet, so instances, cores and ram are 0. Server groups count per
 * project, or per user within it; key pairs belong to users, so they count only for a user (as
 * Nova's counters do).
 */
export class DbQuotaUsage implements QuotaUsage {
  constructor(private readonly db: Kysely<ComputeSchema>) {}

  async count(projectId: string, userId?: string): Promise<QuotaCounts> {
    let groups = this.db
      .selectFrom('server_groups')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('project_id', '=', projectId);
    if (userId !== undefined) groups = groups.where('user_id', '=', userId);
    const serverGroups = Number((await groups.executeTakeFirstOrThrow()).count);
    if (userId === undefined) return { server_groups: serverGroups };
    const { count } = await this.db
      .selectFrom('key_pairs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return { key_pairs: Number(count), server_groups: serverGroups };
  }
}
