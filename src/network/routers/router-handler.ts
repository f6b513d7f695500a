import { DEFAULT_AVAILABILITY_ZONE } from '../agents/agent-state.js';
import { validateAvailabilityZones } from '../agents/availability-zones.js';
import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { policyNotAuthorized } from '../errors.js';
import { checkQuota } from '../quotas/quota-check.js';
import { checkRouteNexthops, DEFAULT_ROUTE_QUOTA, type ExtraRoute } from './extra-routes.js';
import { l3BadRequest, routeQuotaExceeded, routerInUse } from './l3-errors.js';
import { L3Lookups, ROUTER_GATEWAY_OWNER, ROUTER_INTERFACE_OWNERS } from './l3-lookups.js';
import { gatewayInfoOf, RouterGateway, type GatewayRequest } from './router-gateway.js';
import { RouterInterfaces } from './router-interfaces.js';
import { routerReach } from './router-subnets.js';

/** Stored beside a router's attributes for the service and the agent, never shown. */
const INTERNAL_ATTRIBUTES = ['gw_port_id', 'enable_snat'];

/**
 * Routers as Neutron's L3 plugin keeps them (l3_db with ext-gw-mode, extraroute, router
 * availability zones): owned by a project and seen only by it and admins; the gateway a port on
 * an external network; interfaces are ports whose device is the router. DVR and HA are not
 * offered: `distributed` and `ha` are false.
 */
export class RouterHandler implements ResourceHandler {
  readonly store: RecordStore;
  readonly lookups: L3Lookups;
  readonly gateway: RouterGateway;
  readonly interfaces: RouterInterfaces;

  constructor(private readonly deps: NetworkDeps) {
    this.store = new RecordStore('routers', deps.now);
    this.lookups = new L3Lookups(deps);
    this.gateway = new RouterGateway(deps, this.lookups);
    this.interfaces = new RouterInterfaces(deps, this.lookups);
  }

  /** Routers as the API shows them: the gateway's addresses from its port, internal keys dropped. */
  async present(db: NetworkDb, records: ApiRecord[]): Promise<ApiRecord[]> {
    const portIds = records.map((record) => record.gw_port_id).filter((id): id is string => Boolean(id));
    const gatewayPorts = portIds.length ? await this.lookups.ports.list(db, { ids: portIds }) : [];
    return records.map((record) => {
      const port = gatewayPorts.find((candidate) => candidate.id === record.gw_port_id);
      const shown: ApiRecord = {
        ...record,
        external_gateway_info: port ? gatewayInfoOf(port, record.enable_snat !== false) : null,
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
    const records = await this.store.list(this.deps.db, {
      ...(ids ? { ids } : {}),
      ...(call.isAdmin ? {} : { projectIds: [call.context.projectId ?? ''] }),
    });
    return this.present(this.deps.db, records);
  }

  async get(call: CallContext, id: string): Promise<ApiRecord | null> {
    const record = await this.store.get(this.deps.db, id);
    return record && this.visible(call, record) ? (await this.present(this.deps.db, [record]))[0] : null;
  }

  /** The stored router, as the member actions and internal callers need it (in a transaction). */
  async stored(db: NetworkDb, call: CallContext, id: string): Promise<ApiRecord | null> {
    const record = await this.store.get(db, id);
    return record && this.visible(call, record) ? record : null;
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    this.checkGatewayPolicy(call, 'create_router', values, values.external_gateway_info);
    this.checkUnsupportedModes(values);
    const { external_gateway_info: gatewayRequest, tags: _tags, ...rest } = values;
    const created = await this.deps.db.transaction().execute(async (trx) => {
      const hints = (values.availability_zone_hints as string[] | undefined) ?? [];
      await validateAvailabilityZones(trx, this.deps.now, 'router', hints);
      await checkQuota(trx, this.deps, values.project_id as string, 'router', 1);
      let record = await this.store.insert(trx, {
        ...rest,
        id: this.deps.newId(),
        status: 'ACTIVE',
        routes: [],
        distributed: false,
        ha: false,
        // The L3 agent that hosts it serves the default zone (Stratus runs one per host, all in it).
        availability_zones: [DEFAULT_AVAILABILITY_ZONE],
        gw_port_id: null,
        enable_snat: true,
        external_gateway_info: null,
      });
      if (gatewayRequest) {
        const state = await this.gateway.apply(trx, call, record, gatewayRequest as GatewayRequest);
        record = await this.store.update(trx, record, state, {
          refId: state.external_gateway_info?.network_id ?? null,
        });
      }
      return record;
    });
    return (await this.present(this.deps.db, [created]))[0];
  }

  async update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    this.checkGatewayPolicy(call, 'update_router', { ...current, ...changes }, changes.external_gateway_info);
    this.checkUnsupportedModes(changes);
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      // The stored record, with what the view leaves out (its gateway port, SNAT).
      const stored = (await this.store.get(trx, current.id)) ?? current;
      const { external_gateway_info: gatewayRequest, ...rest } = changes;
      const router = { ...stored, ...rest };
      if ('routes' in changes) await this.checkRoutes(trx, router, changes.routes as ExtraRoute[]);
      if (!('external_gateway_info' in changes)) return this.store.update(trx, stored, rest);
      const state = await this.gateway.apply(trx, call, router, gatewayRequest as GatewayRequest | null);
      return this.store.update(
        trx,
        stored,
        { ...rest, ...state },
        { refId: state.external_gateway_info?.network_id ?? null },
      );
    });
    return (await this.present(this.deps.db, [updated]))[0];
  }

  /** extraroute_db's _update_extra_routes: the nexthops reachable, and no more routes than the quota. */
  async checkRoutes(db: NetworkDb, router: ApiRecord, routes: ExtraRoute[]): Promise<void> {
    const reach = await routerReach(db, this.lookups, await this.lookups.routerPorts(db, router.id));
    checkRouteNexthops(routes, reach.cidrs, reach.ips);
    const limit = this.deps.config.network.quota.router_route ?? DEFAULT_ROUTE_QUOTA;
    if (limit >= 0 && routes.length > limit) throw routeQuotaExceeded();
  }

  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const ports = await this.lookups.routerPorts(trx, current.id);
      const attached = ports.filter((port) => ROUTER_INTERFACE_OWNERS.includes(port.device_owner as string));
      if (attached.length > 0) {
        throw routerInUse(
          current.id,
          `has ports still attached: ${attached.map((port) => port.id).join(', ')}`,
        );
      }
      const gatewayPort = ports.find((port) => port.device_owner === ROUTER_GATEWAY_OWNER);
      if (gatewayPort) await this.gateway.removePort(trx, current, gatewayPort);
      await this.store.delete(trx, current.id);
    });
  }

  /**
   * Neutron's sub-attribute rules (`create_router:external_gateway_info:enable_snat`...): each
   * key given in the gateway info is checked by its own rule, so only admins choose SNAT or fixed IPs.
   */
  private checkGatewayPolicy(
    call: CallContext,
    action: string,
    target: Record<string, unknown>,
    info: unknown,
  ): void {
    if (typeof info !== 'object' || info === null) return;
    for (const key of Object.keys(info)) {
      const rule = `${action}:external_gateway_info:${key}`;
      if (this.deps.ruleNames.has(rule) && !this.deps.policy.check(rule, target, call.context)) {
        throw policyNotAuthorized(rule);
      }
    }
  }

  /** Stratus offers neither DVR nor HA routers: asking for one is refused rather than ignored. */
  private checkUnsupportedModes(values: Record<string, unknown>): void {
    for (const mode of ['distributed', 'ha'] as const) {
      if (values[mode] === true) {
        throw l3BadRequest('router', `${mode === 'ha' ? 'HA' : 'Distributed'} routers are not supported`);
      }
    }
  }
}
