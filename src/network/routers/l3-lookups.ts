import type { ApiRecord, CallContext } from '../api/engine/definition.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { networkVisible } from '../networks/network-handler.js';
import { rbacEntries, type RbacEntry } from '../rbac/rbac-access.js';
import { networkNotFound, portNotFound, subnetNotFound } from './l3-errors.js';

/** A fixed IP of a port as stored. */
export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

/** Device owners of the L3 service's ports (Neutron's constants). */
export const ROUTER_INTERFACE_OWNER = 'network:router_interface';
export const ROUTER_GATEWAY_OWNER = 'network:router_gateway';
export const FLOATING_IP_OWNER = 'network:floatingip';
/** Owners whose ports count as a router's interfaces (ROUTER_INTERFACE_OWNERS). */
export const ROUTER_INTERFACE_OWNERS = [
  ROUTER_INTERFACE_OWNER,
  'network:ha_router_replicated_interface',
  'network:router_interface_distributed',
];

export const fixedIpsOf = (port: ApiRecord): FixedIp[] => (port.fixed_ips as FixedIp[] | undefined) ?? [];

/**
 * The records the L3 service reads from the core resources, as the caller may see them (what
 * Neutron's core plugin gives the L3 plugin under the request's context): a network, subnet or
 * port the caller may not see is not found.
 */
export class L3Lookups {
  readonly networks: RecordStore;
  readonly subnets: RecordStore;
  readonly ports: RecordStore;

  constructor(deps: NetworkDeps) {
    this.networks = new RecordStore('networks', deps.now);
    this.subnets = new RecordStore('subnets', deps.now);
    this.ports = new RecordStore('ports', deps.now);
  }

  /** A network with its RBAC entries; absent or invisible: NetworkNotFound. */
  async network(
    db: NetworkDb,
    call: CallContext,
    networkId: string,
  ): Promise<{ network: ApiRecord; entries: RbacEntry[] }> {
    const network = await this.networks.get(db, networkId);
    const entries = network ? ((await rbacEntries(db, [networkId])).get(networkId) ?? []) : [];
    if (!network || !networkVisible(call, network, entries)) throw networkNotFound(networkId);
    return { network, entries };
  }

  /** A subnet, visible when its network is; absent or invisible: SubnetNotFound. */
  async subnet(db: NetworkDb, call: CallContext, subnetId: string): Promise<ApiRecord> {
    const subnet = await this.subnets.get(db, subnetId);
    if (!subnet) throw subnetNotFound(subnetId);
    if (call.isAdmin || subnet.project_id === call.context.projectId) return subnet;
    const networkId = subnet.network_id as string;
    const network = await this.networks.get(db, networkId);
    const entries = (await rbacEntries(db, [networkId])).get(networkId);
    if (!network || !networkVisible(call, network, entries)) throw subnetNotFound(subnetId);
    return subnet;
  }

  /** A port, visible to its owner, the owner of its network and admins; else PortNotFound. */
  async port(db: NetworkDb, call: CallContext, portId: string): Promise<ApiRecord> {
    const port = await this.ports.get(db, portId);
    if (!port) throw portNotFound(portId);
    if (call.isAdmin || port.project_id === call.context.projectId) return port;
    const network = await this.networks.get(db, port.network_id as string);
    if (network?.project_id !== call.context.projectId) throw portNotFound(portId);
    return port;
  }

  /** Subnets by id, in the order given (missing ones left out). */
  async subnetsById(db: NetworkDb, ids: string[]): Promise<ApiRecord[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await this.subnets.list(db, { ids: unique });
    return unique.flatMap((id) => found.filter((subnet) => subnet.id === id));
  }

  /** The ports a router owns (its interfaces and gateway): those whose device is the router. */
  async routerPorts(db: NetworkDb, routerId: string): Promise<ApiRecord[]> {
    return this.ports.list(db, { refIds: [routerId] });
  }
}
