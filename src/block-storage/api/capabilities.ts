import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BusTimeout, RpcClient } from '../../common/bus/index.js';
import { ApiError, NotFound } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { CAPABILITIES_POLICY } from '../policies/capabilities.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import { VOLUME_BINARY, VOLUME_TOPIC } from '../rpc/topics.js';
import { capabilitiesParams, capabilitiesResponse } from './capabilities-schemas.js';
import { servicesMatching } from './services.js';
import { backendCapabilitiesView } from './views/pools.js';

/** How long the backend has to answer; a service that is down never does. */
const CAPABILITIES_TIMEOUT_MS = 10_000;

/**
 * `GET /capabilities/{host}` (admins): what the volume service of `host` (`host@backend`, or a
 * host with one backend) says of its backend, asked of the service itself, as Cinder does.
 */
export function capabilitiesRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const volumes = new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC);
  app.get(
    '/capabilities/:host',
    { schema: { params: capabilitiesParams, response: { 200: capabilitiesResponse } } },
    async (request: FastifyRequest<{ Params: { host: string } }>) => {
      authorize(
        deps.policy,
        CAPABILITIES_POLICY.show,
        { project_id: request.context.projectId },
        request.context,
      );
      const { host } = request.params;
      const [service] = await servicesMatching(deps.db, host, VOLUME_BINARY);
      if (!service) throw new NotFound(`Can't find service: ${host}`);
      try {
        const report = await volumes
          .at(service.host)
          .call('get_capacity', {}, { timeoutMs: CAPABILITIES_TIMEOUT_MS });
        return backendCapabilitiesView(report);
      } catch (error) {
        if (!(error instanceof BusTimeout)) throw error;
        throw new ApiError(502, `Timeout while requesting capabilities from backend ${service.host}.`);
      }
    },
  );
}
