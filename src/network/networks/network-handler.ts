import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import { RecordStore, neutronTime, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { conflict } from '../errors.js';
import { deleteDisassociatedFloatingIps } from '../floating-ips/network-hooks.js';
import { checkQuota } from '../quotas/quota-check.js';
import {
  addRbacEntry,
  rbacEntries,
  rbacGrants,
  rbacWildcard,
  removeRbacWildcard,
  type RbacEntry,
} from '../rbac/rbac-access.js';
import { ensureDefaultSecurityGroup } from '../security-groups/default-group.js';
import { allocateSegment, releaseSegment, segmentMtu } from './segments.js';

const PROVIDER_KEYS = [
  'provider:network_type',
  'provider:physical_network',
  'provider:segmentation_id',
] as const;

/** Device owners whose ports go with their network (Neutron's AUTO_DELETE_PORT_OWNERS). */
const AUTO_DELETE_OWNERS = ['network:dhcp', 'network:router_ha_interface', 'network:distributed'];

/** Whether the caller sees the network: its own, an admin, shared or external to it by RBAC. */
export function networkVisible(
  call: CallContext,
  record: ApiRecord,
  entries: RbacEntry[] | undefined,
): boolean {
  if (call.isAdmin || record.project_id === call.context.projectId) return true;
  return (
    rbacGrants(entries, 'access_as_shared', call.context.projectId) ||
    rbacGrants(entries, 'access_as_external', call.context.projectId)
  );
}

/**
 * Networks as ML2 keeps them: a segment per network (provider attributes), `shared` and
 * `router:external` as RBAC wildcards (so RBAC entries for one project work the same way), the
 * MTU from the segment type, and the subnets listed on the network.
 */
export class NetworkHandler implements ResourceHandler {
  readonly store: RecordStore;
  private readonly subnets: RecordStore;
  private readonly ports: RecordStore;

  constructor(private readonly deps: NetworkDeps) {
    this.store = new RecordStore('networks', deps.now);
    this.subnets = new RecordStore('subnets', deps.now);
    this.ports = new RecordStore('ports', deps.now);
  }

  /** Completes stored networks with what depends on the caller and on other tables. */
  async present(db: NetworkDb, call: CallContext | null, records: ApiRecord[]): Promise<ApiRecord[]> {
    if (records.length === 0) return [];
    const ids = records.map((record) => record.id);
    const rbac = await rbacEntries(db, ids);
    const subnetRows = await db
      .selectFrom('subnets')
      .select(['id', 'parent_id'])
      .where('parent_id', 'in', ids)
      .execute();
    const subnets = new Map<string, string[]>();
    for (const row of subnetRows)
      subnets.set(row.parent_id!, [...(subnets.get(row.parent_id!) ?? []), row.id]);
    const projectId = call?.context.projectId ?? null;
    return records
      .filter((record) => call === null || networkVisible(call, record, rbac.get(record.id)))
      .map((record) => {
        const entries = rbac.get(record.id);
        const owner = record.project_id === projectId;
        return {
          ...record,
          subnets: subnets.get(record.id) ?? [],
          // `shared` shows whether the caller sees it shared: a wildcard, or an entry for its project.
          shared:
            rbacWildcard(entries, 'access_as_shared') ||
            (!owner && rbacGrants(entries, 'access_as_shared', projectId)),
        };
      });
  }

  async list(call: CallContext, filters: ListFilters): Promise<ApiRecord[]> {
    const ids = filters.id?.map(String);
    return this.present(this.deps.db, call, await this.store.list(this.deps.db, ids ? { ids } : {}));
  }

  async get(call: CallContext, id: string): Promise<ApiRecord | null> {
    const record = await this.store.get(this.deps.db, id);
    return record ? ((await this.present(this.deps.db, call, [record]))[0] ?? null) : null;
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    const id = this.deps.newId();
    const created = await this.deps.db.transaction().execute(async (trx) => {
      await checkQuota(trx, this.deps, values.project_id as string, 'network', 1);
      const segment = await allocateSegment(trx, this.deps.config.network, id, {
        network_type: (values['provider:network_type'] as string | undefined) ?? undefined,
        physical_network: (values['provider:physical_network'] as string | null | undefined) ?? undefined,
        segmentation_id: (values['provider:segmentation_id'] as number | null | undefined) ?? undefined,
      });
      const mtu = segmentMtu(this.deps.config.network, segment);
      const { shared, tags: _tags, ...rest } = values;
      // As Neutron, a project's first network brings its default security group.
      await ensureDefaultSecurityGroup(trx, this.deps, values.project_id as string);
      const record = await this.store.insert(trx, {
        ...rest,
        id,
        status: 'ACTIVE',
        'provider:network_type': segment.network_type,
        'provider:physical_network': segment.physical_network,
        'provider:segmentation_id': segment.segmentation_id,
        mtu: values.mtu ?? mtu,
        availability_zones: ['nova'],
        ipv4_address_scope: null,
        ipv6_address_scope: null,
        l2_adjacency: true,
      });
      const time = neutronTime(this.deps.now());
      const wildcard = (action: 'access_as_shared' | 'access_as_external') =>
        addRbacEntry(
          trx,
          {
            id: this.deps.newId(),
            object_type: 'network',
            object_id: id,
            action,
            target_tenant: '*',
            project_id: record.project_id as string,
          },
          time,
        );
      if (shared) await wildcard('access_as_shared');
      if (values['router:external']) await wildcard('access_as_external');
      return record;
    });
    return (await this.present(this.deps.db, null, [created]))[0];
  }

  async update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    for (const key of PROVIDER_KEYS) {
      if (key in changes && changes[key] !== current[key]) {
        throw conflict(
          'InvalidInput',
          'Invalid input for operation: Plugin does not support updating provider attributes.',
        );
      }
    }
    await this.deps.db.transaction().execute(async (trx) => {
      const { shared, ...rest } = changes;
      const time = neutronTime(this.deps.now());
      const wildcard = async (action: 'access_as_shared' | 'access_as_external', on: boolean) => {
        const entries = (await rbacEntries(trx, [current.id])).get(current.id);
        if (on === rbacWildcard(entries, action)) return;
        if (on) {
          await addRbacEntry(
            trx,
            {
              id: this.deps.newId(),
              object_type: 'network',
              object_id: current.id,
              action,
              target_tenant: '*',
              project_id: current.project_id as string,
            },
            time,
          );
        } else {
          await this.assertUnusedByOthers(trx, current, action);
          await removeRbacWildcard(trx, current.id, action);
        }
      };
      if (shared !== undefined) await wildcard('access_as_shared', shared as boolean);
      if (changes['router:external'] !== undefined)
        await wildcard('access_as_external', changes['router:external'] as boolean);
      await this.store.update(trx, current, rest);
    });
    return (await this.get(call, current.id))!;
  }

  /** Un-sharing is refused while other projects have ports on the network, as Neutron's InvalidSharedSetting. */
  private async assertUnusedByOthers(db: NetworkDb, network: ApiRecord, action: string): Promise<void> {
    const ports = await this.ports.list(db, { parentIds: [network.id] });
    const foreign = ports.some(
      (port) => port.project_id !== network.project_id && port.device_owner !== 'network:dhcp',
    );
    if (!foreign) return;
    if (action === 'access_as_shared') {
      throw conflict(
        'InvalidSharedSetting',
        `Unable to reconfigure sharing settings for network ${network.id}. Multiple tenants are using it.`,
      );
    }
    throw conflict(
      'RbacPolicyInUse',
      `RBAC policy on object ${network.id} cannot be removed because other objects depend on it.`,
    );
  }

  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await deleteDisassociatedFloatingIps(trx, this.deps, current.id);
      const ports = await this.ports.list(trx, { parentIds: [current.id] });
      if (ports.some((port) => !AUTO_DELETE_OWNERS.includes(port.device_owner as string))) {
        throw conflict(
          'NetworkInUse',
          `Unable to complete operation on network ${current.id}. There are one or more ports still in use on the network.`,
        );
      }
      for (const port of ports) await this.ports.delete(trx, port.id);
      await trx.deleteFrom('ip_allocations').where('network_id', '=', current.id).execute();
      await trx.deleteFrom('mac_addresses').where('network_id', '=', current.id).execute();
      for (const subnet of await this.subnets.list(trx, { parentIds: [current.id] }))
        await this.subnets.delete(trx, subnet.id);
      await trx.deleteFrom('rbac_policies').where('parent_id', '=', current.id).execute();
      await releaseSegment(trx, current.id);
      await this.store.delete(trx, current.id);
    });
  }
}
