import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { loadServerForCaller } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import { ipsParams, ipsResponse, networkIpsParams, networkIpsResponse } from './schemas/servers-ips.js';
import { addressesOf } from './views/servers.js';

const POLICY = (action: string) => `os_compute_api:ips:${action}`;

/** `/servers/{id}/ips`: a server's addresses by network, from its network info. */
export function serverIpsRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const load = async (request: FastifyRequest<{ Params: { id: string } }>, action: string) => {
    const row = await loadServerForCaller(deps, request, request.params.id);
    authorize(deps.policy, POLICY(action), { project_id: row.project_id }, request.context);
    return row;
  };

  app.get(
    '/servers/:id/ips',
    { schema: { params: ipsParams, response: { 200: ipsResponse } } },
    async (request: FastifyRequest<{ Params: { id: string } }>) => ({
      addresses: addressesOf(await load(request, 'index'), false),
    }),
  );

  app.get(
    '/servers/:id/ips/:network',
    { schema: { params: networkIpsParams, response: { 200: networkIpsResponse } } },
    async (request: FastifyRequest<{ Params: { id: string; network: string } }>) => {
      const addresses = addressesOf(await load(request, 'show'), false);
      const { network } = request.params;
      if (!(network in addresses)) throw new NotFound('Instance is not a member of specified network');
      return { [network]: addresses[network] };
    },
  );
}
