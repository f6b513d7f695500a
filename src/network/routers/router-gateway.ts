import type { ApiRecord, CallContext } from '../api/engine/definition.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { createPort, deletePort, updatePort } from '../ports/port-service.js';
import { checkRouteNexthops, type ExtraRoute } from './extra-routes.js';
import { l3BadRequest, routerExternalGatewayInUseByFloatingIp } from './l3-errors.js';
import { fixedIpsOf, ROUTER_GATEWAY_OWNER, type FixedIp, type L3Lookups } from './l3-lookups.js';
import { checkNewRouterSubnets, routerReach } from './router-subnets.js';

/** `external_gateway_info` as a request gives it (ext-gw-mode's enable_snat included). */
export interface GatewayRequest {
  network_id?: string;
  enable_snat?: boolean;
  external_fixed_ips?: Partial<FixedIp>[];
}

/** `external_gateway_info` as a router shows it. */
export interface GatewayInfo {
  network_id: string;
  enable_snat: boolean;
  external_fixed_ips: FixedIp[];
}

/** What a router keeps of its gateway: the port and the info shown (the agent reads both). */
export type GatewayState = {
  gw_port_id: string | null;
  external_gateway_info: GatewayInfo | null;
  enable_snat: boolean;
};

/** Neutron's `enable_snat_by_default`. */
const ENABLE_SNAT_BY_DEFAULT = true;

/** The shown gateway info of a gateway port. */
export function gatewayInfoOf(port: ApiRecord, enableSnat: boolean): GatewayInfo {
  return {
    network_id: port.network_id as string,
    enable_snat: enableSnat,
    external_fixed_ips: fixedIpsOf(port).map(({ subnet_id, ip_address }) => ({ subnet_id, ip_address })),
  };
}

/**
 * A router's external gateway, as l3_db and l3_gwmode_db manage it: a port on an external
 * network (device_owner `network:router_gateway`, no project, as upstream hides it), replaced
 * when the network changes, re-addressed when only the fixed IPs change, removed when the info
 * is cleared unless floating IPs still go through it.
 */
export class RouterGateway {
  private readonly floatingIps: RecordStore;

  constructor(
    private readonly deps: NetworkDeps,
    private readonly lookups: L3Lookups,
  ) {
    this.floatingIps = new RecordStore('floatingips', deps.now);
  }

  /** Applies a requested gateway (null or `{}`: none) to a router; returns what the router keeps. */
  async apply(
    trx: NetworkDb,
    call: CallContext,
    router: ApiRecord,
    request: GatewayRequest | null,
  ): Promise<GatewayState> {
    const enableSnat = request && 'enable_snat' in request ? request.enable_snat! : ENABLE_SNAT_BY_DEFAULT;
    const requestedIps = request?.external_fixed_ips ?? [];
    const ports = await this.lookups.routerPorts(trx, router.id);
    let gatewayPort = ports.find((port) => port.id === router.gw_port_id) ?? null;
    const networkId = await this.validate(trx, call, router, request, ports);

    if (gatewayPort && networkId === gatewayPort.network_id) {
      if (ipsChanged(gatewayPort, requestedIps)) {
        gatewayPort = await updatePort(trx, this.deps, gatewayPort, { fixed_ips: requestedIps });
      }
    } else {
      if (gatewayPort) {
        await this.removePort(trx, router, gatewayPort);
        gatewayPort = null;
      }
      if (networkId) {
        const others = ports.filter((port) => port.device_owner !== ROUTER_GATEWAY_OWNER);
        const subnets = await this.lookups.subnets.list(trx, { parentIds: [networkId] });
        await checkNewRouterSubnets(trx, this.lookups, others, subnets);
        gatewayPort = await createPort(trx, this.deps, null, {
          project_id: '',
          network_id: networkId,
          ...(requestedIps.length > 0 ? { fixed_ips: requestedIps } : {}),
          device_id: router.id,
          device_owner: ROUTER_GATEWAY_OWNER,
          admin_state_up: true,
          name: '',
        });
      }
    }
    return {
      gw_port_id: gatewayPort?.id ?? null,
      external_gateway_info: gatewayPort ? gatewayInfoOf(gatewayPort, enableSnat) : null,
      enable_snat: enableSnat,
    };
  }

  /** Removes the gateway port (router delete, gateway cleared or moved), refused while floating IPs use it. */
  async removePort(trx: NetworkDb, router: ApiRecord, gatewayPort: ApiRecord): Promise<void> {
    const networkId = gatewayPort.network_id as string;
    const floatingIps = await this.floatingIps.list(trx, { parentIds: [networkId] });
    if (floatingIps.some((floatingIp) => floatingIp.router_id === router.id)) {
      throw routerExternalGatewayInUseByFloatingIp(router.id, networkId);
    }
    await deletePort(trx, this.deps, gatewayPort.id);
  }

  /**
   * l3_db's _validate_gw_info: the network must be external (and visible); a fixed IP may not
   * be a subnet's gateway; the router's routes must stay reachable through the new gateway.
   */
  private async validate(
    trx: NetworkDb,
    call: CallContext,
    router: ApiRecord,
    request: GatewayRequest | null,
    ports: ApiRecord[],
  ): Promise<string | null> {
    const networkId = request?.network_id ?? null;
    let gatewayCidrs: string[] = [];
    if (networkId) {
      const { entries } = await this.lookups.network(trx, call, networkId);
      if (!entries.some((entry) => entry.action === 'access_as_external')) {
        throw l3BadRequest('router', `Network ${networkId} is not an external network`);
      }
      const subnets = await this.lookups.subnets.list(trx, { parentIds: [networkId] });
      for (const fixedIp of request?.external_fixed_ips ?? []) {
        if (subnets.some((subnet) => subnet.gateway_ip && subnet.gateway_ip === fixedIp.ip_address)) {
          throw l3BadRequest('router', `External IP ${fixedIp.ip_address} is the same as the gateway IP`);
        }
      }
      gatewayCidrs = subnets.map((subnet) => subnet.cidr as string);
    }
    const routes = (router.routes as ExtraRoute[] | undefined) ?? [];
    if (routes.length > 0) {
      const attached = ports.filter((port) => port.device_owner !== ROUTER_GATEWAY_OWNER);
      const reach = await routerReach(trx, this.lookups, attached);
      checkRouteNexthops(routes, [...reach.cidrs, ...gatewayCidrs], reach.ips);
    }
    return networkId;
  }
}

/** l3_db's _check_for_external_ip_change: asked fixed IPs differ from the port's. */
function ipsChanged(port: ApiRecord, requested: Partial<FixedIp>[]): boolean {
  if (requested.length === 0) return false;
  const current = fixedIpsOf(port);
  const same = (a: Set<string | undefined>, b: Set<string | undefined>) =>
    a.size === b.size && [...a].every((item) => b.has(item));
  const subnetIds = new Set(requested.filter((ip) => ip.subnet_id).map((ip) => ip.subnet_id));
  if (!same(subnetIds, new Set(current.map((ip) => ip.subnet_id)))) return true;
  const addresses = new Set(requested.filter((ip) => ip.ip_address).map((ip) => ip.ip_address));
  return !same(addresses, new Set(current.map((ip) => ip.ip_address)));
}
