import type { NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { NeutronError, badRequest } from '../errors.js';
import { QUOTA_RESOURCES, UNLIMITED, defaultQuotas, projectQuotas, resourceUsage } from './quota-check.js';

/** A resource's quota as `/quotas/{project_id}/details` shows it. */
export interface QuotaDetail {
  limit: number;
  used: number;
  /** Neutron's reservations; creates here are checked in their transaction, so none is ever held. */
  reserved: number;
}

/** Every project with limits of its own, each with all its limits (Neutron's get_all_quotas). */
export async function allProjectQuotas(db: NetworkDb, deps: NetworkDeps): Promise<Record<string, unknown>[]> {
  const rows = await db.selectFrom('quotas').selectAll().orderBy('project_id').execute();
  const projects = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    if (!QUOTA_RESOURCES.includes(row.resource)) continue;
    let quota = projects.get(row.project_id);
    if (!quota) {
      quota = { ...defaultQuotas(deps), project_id: row.project_id, tenant_id: row.project_id };
      projects.set(row.project_id, quota);
    }
    quota[row.resource] = Number(row.limit);
  }
  return [...projects.values()];
}

/** A project's limit, use and reservations of every resource. */
export async function detailedQuotas(
  db: NetworkDb,
  deps: NetworkDeps,
  projectId: string,
): Promise<Record<string, QuotaDetail>> {
  const limits = await projectQuotas(db, deps, projectId);
  const details: Record<string, QuotaDetail> = {};
  for (const resource of QUOTA_RESOURCES) {
    details[resource] = {
      limit: limits[resource],
      used: await resourceUsage(db, projectId, resource),
      reserved: 0,
    };
  }
  return details;
}

/**
 * Sets a project's limits. With `checkLimit` (the `check_limit` of the request), a limit below
 * what the project already uses is refused, as Neutron's quota-check-limit does.
 */
export async function setProjectQuotas(
  deps: NetworkDeps,
  projectId: string,
  limits: Record<string, number>,
  checkLimit: boolean,
): Promise<Record<string, number>> {
  return deps.db.transaction().execute(async (trx) => {
    for (const [resource, limit] of Object.entries(limits)) {
      if (!checkLimit || limit === UNLIMITED) continue;
      const used = await resourceUsage(trx, projectId, resource);
      if (used > limit) {
        throw badRequest(
          `Quota limit ${limit} for ${resource} must be greater than or equal to already used ${used}`,
        );
      }
    }
    for (const [resource, limit] of Object.entries(limits)) {
      const updated = await trx
        .updateTable('quotas')
        .set({ limit })
        .where('project_id', '=', projectId)
        .where('resource', '=', resource)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await trx.insertInto('quotas').values({ project_id: projectId, resource, limit }).execute();
      }
    }
    return projectQuotas(trx, deps, projectId);
  });
}

/** Returns a project to the default limits; Neutron's TenantQuotaNotFound when it had none of its own. */
export async function deleteProjectQuotas(deps: NetworkDeps, projectId: string): Promise<void> {
  const deleted = await deps.db.deleteFrom('quotas').where('project_id', '=', projectId).executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) {
    throw new NeutronError(404, 'TenantQuotaNotFound', `Quota for tenant ${projectId} could not be found.`);
  }
}
