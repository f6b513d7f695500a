import type { FastifyInstance } from 'fastify';
import type { NetworkDeps } from '../deps.js';

const VERSION_SCHEMA = { type: 'object', additionalProperties: true } as const;

/** `GET /` lists the one API version, as Neutron's root does (no token needed). */
export function versionRoutes(app: FastifyInstance, deps: NetworkDeps): void {
  const version = {
    id: 'v2.0',
    status: 'CURRENT',
    links: [{ href: `${deps.apiUrl}/`, rel: 'self' }],
  };
  app.get('/', { config: { public: true }, schema: { response: { 200: VERSION_SCHEMA } } }, async () => ({
    versions: [version],
  }));
}
