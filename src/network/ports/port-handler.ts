import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import type { NetworkDb } from '../db/record-store.js';
import { notifyPortDeleted, notifyPortsChanged } from '../notifier/nova-events.js';
import type { NetworkDeps } from '../deps.js';
import { conflict, policyNotAuthorized } from '../errors.js';
import {
  NetworkFactsCache,
  assertNetworkUsable,
  isPrivileged,
  sharedWith,
} from '../subnets/network-facts.js';
import { PortStore, ROUTER_INTERFACE_OWNERS, isTrustedOwner } from './port-record.js';
import { createPort, deletePort, updatePort } from './port-service.js';

/** Owners of the L3 service's ports, which the ports API may not delete (l3_db's router_device_owners). */
const L3_OWNERS = [...ROUTER_INTERFACE_OWNERS, 'network:router_gateway', 'network:floatingip'];

/** Attributes whose items have their own policy rules (`create_port:fixed_ips:ip_address`...). */
const ITEM_POLICY_ATTRIBUTES = ['fixed_ips', 'allowed_address_pairs'];

/**
 * The ports API: a port is seen by its project and by its network's owner (Neutron's port
 * query hook), made on any network the caller may use, and made, changed and deleted through
 * the port service.
 */
export class PortHandler implements ResourceHandler {
  private readonly store: PortStore;
  private readonly networkFacts: NetworkFactsCache;

  constructor(private readonly deps: NetworkDeps) {
    this.store = new PortStore(deps.now);
    this.networkFacts = new NetworkFactsCache(deps);
  }

  async list(call: CallContext, filters: ListFilters): Promise<ApiRecord[]> {
    const db = this.deps.db;
    const narrow: { ids?: string[]; parentIds?: string[]; refIds?: string[] } = {};
    if (filters.id) narrow.ids = filters.id.map(String);
    if (filters.network_id) narrow.parentIds = filters.network_id.map(String);
    if (filters.device_id && !filters.device_id.includes('')) narrow.refIds = filters.device_id.map(String);
    if (isPrivileged(call)) return this.store.records.list(db, narrow);
    const projectId = call.context.projectId ?? '';
    const ownNetworks = (
      await db.selectFrom('networks').select('id').where('project_id', '=', projectId).execute()
    ).map((row) => row.id);
    const [own, onOwnNetworks] = await Promise.all([
      this.store.records.list(db, { ...narrow, projectIds: [projectId] }),
      ownNetworks.length
        ? this.store.records.list(db, { ...narrow, parentIds: this.within(narrow.parentIds, ownNetworks) })
        : [],
    ]);
    const seen = new Set(own.map((port) => port.id));
    return [...own, ...onOwnNetworks.filter((port) => !seen.has(port.id))];
  }

  private within(asked: string[] | undefined, allowed: string[]): string[] {
    return asked ? asked.filter((id) => allowed.includes(id)) : allowed;
  }

  async get(call: CallContext, id: string): Promise<ApiRecord | null> {
    const port = await this.store.records.get(this.deps.db, id);
    if (!port) return null;
    if (isPrivileged(call) || port.project_id === call.context.projectId) return port;
    const facts = await this.networkFacts.one(this.deps.db, call, port.network_id as string);
    return facts?.network.project_id === call.context.projectId ? port : null;
  }

  /**
   * What the policy rules see beside the port: its network's owner, whether the network is
   * shared with the port's project (`rule:shared`) and whether its owner is the network's own
   * device (`rule:network_device`). Before a create, the network must be one the caller may use.
   */
  async policyTarget(call: CallContext, record: Record<string, unknown>): Promise<Record<string, unknown>> {
    const networkId = record.network_id as string;
    const facts = await this.networkFacts.one(this.deps.db, call, networkId);
    if (record.id === undefined) assertNetworkUsable(call, facts, networkId, record.project_id);
    const owner = facts?.network.project_id;
    return {
      'network:project_id': owner,
      'network:tenant_id': owner,
      shared: facts ? sharedWith(facts, record.project_id as string) : false,
      network_device: isTrustedOwner(record.device_owner),
    };
  }

  /** The rules of the items' keys Neutron checks beside the attribute's own (list_of_dict sub-attributes). */
  private async checkItemPolicies(
    call: CallContext,
    action: 'create_port' | 'update_port',
    target: Record<string, unknown>,
    values: Record<string, unknown>,
  ): Promise<void> {
    for (const attribute of ITEM_POLICY_ATTRIBUTES) {
      const items = values[attribute];
      if (!Array.isArray(items)) continue;
      const keys = new Set(
        items.flatMap((item) => (item && typeof item === 'object' ? Object.keys(item) : [])),
      );
      for (const key of keys) {
        const rule = `${action}:${attribute}:${key}`;
        if (this.deps.ruleNames.has(rule) && !this.deps.policy.check(rule, target, call.context)) {
          throw policyNotAuthorized(rule);
        }
      }
    }
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    await this.checkItemPolicies(
      call,
      'create_port',
      { ...values, ...(await this.policyTarget(call, values)) },
      values,
    );
    return this.deps.db.transaction().execute((trx) => createPort(trx, this.deps, call, values));
  }

  async update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    const merged = { ...current, ...changes };
    await this.checkItemPolicies(
      call,
      'update_port',
      { ...merged, ...(await this.policyTarget(call, merged)) },
      changes,
    );
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const stored = await this.store.records.get(trx, current.id);
      return updatePort(trx, this.deps, stored ?? current, changes, call);
    });
    if ('fixed_ips' in changes) await notifyPortsChanged(this.deps, [current.id]);
    return updated;
  }

  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.checkNotL3Port(trx, current);
      await deletePort(trx, this.deps, current.id);
    });
    notifyPortDeleted(this.deps, current);
  }

  /** l3_db's prevent_l3_port_deletion: a router's or floating IP's port goes with it, not alone. */
  private async checkNotL3Port(db: NetworkDb, port: ApiRecord): Promise<void> {
    const owner = port.device_owner as string;
    if (!L3_OWNERS.includes(owner) || !port.device_id) return;
    const table = owner === 'network:floatingip' ? 'floatingips' : 'routers';
    const device = await db
      .selectFrom(table)
      .select('id')
      .where('id', '=', port.device_id as string)
      .executeTakeFirst();
    if (!device) return;
    throw conflict(
      'ServicePortInUse',
      `Port ${port.id} cannot be deleted directly via the port API: has device owner ${owner}.`,
    );
  }
}
