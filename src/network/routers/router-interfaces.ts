import type { ApiRecord, CallContext } from '../api/engine/definition.js';
import { validUuid } from '../api/engine/validators.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { createPort, deletePort, updatePort } from '../ports/port-service.js';
import { rbacEntries } from '../rbac/rbac-access.js';
import type { ExtraRoute } from './extra-routes.js';
import { cidrHolds, ipInRange, ipVersion } from './ip-prefix.js';
import {
  l3BadRequest,
  portInUse,
  routerInterfaceInUseByFloatingIp,
  routerInterfaceInUseByRoute,
  routerInterfaceNotFound,
  routerInterfaceNotFoundForSubnet,
  subnetMismatchForPort,
} from './l3-errors.js';
import { fixedIpsOf, ROUTER_INTERFACE_OWNER, type L3Lookups } from './l3-lookups.js';
import { checkNewRouterSubnets } from './router-subnets.js';

/** What add/remove_router_interface answer: the router, the port and its network and subnets. */
export interface RouterInterfaceInfo {
  id: string;
  tenant_id: string;
  project_id: string;
  port_id: string;
  network_id: string;
  subnet_id: string;
  subnet_ids: string[];
}

function interfaceInfo(routerId: string, port: ApiRecord, subnets: ApiRecord[], last: boolean) {
  return {
    id: routerId,
    tenant_id: port.project_id as string,
    project_id: port.project_id as string,
    port_id: port.id,
    network_id: port.network_id as string,
    subnet_id: (last ? subnets.at(-1) : subnets[0])!.id,
    subnet_ids: subnets.map((subnet) => subnet.id),
  };
}

/** l3_db's _validate_interface_info: a subnet or a port (both only on removal), as UUIDs. */
function readInterfaceRequest(body: unknown, forRemoval: boolean): { portId?: string; subnetId?: string } {
  const info =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const byPort = 'port_id' in info;
  const bySubnet = 'subnet_id' in info;
  if (!byPort && !bySubnet) throw l3BadRequest('router', 'Either subnet_id or port_id must be specified');
  for (const key of ['port_id', 'subnet_id']) {
    const reason = key in info ? validUuid(info[key]) : null;
    if (reason) throw l3BadRequest('router', reason);
  }
  if (!forRemoval && byPort && bySubnet)
    throw l3BadRequest('router', 'Cannot specify both subnet-id and port-id');
  return {
    ...(byPort ? { portId: info.port_id as string } : {}),
    ...(bySubnet ? { subnetId: info.subnet_id as string } : {}),
  };
}

/** A subnet whose IPv6 router advertisements come from an outside router cannot join one. */
function checkSubnetAddressMode(subnet: ApiRecord): void {
  if (subnet.ip_version === 6 && !subnet.ipv6_ra_mode && subnet.ipv6_address_mode) {
    throw l3BadRequest(
      'router',
      `IPv6 subnet ${subnet.id} configured to receive RAs from an external router cannot be added to Neutron Router.`,
    );
  }
}

const hasIpv6 = (port: ApiRecord) => fixedIpsOf(port).some((ip) => ipVersion(ip.ip_address) === 6);

/**
 * A router's interfaces as l3_db attaches them: by subnet (a new port at the subnet's gateway
 * address, or a new prefix on the router's IPv6 port of that network) or by an unused port of
 * the caller's; detached by port or subnet unless floating IPs or routes still need them.
 */
export class RouterInterfaces {
  private readonly routers: RecordStore;
  private readonly floatingIps: RecordStore;

  constructor(
    private readonly deps: NetworkDeps,
    private readonly lookups: L3Lookups,
  ) {
    this.routers = new RecordStore('routers', deps.now);
    this.floatingIps = new RecordStore('floatingips', deps.now);
  }

  async add(
    trx: NetworkDb,
    call: CallContext,
    router: ApiRecord,
    body: unknown,
  ): Promise<RouterInterfaceInfo> {
    const { portId, subnetId } = readInterfaceRequest(body, false);
    const routerPorts = await this.lookups.routerPorts(trx, router.id);
    const { port, subnets } = portId
      ? await this.addByPort(trx, call, router, routerPorts, portId)
      : await this.addBySubnet(trx, call, router, routerPorts, subnetId!);
    await this.routers.bump(trx, router.id);
    return interfaceInfo(router.id, port, subnets, true);
  }

  private async addByPort(
    trx: NetworkDb,
    call: CallContext,
    router: ApiRecord,
    routerPorts: ApiRecord[],
    portId: string,
  ): Promise<{ port: ApiRecord; subnets: ApiRecord[] }> {
    const found = await this.lookups.port(trx, call, portId);
    if (found.device_id) throw portInUse(found.network_id as string, found.id, found.device_id as string);
    if (fixedIpsOf(found).length === 0)
      throw l3BadRequest('router', 'Router port must have at least one fixed IP');
    const subnets = await this.lookups.subnetsById(
      trx,
      fixedIpsOf(found).map((ip) => ip.subnet_id),
    );
    subnets.forEach(checkSubnetAddressMode);
    const port = await updatePort(trx, this.deps, found, {
      device_id: router.id,
      device_owner: ROUTER_INTERFACE_OWNER,
    });
    if (hasIpv6(port)) {
      const sibling = routerPorts.find((other) => other.network_id === port.network_id && hasIpv6(other));
      if (sibling) {
        throw l3BadRequest(
          'router',
          `Router already contains IPv6 port ${sibling.id} belonging to network id ${sibling.network_id as string}. Only one IPv6 port from the same network subnet can be connected to a router.`,
        );
      }
    }
    await checkNewRouterSubnets(trx, this.lookups, routerPorts, subnets);
    if (subnets.filter((subnet) => subnet.ip_version === 4).length > 1) {
      throw l3BadRequest('router', 'Cannot have multiple IPv4 subnets on router port');
    }
    if (!call.isAdmin) {
      for (const ip of fixedIpsOf(port)) {
        const subnet = subnets.find((candidate) => candidate.id === ip.subnet_id);
        const pools = (subnet?.allocation_pools as { start: string; end: string }[] | undefined) ?? [];
        const inPool = pools.some((pool) => ipInRange(ip.ip_address, pool.start, pool.end));
        if (subnet && !inPool && subnet.project_id !== call.context.projectId) {
          throw l3BadRequest(
            'router',
            `Cannot add interface to router because specified port ${port.id} has an IP address out of the allocation pool of subnet ${subnet.id}, which is not owned by the project making the request`,
          );
        }
      }
    }
    return { port, subnets };
  }

  private async addBySubnet(
    trx: NetworkDb,
    call: CallContext,
    router: ApiRecord,
    routerPorts: ApiRecord[],
    subnetId: string,
  ): Promise<{ port: ApiRecord; subnets: ApiRecord[] }> {
    const subnet = await this.lookups.subnet(trx, call, subnetId);
    const gatewayIp = subnet.gateway_ip as string | null;
    if (!gatewayIp) throw l3BadRequest('router', 'Subnet for router interface must have a gateway IP');
    if (subnet.project_id !== call.context.projectId && !call.isAdmin) {
      // Shared with this project by an RBAC entry: allowed; shared with everyone: not (LP-1757482).
      const networkId = subnet.network_id as string;
      const entries = (await rbacEntries(trx, [networkId])).get(networkId) ?? [];
      const grant = entries.some(
        (entry) => entry.action === 'access_as_shared' && entry.target_tenant === call.context.projectId,
      );
      if (!grant) {
        throw l3BadRequest(
          'router',
          `Cannot add interface to router because subnet ${subnetId} is not owned by project making the request`,
        );
      }
    }
    checkSubnetAddressMode(subnet);
    await checkNewRouterSubnets(trx, this.lookups, routerPorts, [subnet]);
    const fixedIp = { ip_address: gatewayIp, subnet_id: subnet.id };
    if (subnet.ip_version === 6) {
      // A further IPv6 prefix on a network goes onto the router's IPv6 port there.
      const existing = routerPorts.find(
        (port) =>
          port.device_owner === ROUTER_INTERFACE_OWNER &&
          port.network_id === subnet.network_id &&
          hasIpv6(port),
      );
      if (existing) {
        const port = await updatePort(trx, this.deps, existing, {
          fixed_ips: [...fixedIpsOf(existing), fixedIp],
        });
        return { port, subnets: [subnet] };
      }
    }
    const port = await createPort(trx, this.deps, null, {
      project_id: router.project_id,
      network_id: subnet.network_id,
      fixed_ips: [fixedIp],
      admin_state_up: true,
      device_id: router.id,
      device_owner: ROUTER_INTERFACE_OWNER,
      name: '',
    });
    return { port, subnets: [subnet] };
  }

  async remove(
    trx: NetworkDb,
    call: CallContext,
    router: ApiRecord,
    body: unknown,
  ): Promise<RouterInterfaceInfo> {
    const { portId, subnetId } = readInterfaceRequest(body, true);
    const interfaces = (await this.lookups.routerPorts(trx, router.id)).filter(
      (port) => port.device_owner === ROUTER_INTERFACE_OWNER,
    );
    let result: { port: ApiRecord; subnets: ApiRecord[] };
    if (portId) {
      const port = interfaces.find((candidate) => candidate.id === portId);
      if (!port) throw routerInterfaceNotFound(router.id, portId);
      const subnetIds = fixedIpsOf(port).map((ip) => ip.subnet_id);
      if (subnetId && !subnetIds.includes(subnetId)) throw subnetMismatchForPort(portId, subnetId);
      const subnets = await this.lookups.subnetsById(trx, subnetIds);
      for (const subnet of subnets) await this.checkNotInUse(trx, router, subnet);
      await deletePort(trx, this.deps, port.id);
      result = { port, subnets };
    } else {
      const subnet = await this.lookups.subnet(trx, call, subnetId!);
      const onNetwork = interfaces.filter((port) => port.network_id === subnet.network_id);
      if (onNetwork.length > 0) await this.checkNotInUse(trx, router, subnet);
      const port = onNetwork.find((candidate) =>
        fixedIpsOf(candidate).some((ip) => ip.subnet_id === subnet.id),
      );
      if (!port) throw routerInterfaceNotFoundForSubnet(router.id, subnet.id);
      const remaining = fixedIpsOf(port).filter((ip) => ip.subnet_id !== subnet.id);
      // A port with several prefixes loses this one; a port with only this one goes.
      if (remaining.length > 0) await updatePort(trx, this.deps, port, { fixed_ips: remaining });
      else await deletePort(trx, this.deps, port.id);
      result = { port, subnets: [subnet] };
    }
    await this.routers.bump(trx, router.id);
    return interfaceInfo(router.id, result.port, result.subnets, false);
  }

  /** l3_db's and extraroute_db's checks before a subnet leaves a router: no floating IP or route needs it. */
  private async checkNotInUse(trx: NetworkDb, router: ApiRecord, subnet: ApiRecord): Promise<void> {
    const cidr = subnet.cidr as string;
    const portsOnSubnet = (await this.lookups.ports.list(trx, { parentIds: [subnet.network_id as string] }))
      .filter((port) => fixedIpsOf(port).some((ip) => ip.subnet_id === subnet.id))
      .map((port) => port.id);
    const floatingIps = await this.floatingIps.list(trx, { refIds: portsOnSubnet });
    const needed = floatingIps.some((floatingIp) => {
      const fixedIp = floatingIp.fixed_ip_address as string | null;
      return floatingIp.router_id === router.id && fixedIp !== null && cidrHolds(cidr, fixedIp);
    });
    if (needed) throw routerInterfaceInUseByFloatingIp(router.id, subnet.id);
    const routes = (router.routes as ExtraRoute[] | undefined) ?? [];
    if (routes.some((route) => cidrHolds(cidr, route.nexthop))) {
      throw routerInterfaceInUseByRoute(router.id, subnet.id);
    }
  }
}
