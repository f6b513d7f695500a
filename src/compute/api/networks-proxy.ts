import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NeutronNetwork } from '../../common/clients/network-types.js';
import { ApiError, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps, NetworkLinks } from '../deps.js';
import { callerIsAdmin } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import { callerNetwork, requireProxyVersion } from './network-proxy.js';
import {
  NETWORK_ADMIN_FIELDS,
  NETWORK_FIELDS,
  networkListResponse,
  networkParams,
  networkResponse,
  tenantNetworkListResponse,
  tenantNetworkResponse,
} from './schemas/networks-proxy.js';
import { objectBody } from './schemas/servers.js';

/** The nova-network APIs removed in Ussuri answer 410 at any microversion. */
const gone = () => {
  throw new ApiError(410, 'This resource is no longer available.  No forwarding address is given.');
};

/** `network_dict` of os-networks: the id and name (`label`); every other field null. */
function networkView(network: NeutronNetwork, isAdmin: boolean) {
  const fields = isAdmin ? [...NETWORK_FIELDS, ...NETWORK_ADMIN_FIELDS] : NETWORK_FIELDS;
  return Object.fromEntries(
    fields.map((field) => [field, field === 'id' ? network.id : field === 'label' ? network.name : null]),
  );
}

/** `network_dict` of os-tenant-networks: `cidr` is the text `None`, as Nova with Neutron shows it. */
const tenantNetworkView = (network: NeutronNetwork) => ({
  id: network.id,
  cidr: 'None',
  label: network.name,
});

/** The network the caller sees, or Nova's 404 "Network not found". */
async function visibleNetwork(links: NetworkLinks, request: FastifyRequest<{ Params: { id: string } }>) {
  const network = await callerNetwork(links, request).getNetwork(request.params.id);
  if (!network) throw new NotFound('Network not found');
  return network;
}

/**
 * Nova's read-only network proxies over Neutron, up to 2.35: os-networks (networks.py) and
 * os-tenant-networks (tenant_networks.py) list and show the networks the caller sees; the
 * nova-network operations are gone (410).
 */
export function networkProxyRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const links = deps.network;
  if (!links) return;
  const check = (request: FastifyRequest, policy: string) => {
    requireProxyVersion(request);
    authorize(deps.policy, policy, { project_id: request.context.projectId }, request.context);
  };

  app.get('/os-networks', { schema: { response: { 200: networkListResponse } } }, async (request) => {
    check(request, 'os_compute_api:os-networks:list');
    const networks = await callerNetwork(links, request).listNetworks();
    return { networks: networks.map((network) => networkView(network, callerIsAdmin(deps, request))) };
  });

  app.get<{ Params: { id: string } }>(
    '/os-networks/:id',
    { schema: { params: networkParams, response: { 200: networkResponse } } },
    async (request) => {
      check(request, 'os_compute_api:os-networks:show');
      return { network: networkView(await visibleNetwork(links, request), callerIsAdmin(deps, request)) };
    },
  );

  // Only the error body (Nova's fault for a 410) is ever sent.
  const goneResponse = { 410: { type: 'object' } };
  app.post('/os-networks', { schema: { body: objectBody, response: goneResponse } }, gone);
  app.post('/os-networks/add', { schema: { body: objectBody, response: goneResponse } }, gone);
  app.post(
    '/os-networks/:id/action',
    { schema: { params: networkParams, body: objectBody, response: goneResponse } },
    gone,
  );
  app.delete('/os-networks/:id', { schema: { params: networkParams, response: goneResponse } }, gone);

  app.get(
    '/os-tenant-networks',
    { schema: { response: { 200: tenantNetworkListResponse } } },
    async (request) => {
      check(request, 'os_compute_api:os-tenant-networks:list');
      const networks = await callerNetwork(links, request).listNetworks();
      return { networks: networks.map((network) => tenantNetworkView(network)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/os-tenant-networks/:id',
    { schema: { params: networkParams, response: { 200: tenantNetworkResponse } } },
    async (request) => {
      check(request, 'os_compute_api:os-tenant-networks:show');
      return { network: tenantNetworkView(await visibleNetwork(links, request)) };
    },
  );

  app.post('/os-tenant-networks', { schema: { body: objectBody, response: goneResponse } }, gone);
  app.delete('/os-tenant-networks/:id', { schema: { params: networkParams, response: goneResponse } }, gone);
}
