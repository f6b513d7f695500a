import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import type { NetworkDb, RecordStore } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { NeutronError } from '../errors.js';
import { checkQuota } from '../quotas/quota-check.js';
import { isDefaultSecurityGroup } from './default-group.js';
import { ensureListedProjectDefault, groupExistsFor } from './group-access.js';
import { groupStore, insertRule, ruleStore } from './rule-records.js';
import { ruleKey, validateRule, type RuleInput } from './rule-validation.js';
import { addressGroupNotFound, ruleExists, securityGroupNotFound } from './security-group-errors.js';

/** The owners of the given groups, by group id. */
async function groupOwners(db: NetworkDb, groupIds: string[]): Promise<Map<string, string>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('security_groups')
    .select(['id', 'project_id'])
    .where('id', 'in', [...new Set(groupIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.project_id]));
}

/**
 * Security group rules as Neutron's SecurityGroupDbMixin keeps them: validated as upstream
 * (ports, ICMP type and code, prefix and protocol against the ethertype, one remote), added
 * only to a group the rule's project sees, never twice, each change bumping the group's
 * revision. A caller sees its own rules and the rules of its groups (the policy decides).
 */
export class SecurityGroupRuleHandler implements ResourceHandler {
  private readonly rules: RecordStore;
  private readonly groups: RecordStore;

  constructor(private readonly deps: NetworkDeps) {
    this.rules = ruleStore(deps);
    this.groups = groupStore(deps);
  }

  /** Rules with `belongs_to_default_sg`. */
  private async present(db: NetworkDb, records: ApiRecord[]): Promise<ApiRecord[]> {
    const owners = await groupOwners(
      db,
      records.map((record) => record.security_group_id as string),
    );
    return records.map((record) => {
      const groupId = record.security_group_id as string;
      const owner = owners.get(groupId);
      return {
        ...record,
        belongs_to_default_sg: owner !== undefined && isDefaultSecurityGroup(groupId, owner),
      };
    });
  }

  /** What policy rules see beside the rule: the owner of its group (`security_group:project_id`). */
  async policyTarget(record: Record<string, unknown>): Promise<Record<string, unknown>> {
    const groupId = record.security_group_id;
    if (typeof groupId !== 'string') return {};
    const owner = (await groupOwners(this.deps.db, [groupId])).get(groupId);
    return owner === undefined ? {} : { 'security_group:project_id': owner };
  }

  async list(call: CallContext, filters: ListFilters): Promise<ApiRecord[]> {
    await ensureListedProjectDefault(this.deps, call, filters);
    const db = this.deps.db;
    const groupIds = filters.security_group_id?.map(String);
    const ids = filters.id?.map(String);
    const narrow = { ...(groupIds ? { parentIds: groupIds } : {}), ...(ids ? { ids } : {}) };
    if (call.isAdmin) return this.present(db, await this.rules.list(db, narrow));
    const projectId = call.context.projectId ?? '';
    const ownGroups = (
      await db.selectFrom('security_groups').select('id').where('project_id', '=', projectId).execute()
    ).map((row) => row.id);
    const inOwnGroups = await this.rules.list(db, {
      ...narrow,
      parentIds: groupIds ? groupIds.filter((id) => ownGroups.includes(id)) : ownGroups,
    });
    const seen = new Set(inOwnGroups.map((rule) => rule.id));
    const ownElsewhere = (await this.rules.list(db, { ...narrow, projectIds: [projectId] })).filter(
      (rule) => !seen.has(rule.id),
    );
    return this.present(db, [...inOwnGroups, ...ownElsewhere]);
  }

  async get(_call: CallContext, id: string): Promise<ApiRecord | null> {
    const record = await this.rules.get(this.deps.db, id);
    return record ? (await this.present(this.deps.db, [record]))[0] : null;
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    const projectId = values.project_id as string;
    const created = await this.deps.db.transaction().execute(async (trx) => {
      // Upstream counts the quota before the plugin validates the rule.
      await checkQuota(trx, this.deps, projectId, 'security_group_rule', 1);
      const rule = validateRule({
        security_group_id: values.security_group_id,
        direction: values.direction,
        ethertype: values.ethertype,
        protocol: values.protocol,
        port_range_min: values.port_range_min,
        port_range_max: values.port_range_max,
        remote_ip_prefix: values.remote_ip_prefix,
        remote_group_id: values.remote_group_id,
        remote_address_group_id: values.remote_address_group_id,
        description: values.description,
      } as RuleInput);
      const remoteGroup = rule.remote_group_id;
      if (remoteGroup && !(await groupExistsFor(trx, remoteGroup, projectId, call.isAdmin)))
        throw securityGroupNotFound(remoteGroup);
      // Stratus has no address groups yet: any one named is not found.
      if (rule.remote_address_group_id) throw addressGroupNotFound(rule.remote_address_group_id);
      const groupId = rule.security_group_id;
      if (!(await groupExistsFor(trx, groupId, projectId, call.isAdmin)))
        throw securityGroupNotFound(groupId);
      // Bumping the group first also locks its row, so concurrent creates cannot both pass the duplicate check.
      await this.groups.bump(trx, groupId);
      const key = ruleKey(rule);
      const duplicate = (await this.rules.list(trx, { parentIds: [groupId] })).find(
        (existing) => ruleKey(existing) === key,
      );
      if (duplicate) throw ruleExists(duplicate.id);
      return insertRule(trx, this.deps, projectId, rule);
    });
    return (await this.present(this.deps.db, [created]))[0];
  }

  /** Never routed (the resource has no update, as upstream's plugin has none); refused if reached. */
  async update(): Promise<ApiRecord> {
    throw new NeutronError(405, 'HTTPMethodNotAllowed', 'Security group rules cannot be updated.');
  }

  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.rules.delete(trx, current.id);
      await this.groups.bump(trx, current.security_group_id as string);
    });
  }
}
