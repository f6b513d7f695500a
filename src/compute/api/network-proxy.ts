import type { FastifyRequest } from 'fastify';
import type { NetworkClient } from '../../common/clients/network-client.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import type { NetworkLinks } from '../deps.js';

/** `MAX_PROXY_API_SUPPORT_VERSION`: from 2.36 Nova's network proxy APIs are gone (404). */
export const MAX_PROXY_API_SUPPORT_VERSION = '2.35';

/** The network proxies exist in the request's microversion (a 404 otherwise, as Nova's). */
export function requireProxyVersion(request: FastifyRequest): void {
  requireMicroversion(request, '2.1', MAX_PROXY_API_SUPPORT_VERSION);
}

/** The network service as the caller (Nova's proxies act with the user's token). */
export function callerNetwork(links: NetworkLinks, request: FastifyRequest): NetworkClient {
  return links.asUser(request.context.token);
}
