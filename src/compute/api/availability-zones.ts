import type { FastifyInstance } from 'fastify';
import { AggregatesRepo } from '../aggregates/aggregates-repo.js';
import { hostZones, zoneOfService, zonesByState } from '../aggregates/availability-zones.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { ServiceRegistry } from '../services/service-registry.js';
import { zoneDetailResponse, zoneListQuery, zoneListResponse } from './schemas/availability-zones.js';
import { zoneDetail, zoneList, type ServiceState } from './views/availability-zones.js';

const POLICY = (action: string) => `os_compute_api:os-availability-zone:${action}`;

/**
 * `/os-availability-zone`: the zones services are in (any caller) and, in detail (admin), each
 * zone's hosts with their enabled services. Zones come from services, so an aggregate's zone
 * shows once a compute host is in it.
 */
export function availabilityZoneRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const registry = new ServiceRegistry(deps.db);
  const aggregates = new AggregatesRepo(deps.db);
  const snapshot = async () => {
    const services = await registry.list();
    const zones = hostZones(await aggregates.list());
    return { services, zones, byState: zonesByState(services, zones) };
  };

  app.get(
    '/os-availability-zone',
    { schema: { querystring: zoneListQuery, response: { 200: zoneListResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY('list'), {}, request.context);
      return zoneList((await snapshot()).byState);
    },
  );

  app.get(
    '/os-availability-zone/detail',
    { schema: { querystring: zoneListQuery, response: { 200: zoneDetailResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY('detail'), {}, request.context);
      const { services, zones, byState } = await snapshot();
      const now = deps.now();
      // Disabled services are left out of the hosts, as Nova lists only enabled ones.
      const hostsByZone = new Map<string, Map<string, ServiceState[]>>();
      for (const service of services.filter((row) => row.disabled !== 1)) {
        const zone = zoneOfService(service, zones);
        const hosts = hostsByZone.get(zone) ?? new Map<string, ServiceState[]>();
        const states = hosts.get(service.host) ?? [];
        states.push({
          binary: service.binary,
          active: true,
          available: registry.isUp(service, now),
          updated_at: service.updated_at,
        });
        hosts.set(service.host, states);
        hostsByZone.set(zone, hosts);
      }
      return zoneDetail(byState, hostsByZone);
    },
  );
}
