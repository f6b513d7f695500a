import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import { notifyPortsChanged } from '../notifier/nova-events.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { createPort, deletePort } from '../ports/port-service.js';
import { checkQuota } from '../quotas/quota-check.js';
import { ipVersion } from '../routers/ip-prefix.js';
import { externalIpAddressExhausted, l3BadRequest } from '../routers/l3-errors.js';
import { fixedIpsOf, FLOATING_IP_OWNER, L3Lookups } from '../routers/l3-lookups.js';
import {
  FloatingIpAssociation,
  type AssociationRequest,
  type FloatingIpTarget,
} from './floating-ip-association.js';

/** Kept for the service and the agent, never shown: the floating IP's own port on the external network. */
const INTERNAL_ATTRIBUTES = ['floating_port_id'];

/** The port attributes fip-port-details shows on an associated floating IP. */
const PORT_DETAILS = [
  'name',
  'network_id',
  'mac_address',
  'admin_state_up',
  'status',
  'device_id',
  'device_owner',
];

/** DOWN until it points somewhere, as the agent would report it; ACTIVE once associated. */
const statusOf = (target: FloatingIpTarget) => (target.port_id ? 'ACTIVE' : 'DOWN');

/**
 * Floating IPs as l3_db keeps them: an address on an external network held by a port of its
 * own (device_owner `network:floatingip`, no project, hidden from users), optionally pointed at
 * a fixed IP of an internal port through a router. Owned by a project, seen by it and admins.
 */
export class FloatingIpHandler implements ResourceHandler {
  readonly store: RecordStore;
  private readonly lookups: L3Lookups;
  private readonly association: FloatingIpAssociation;

  constructor(private readonly deps: NetworkDeps) {
    this.store = new RecordStore('floatingips', deps.now);
    this.lookups = new L3Lookups(deps);
    this.association = new FloatingIpAssociation(deps, this.lookups);
  }

  /** Floating IPs as the API shows them, with the associated port's details. */
  async present(db: NetworkDb, records: ApiRecord[]): Promise<ApiRecord[]> {
    const portIds = records.map((record) => record.port_id).filter((id): id is string => Boolean(id));
    const ports = portIds.length ? await this.lookups.ports.list(db, { ids: portIds }) : [];
    return records.map((record) => {
      const port = ports.find((candidate) => candidate.id === record.port_id);
      const shown: ApiRecord = {
        ...record,
        port_details: port
          ? Object.fromEntries(PORT_DETAILS.map((name) => [name, port[name] ?? null]))
          : null,
      };
      for (const name of INTERNAL_ATTRIBUTES) delete shown[name];
      return shown;
    });
  }

  private visible(call: CallContext, record: ApiRecord): boolean {
    return call.isAdmin || record.project_id === call.context.projectId;
  }

  async list(call: CallContext, filters: ListFilters): Promise<ApiRecord[]> {
    const ids = filters.id?.map(String);
    const networks = filters.floating_network_id?.map(String);
    const records = await this.store.list(this.deps.db, {
      ...(ids ? { ids } : {}),
      ...(networks ? { parentIds: networks } : {}),
      ...(call.isAdmin ? {} : { projectIds: [call.context.projectId ?? ''] }),
    });
    return this.present(this.deps.db, records);
  }

  async get(call: CallContext, id: string): Promise<ApiRecord | null> {
    const record = await this.store.get(this.deps.db, id);
    return record && this.visible(call, record) ? (await this.present(this.deps.db, [record]))[0] : null;
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    const networkId = values.floating_network_id as string;
    const created = await this.deps.db.transaction().execute(async (trx) => {
      await checkQuota(trx, this.deps, values.project_id as string, 'floatingip', 1);
      const { entries } = await this.lookups.network(trx, call, networkId);
      if (!entries.some((entry) => entry.action === 'access_as_external')) {
        throw l3BadRequest('floatingip', `Network ${networkId} is not a valid external network`);
      }
      const subnets = await this.lookups.subnets.list(trx, { parentIds: [networkId] });
      if (!subnets.some((subnet) => subnet.ip_version === 4)) {
        throw l3BadRequest('floatingip', `Network ${networkId} does not contain any IPv4 subnet`);
      }
      const id = this.deps.newId();
      const fixedIp = {
        ...(values.subnet_id ? { subnet_id: values.subnet_id } : {}),
        ...(values.floating_ip_address ? { ip_address: values.floating_ip_address } : {}),
      };
      const port = await createPort(trx, this.deps, null, {
        project_id: '',
        network_id: networkId,
        admin_state_up: true,
        device_id: id,
        device_owner: FLOATING_IP_OWNER,
        name: '',
        ...(Object.keys(fixedIp).length > 0 ? { fixed_ips: [fixedIp] } : {}),
      });
      const address = fixedIpsOf(port).find((ip) => ipVersion(ip.ip_address) === 4)?.ip_address;
      if (!address) throw externalIpAddressExhausted(networkId);
      const {
        subnet_id: _subnet,
        port_id: portId,
        fixed_ip_address: fixedAddress,
        tags: _tags,
        ...rest
      } = values;
      const unassociated = {
        id,
        project_id: values.project_id,
        floating_network_id: networkId,
        port_id: null,
      };
      const target = await this.association.resolve(trx, call, unassociated as ApiRecord, {
        port_id: portId as string | null,
        fixed_ip_address: fixedAddress as string | null,
      });
      return this.store.insert(
        trx,
        {
          ...rest,
          id,
          floating_ip_address: address,
          floating_port_id: port.id,
          ...target,
          status: statusOf(target),
        },
        { parentId: networkId, refId: target.port_id },
      );
    });
    await notifyPortsChanged(this.deps, [created.port_id as string | null]);
    return (await this.present(this.deps.db, [created]))[0];
  }

  async update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const stored = (await this.store.get(trx, current.id))!;
      const target = await this.association.resolve(trx, call, stored, changes as AssociationRequest);
      return this.store.update(
        trx,
        stored,
        { ...changes, ...target, status: statusOf(target) },
        { refId: target.port_id },
      );
    });
    if (updated.port_id !== current.port_id) {
      await notifyPortsChanged(this.deps, [
        current.port_id as string | null,
        updated.port_id as string | null,
      ]);
    }
    return (await this.present(this.deps.db, [updated]))[0];
  }

  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const stored = await this.store.get(trx, current.id);
      if (!stored) return;
      await this.store.delete(trx, stored.id);
      // Deleting its port frees the external address.
      if (stored.floating_port_id) await deletePort(trx, this.deps, stored.floating_port_id as string);
    });
    await notifyPortsChanged(this.deps, [current.port_id as string | null]);
  }
}
