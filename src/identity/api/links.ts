import type { FastifyRequest } from 'fastify';

/** `{"links": {"self": ...}}` of one entity, as Keystone shows it. */
export function entityLinks(baseUrl: string, path: string): { self: string } {
  return { self: `${baseUrl}/v3/${path}` };
}

/** The `links` object of a collection: self is the URL asked for; Keystone never pages. */
export function collectionLinks(baseUrl: string, request: FastifyRequest) {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  const path = request.url.replace(/^\/identity/, '').split('?')[0];
  return { self: `${baseUrl}${path}${query}`, previous: null, next: null };
}
