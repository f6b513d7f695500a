import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import type { NetworkDb, RecordStore } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { checkQuota } from '../quotas/quota-check.js';
import { objectIdsGranted, rbacGrants } from '../rbac/rbac-access.js';
import { ensureDefaultSecurityGroup, isDefaultSecurityGroup } from './default-group.js';
import {
  ensureListedProjectDefault,
  groupRbacEntries,
  groupVisibleTo,
  portsUsingGroup,
} from './group-access.js';
import { groupStore, initialRules, insertRule, ruleStore } from './rule-records.js';
import { cannotRemoveDefault, cannotUpdateDefault, securityGroupInUse } from './security-group-errors.js';

/** Attributes a group shows that are computed, never stored in its body. */
const COMPUTED = ['security_group_rules', 'shared'] as const;

function stored(record: ApiRecord): ApiRecord {
  const copy: ApiRecord = { ...record };
  for (const key of COMPUTED) delete copy[key];
  return copy;
}

/**
 * Security groups as Neutron's SecurityGroupDbMixin keeps them: a project's own and those shared
 * with it by RBAC are visible; the project's default group is made on first need; a new group
 * starts with egress rules; the default group keeps its name and only an admin deletes it; a
 * group in use by ports is not deleted, nor its statefulness changed.
 */
export class SecurityGroupHandler implements ResourceHandler {
  private readonly groups: RecordStore;
  private readonly rules: RecordStore;

  constructor(private readonly deps: NetworkDeps) {
    this.groups = groupStore(deps);
    this.rules = ruleStore(deps);
  }

  /** Groups with their rules inline and `shared` as the caller sees it; only those it may see. */
  async present(db: NetworkDb, call: CallContext | null, records: ApiRecord[]): Promise<ApiRecord[]> {
    if (records.length === 0) return [];
    const ids = records.map((record) => record.id);
    const rbac = await groupRbacEntries(db, ids);
    const rules = new Map<string, ApiRecord[]>();
    for (const rule of await this.rules.list(db, { parentIds: ids })) {
      const groupId = rule.security_group_id as string;
      rules.set(groupId, [...(rules.get(groupId) ?? []), rule]);
    }
    const projectId = call?.context.projectId ?? null;
    return records
      .filter(
        (record) => call === null || groupVisibleTo(projectId, call.isAdmin, record, rbac.get(record.id)),
      )
      .map((record) => {
        const isDefault = isDefaultSecurityGroup(record.id, record.project_id as string);
        return {
          ...record,
          shared: rbacGrants(rbac.get(record.id), 'access_as_shared', projectId),
          security_group_rules: (rules.get(record.id) ?? []).map((rule) => ({
            ...rule,
            belongs_to_default_sg: isDefault,
          })),
        };
      });
  }

  async list(call: CallContext, filters: ListFilters): Promise<ApiRecord[]> {
    await ensureListedProjectDefault(this.deps, call, filters);
    const db = this.deps.db;
    const ids = filters.id?.map(String);
    if (call.isAdmin) return this.present(db, call, await this.groups.list(db, ids ? { ids } : {}));
    const projectId = call.context.projectId ?? '';
    const sharedIds = await objectIdsGranted(db, 'security_group', 'access_as_shared', projectId);
    const own = await this.groups.list(db, { projectIds: [projectId], ...(ids ? { ids } : {}) });
    const ownIds = new Set(own.map((group) => group.id));
    const wanted = sharedIds.filter((id) => !ownIds.has(id) && (!ids || ids.includes(id)));
    const shared = wanted.length ? await this.groups.list(db, { ids: wanted }) : [];
    return this.present(db, call, [...own, ...shared]);
  }

  async get(call: CallContext, id: string): Promise<ApiRecord | null> {
    const record = await this.groups.get(this.deps.db, id);
    return record ? ((await this.present(this.deps.db, call, [record]))[0] ?? null) : null;
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    const projectId = values.project_id as string;
    const id = this.deps.newId();
    const created = await this.deps.db.transaction().execute(async (trx) => {
      await checkQuota(trx, this.deps, projectId, 'security_group', 1);
      if (projectId === call.context.projectId || call.isAdmin)
        await ensureDefaultSecurityGroup(trx, this.deps, projectId);
      const rules = initialRules(id, false);
      await checkQuota(trx, this.deps, projectId, 'security_group_rule', rules.length);
      const record = await this.groups.insert(trx, {
        id,
        project_id: projectId,
        name: values.name,
        description: values.description,
        stateful: values.stateful,
      });
      for (const rule of rules) await insertRule(trx, this.deps, projectId, rule);
      return record;
    });
    return (await this.present(this.deps.db, null, [created]))[0];
  }

  async update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    await this.deps.db.transaction().execute(async (trx) => {
      if ('stateful' in changes && changes.stateful !== current.stateful) {
        if ((await portsUsingGroup(trx, current.id)).length > 0) throw securityGroupInUse(current.id);
      }
      if (current.name === 'default' && 'name' in changes) throw cannotUpdateDefault();
      await this.groups.update(trx, stored(current), changes);
    });
    return (await this.get(call, current.id))!;
  }

  async delete(call: CallContext, current: ApiRecord): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      if ((await portsUsingGroup(trx, current.id)).length > 0) throw securityGroupInUse(current.id);
      if (current.name === 'default' && !call.isAdmin) throw cannotRemoveDefault();
      // Rules of other groups whose remote is this group go with it (the foreign key cascades upstream).
      const referring = await trx
        .selectFrom('security_group_rules')
        .select(['id', 'parent_id', 'body'])
        .where('body', 'like', `%${current.id}%`)
        .execute();
      for (const row of referring) {
        if ((JSON.parse(row.body) as { remote_group_id?: unknown }).remote_group_id !== current.id) continue;
        await this.rules.delete(trx, row.id);
        if (row.parent_id !== current.id) await this.groups.bump(trx, row.parent_id!);
      }
      for (const rule of await this.rules.list(trx, { parentIds: [current.id] }))
        await this.rules.delete(trx, rule.id);
      await trx.deleteFrom('rbac_policies').where('parent_id', '=', current.id).execute();
      await this.groups.delete(trx, current.id);
    });
  }
}
