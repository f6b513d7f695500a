import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeDeps } from '../deps.js';
import {
  allocateFloatingIp,
  floatingIpByAddress,
  floatingIpsOfProject,
  getFloatingIp,
  instanceOfFloatingIp,
  releaseFloatingIp,
} from '../networking/floating-ip-api.js';
import { refreshInstanceNetworkInfo } from '../networking/neutron-network-service.js';
import { authorize } from '../policies.js';
import { callerNetwork, requireProxyVersion } from './network-proxy.js';
import {
  createFloatingIpSchema,
  floatingIpListResponse,
  floatingIpParams,
  floatingIpResponse,
  poolListResponse,
} from './schemas/floating-ips.js';
import { validateBody } from './schemas/servers-validation.js';
import { floatingIpView, poolView } from './views/floating-ips.js';

const POLICY = (action: string) => `os_compute_api:os-floating-ips:${action}`;

/**
 * Nova's floating IP proxies over Neutron (floating_ips.py, floating_ip_pools.py), up to 2.35:
 * the project's floating IPs, allocated from a pool (an external network, by name or id) and
 * released; the pools are the external networks.
 */
export function floatingIpRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const links = deps.network;
  if (!links) return;
  const client = (request: FastifyRequest) => callerNetwork(links, request);
  const check = (request: FastifyRequest, action: string) => {
    requireProxyVersion(request);
    authorize(deps.policy, POLICY(action), { project_id: request.context.projectId }, request.context);
  };

  app.get('/os-floating-ips', { schema: { response: { 200: floatingIpListResponse } } }, async (request) => {
    check(request, 'list');
    const fips = await floatingIpsOfProject(client(request), request.context.projectId ?? '');
    return { floating_ips: fips.map((fip) => floatingIpView(fip)) };
  });

  app.get<{ Params: { id: string } }>(
    '/os-floating-ips/:id',
    { schema: { params: floatingIpParams, response: { 200: floatingIpResponse } } },
    async (request) => {
      check(request, 'show');
      return { floating_ip: floatingIpView(await getFloatingIp(client(request), request.params.id)) };
    },
  );

  app.post(
    '/os-floating-ips',
    { schema: { body: {}, response: { 200: floatingIpResponse } } },
    async (request) => {
      check(request, 'create');
      const body = validateBody<{ pool?: string | null } | null | undefined>(
        createFloatingIpSchema,
        request.body ?? null,
      );
      return { floating_ip: floatingIpView(await allocateFloatingIp(client(request), body?.pool ?? null)) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/os-floating-ips/:id',
    { schema: { params: floatingIpParams, response: { 202: { type: 'null' } } } },
    async (request, reply) => {
      check(request, 'delete');
      const { floatingIp } = await getFloatingIp(client(request), request.params.id);
      const current = await floatingIpByAddress(client(request), floatingIp.floating_ip_address);
      const instanceUuid = await instanceOfFloatingIp(client(request), current);
      await releaseFloatingIp(client(request), current);
      if (instanceUuid) await refreshInstanceNetworkInfo(deps, links.admin, instanceUuid);
      return reply.status(202).send();
    },
  );

  app.get('/os-floating-ip-pools', { schema: { response: { 200: poolListResponse } } }, async (request) => {
    requireProxyVersion(request);
    authorize(deps.policy, 'os_compute_api:os-floating-ip-pools', {}, request.context);
    const pools = await client(request).listNetworks({ 'router:external': true });
    return { floating_ip_pools: pools.map((pool) => poolView(pool)) };
  });
}
