import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { HOST_POLICY } from '../policies/hosts.js';
import { VOLUME_BINARY } from '../rpc/topics.js';
import { backendUsage, type HostUsage } from '../services/host-usage.js';
import { hostListResponse, hostParams, hostShowResponse } from './hosts-schemas.js';
import { servicesMatching } from './services.js';
import { projectParams } from './volume-schemas.js';
import { cinderTime } from './views/volumes.js';

function usageView(host: string, usage: HostUsage) {
  return {
    resource: {
      host,
      project: usage.project,
      volume_count: String(usage.volumeCount),
      total_volume_gb: String(usage.totalVolumeGb),
      snapshot_count: String(usage.snapshotCount),
      total_snapshot_gb: String(usage.totalSnapshotGb),
    },
  };
}

/**
 * `/os-hosts` (admins; deprecated in Cinder, kept by its clients): the enabled services by host,
 * `available` while their heartbeat is recent, filtered by `zone`; `GET /os-hosts/{host}` what
 * the volume service of `host` holds, in all and by project.
 */
export function hostRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.get(
    '/os-hosts',
    { schema: { params: projectParams, response: { 200: hostListResponse } } },
    async (request) => {
      authorize(deps.policy, HOST_POLICY.manage, { project_id: request.context.projectId }, request.context);
      const zone = (request.query as { zone?: unknown }).zone;
      const now = deps.now().getTime();
      const services = (await servicesMatching(deps.db)).filter(
        (service) => service.disabled === 0 && (!zone || service.availability_zone === String(zone)),
      );
      return {
        hosts: services.map((service) => ({
          host_name: service.host,
          service: service.binary,
          zone: service.availability_zone,
          'service-status':
            Math.abs(now - new Date(service.heartbeat_at).getTime()) <= deps.settings.service_down_time * 1000
              ? 'available'
              : 'unavailable',
          'service-state': 'enabled',
          'last-update': cinderTime(service.heartbeat_at),
        })),
      };
    },
  );

  app.get(
    '/os-hosts/:host',
    { schema: { params: hostParams, response: { 200: hostShowResponse } } },
    async (request: FastifyRequest<{ Params: { host: string } }>) => {
      authorize(deps.policy, HOST_POLICY.manage, { project_id: request.context.projectId }, request.context);
      const { host } = request.params;
      const service = (await servicesMatching(deps.db, host, VOLUME_BINARY)).find((s) => s.disabled === 0);
      if (!service) throw new NotFound(`Service ${VOLUME_BINARY} could not be found on host ${host}.`);
      const byProject = await backendUsage(deps.db, service.host);
      const total: HostUsage = {
        project: '(total)',
        volumeCount: 0,
        totalVolumeGb: 0,
        snapshotCount: 0,
        totalSnapshotGb: 0,
      };
      for (const usage of byProject) {
        total.volumeCount += usage.volumeCount;
        total.totalVolumeGb += usage.totalVolumeGb;
        total.snapshotCount += usage.snapshotCount;
        total.totalSnapshotGb += usage.totalSnapshotGb;
      }
      return { host: [total, ...byProject].map((usage) => usageView(host, usage)) };
    },
  );
}
