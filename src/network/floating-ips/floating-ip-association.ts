import type { ApiRecord, CallContext } from '../api/engine/definition.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { ipVersion } from '../routers/ip-prefix.js';
import {
  externalGatewayForFloatingIpNotFound,
  floatingIpPortAlreadyAssociated,
  l3BadRequest,
} from '../routers/l3-errors.js';
import { fixedIpsOf, ROUTER_INTERFACE_OWNERS, type L3Lookups } from '../routers/l3-lookups.js';

/** Where a floating IP points: an internal port's fixed IP, through a router. All null: nowhere. */
export interface FloatingIpTarget {
  port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
}

export const UNASSOCIATED: FloatingIpTarget = { port_id: null, fixed_ip_address: null, router_id: null };

/** What a create or update asks of the association. */
export interface AssociationRequest {
  port_id?: string | null;
  fixed_ip_address?: string | null;
}

/**
 * l3_db's floating IP association: the internal port (the floating IP's project's, unless an
 * admin asks), one of its IPv4 addresses, and the router that joins that address's subnet to the
 * floating IP's external network; an address takes one floating IP per external network.
 */
export class FloatingIpAssociation {
  private readonly routers: RecordStore;
  private readonly floatingIps: RecordStore;

  constructor(
    deps: NetworkDeps,
    private readonly lookups: L3Lookups,
  ) {
    this.routers = new RecordStore('routers', deps.now);
    this.floatingIps = new RecordStore('floatingips', deps.now);
  }

  /**
   * The target after a request: `port_id` absent keeps the current one, null clears it, an id
   * associates (again checked for an address already taken unless the port is unchanged).
   */
  async resolve(
    db: NetworkDb,
    call: CallContext,
    floatingIp: ApiRecord,
    request: AssociationRequest,
  ): Promise<FloatingIpTarget> {
    if (request.fixed_ip_address && !request.port_id) {
      throw l3BadRequest('floatingip', 'fixed_ip_address cannot be specified without a port_id');
    }
    if (!('port_id' in request)) {
      return {
        port_id: (floatingIp.port_id as string | null) ?? null,
        fixed_ip_address: (floatingIp.fixed_ip_address as string | null) ?? null,
        router_id: (floatingIp.router_id as string | null) ?? null,
      };
    }
    if (!request.port_id) return UNASSOCIATED;
    const target = await this.targetOf(
      db,
      call,
      floatingIp,
      request.port_id,
      request.fixed_ip_address ?? null,
    );
    if (target.port_id === floatingIp.port_id) return target;
    const taken = (await this.floatingIps.list(db, { refIds: [request.port_id] })).some(
      (other) =>
        other.floating_network_id === floatingIp.floating_network_id &&
        other.fixed_ip_address === target.fixed_ip_address,
    );
    if (taken) {
      throw floatingIpPortAlreadyAssociated({
        floatingIpAddress: (floatingIp.floating_ip_address as string | null) ?? null,
        floatingIpId: floatingIp.id,
        portId: request.port_id,
        fixedIp: target.fixed_ip_address!,
        networkId: floatingIp.floating_network_id as string,
      });
    }
    return target;
  }

  /** l3_db's _internal_fip_assoc_data and get_router_for_floatingip. */
  private async targetOf(
    db: NetworkDb,
    call: CallContext,
    floatingIp: ApiRecord,
    portId: string,
    fixedIpAddress: string | null,
  ): Promise<FloatingIpTarget> {
    const port = await this.lookups.port(db, call, portId);
    if (port.project_id !== floatingIp.project_id && !call.isAdmin) {
      throw l3BadRequest(
        'floatingip',
        `Cannot process floating IP association with Port ${portId}, since that port is owned by a different project`,
      );
    }
    // Upstream leaves this message's placeholder unformatted; so does its API.
    if (port.device_owner === 'network:dhcp') {
      throw l3BadRequest('floatingip', 'Port %(id)s is unable to be assigned a floating IP');
    }
    let internal: { subnet_id: string; ip_address: string };
    if (fixedIpAddress) {
      if (ipVersion(fixedIpAddress) !== 4) {
        throw l3BadRequest(
          'floatingip',
          `Cannot process floating IP association with ${fixedIpAddress}, since that is not an IPv4 address`,
        );
      }
      const found = fixedIpsOf(port).find((ip) => ip.ip_address === fixedIpAddress);
      if (!found) {
        throw l3BadRequest('floatingip', `Port ${port.id} does not have fixed ip ${fixedIpAddress}`);
      }
      internal = found;
    } else {
      const ipv4 = fixedIpsOf(port).filter((ip) => ipVersion(ip.ip_address) === 4);
      if (ipv4.length === 0) {
        throw l3BadRequest(
          'floatingip',
          `Cannot add floating IP to port ${port.id} that has no fixed IPv4 addresses`,
        );
      }
      if (ipv4.length > 1) {
        throw l3BadRequest(
          'floatingip',
          `Port ${port.id} has multiple fixed IPv4 addresses.  Must provide a specific IPv4 address when assigning a floating IP`,
        );
      }
      internal = ipv4[0];
    }
    const routerId = await this.routerFor(
      db,
      port,
      internal.subnet_id,
      floatingIp.floating_network_id as string,
    );
    return { port_id: port.id, fixed_ip_address: internal.ip_address, router_id: routerId };
  }

  /**
   * A router with an interface on the internal subnet and its gateway on the external network;
   * the one whose interface is the subnet's gateway first (get_router_for_floatingip).
   */
  private async routerFor(
    db: NetworkDb,
    port: ApiRecord,
    subnetId: string,
    externalNetworkId: string,
  ): Promise<string> {
    const gatewayRouters = new Set(
      (await this.routers.list(db, { refIds: [externalNetworkId] }))
        .filter((router) => router.gw_port_id)
        .map((router) => router.id),
    );
    const interfaces = (await this.lookups.ports.list(db, { parentIds: [port.network_id as string] })).filter(
      (candidate) =>
        ROUTER_INTERFACE_OWNERS.includes(candidate.device_owner as string) &&
        gatewayRouters.has(candidate.device_id as string),
    );
    const subnet = await this.lookups.subnets.get(db, subnetId);
    let first: string | null = null;
    for (const candidate of interfaces) {
      for (const ip of fixedIpsOf(candidate)) {
        if (ip.subnet_id !== subnetId) continue;
        if (ip.ip_address === subnet?.gateway_ip) return candidate.device_id as string;
        first ??= candidate.device_id as string;
      }
    }
    if (first) return first;
    throw externalGatewayForFloatingIpNotFound(subnetId, externalNetworkId, port.id);
  }
}
