import { createHash } from 'node:crypto';
import { neutronTime, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { checkQuota } from '../quotas/quota-check.js';
import { initialRules, insertRule } from './rule-records.js';

/** Neutron's DEFAULT_SG_DESCRIPTION. */
export const DEFAULT_GROUP_DESCRIPTION = 'Default security group';

/** A fixed namespace for the name-based (version 5) ids of default groups. */
const DEFAULT_GROUP_NAMESPACE = Buffer.from('6f1c2b0e4a7d4c1f9e3b5a8d2c7e1f40', 'hex');

/**
 * The id of a project's default group: a UUID derived from the project id, so the primary key
 * itself keeps one default group per project (Neutron keeps a `default_security_group` table
 * keyed by project for the same purpose).
 */
export function defaultSecurityGroupId(projectId: string): string {
  const hash = createHash('sha1').update(DEFAULT_GROUP_NAMESPACE).update(projectId).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The project's `default` security group, made with upstream's default rules (egress anywhere,
 * ingress from the group's own members, over IPv4 and IPv6) when the project has none yet; its id.
 *
 * Safe when called concurrently: the group's id is fixed by the project and inserted with
 * `ON CONFLICT DO NOTHING`, so a second caller finds the first one's group (on PostgreSQL it
 * waits for the first transaction) and adds no rules of its own. Callers decide whether the
 * caller may have a default group made for the project (Neutron does it only for the caller's
 * own project, or for an admin).
 */
export async function ensureDefaultSecurityGroup(
  trx: NetworkDb,
  deps: NetworkDeps,
  projectId: string,
): Promise<string> {
  const id = defaultSecurityGroupId(projectId);
  const existing = await trx
    .selectFrom('security_groups')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (existing) return id;
  // The group and its rules are made together: in the caller's transaction, or in one of their own.
  if (!trx.isTransaction) {
    return trx.transaction().execute((inner) => ensureDefaultSecurityGroup(inner, deps, projectId));
  }
  const time = neutronTime(deps.now());
  const inserted = await trx
    .insertInto('security_groups')
    .values({
      id,
      project_id: projectId,
      parent_id: null,
      ref_id: null,
      body: JSON.stringify({ name: 'default', description: DEFAULT_GROUP_DESCRIPTION, stateful: true }),
      revision_number: 1,
      created_at: time,
      updated_at: time,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return id;
  const rules = initialRules(id, true);
  // Upstream counts the default group's rules against the project's rule quota (not its group quota).
  await checkQuota(trx, deps, projectId, 'security_group_rule', rules.length);
  for (const rule of rules) await insertRule(trx, deps, projectId, rule);
  return id;
}

/** Whether a group is its project's default group (what a rule's `belongs_to_default_sg` shows). */
export function isDefaultSecurityGroup(groupId: string, projectId: string): boolean {
  return groupId === defaultSecurityGroupId(projectId);
}
