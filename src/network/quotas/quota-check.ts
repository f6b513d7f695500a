import type { NetworkDb } from '../db/record-store.js';
import type { ResourceTable } from '../db/schema.js';
import type { NetworkDeps } from '../deps.js';
import { NeutronError } from '../errors.js';

/**
 * The resources Neutron (ML2, L3, security groups, RBAC) registers with its quota engine, and
 * the table each one's usage is counted in: a project uses as many as it owns rows there.
 */
export const QUOTA_TABLES: Readonly<Record<string, ResourceTable>> = {
  network: 'networks',
  subnet: 'subnets',
  subnetpool: 'subnetpools',
  port: 'ports',
  router: 'routers',
  floatingip: 'floatingips',
  security_group: 'security_groups',
  security_group_rule: 'security_group_rules',
  rbac_policy: 'rbac_policies',
};

/** The quota resources, in the order Neutron shows them. */
export const QUOTA_RESOURCES = Object.keys(QUOTA_TABLES);

/** Neutron's quota_api.UNLIMITED_QUOTA. */
export const UNLIMITED = -1;

/** The limits every project has unless it has its own (`[quotas] quota_<resource>`; -1 is none). */
export function defaultQuotas(deps: NetworkDeps): Record<string, number> {
  return Object.fromEntries(
    QUOTA_RESOURCES.map((resource) => [resource, deps.config.network.quota[resource] ?? UNLIMITED]),
  );
}

/** A project's limits: the defaults, overridden by its rows in `quotas`. */
export async function projectQuotas(
  db: NetworkDb,
  deps: NetworkDeps,
  projectId: string,
): Promise<Record<string, number>> {
  const limits = defaultQuotas(deps);
  const rows = await db.selectFrom('quotas').selectAll().where('project_id', '=', projectId).execute();
  for (const row of rows) if (row.resource in limits) limits[row.resource] = Number(row.limit);
  return limits;
}

/** How many of a resource a project has (its rows in the resource's table). */
export async function resourceUsage(db: NetworkDb, projectId: string, resource: string): Promise<number> {
  const table = QUOTA_TABLES[resource];
  if (!table) return 0;
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** neutron-lib's OverQuota: `Quota exceeded for resources: ['network'].` */
export function overQuota(resources: string[]): NeutronError {
  const overs = `[${[...resources]
    .sort()
    .map((resource) => `'${resource}'`)
    .join(', ')}]`;
  return new NeutronError(409, 'OverQuota', `Quota exceeded for resources: ${overs}.`);
}

/**
 * Refuses to create `adding` more of `resource` for a project when that would go past its
 * limit, as Neutron's quota engine does before a create. Run it in the transaction that
 * creates, so the count and the new rows are read and written together. A resource Neutron
 * does not count (or a limit of -1) is never refused.
 */
export async function checkQuota(
  trx: NetworkDb,
  deps: NetworkDeps,
  projectId: string,
  resource: string,
  adding: number,
): Promise<void> {
  if (!(resource in QUOTA_TABLES)) return;
  const row = await trx
    .selectFrom('quotas')
    .select('limit')
    .where('project_id', '=', projectId)
    .where('resource', '=', resource)
    .executeTakeFirst();
  const limit = row ? Number(row.limit) : (deps.config.network.quota[resource] ?? UNLIMITED);
  if (limit < 0) return;
  if ((await resourceUsage(trx, projectId, resource)) + adding > limit) throw overQuota([resource]);
}
