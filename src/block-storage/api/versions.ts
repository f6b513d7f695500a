import type { FastifyInstance } from 'fastify';
import { BLOCK_STORAGE_MICROVERSIONS } from '../../common/http/microversion.js';
import { versionHref, versionList, type ApiVersion } from '../../common/http/version-discovery.js';
import { versionListSchema } from '../../common/http/version-schemas.js';
import type { BlockStorageDeps } from '../deps.js';

/** Cinder Zed serves v3 only (v2 went in Xena). */
function blockStorageVersions(baseUrl: string): ApiVersion[] {
  return [
    {
      id: 'v3.0',
      status: 'CURRENT',
      href: versionHref(baseUrl, 'v3'),
      updated: '2022-08-31T00:00:00Z',
      microversions: { min: BLOCK_STORAGE_MICROVERSIONS.min, max: BLOCK_STORAGE_MICROVERSIONS.max },
      describedBy: 'https://docs.openstack.org/',
      mediaTypes: [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
    },
  ];
}

/**
 * `GET /volume/` answers 300 Multiple Choices with the version list, as Cinder's versions
 * router; `GET /volume/v3/` (no project) the same list with 200. Both public.
 */
export function versionRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const versions = blockStorageVersions(deps.baseUrl);
  const layout = { describedBy: 'before-self' as const, mediaTypes: true };
  const versionListResponse = versionListSchema(layout);
  app.get(
    '/',
    { config: { public: true }, schema: { response: { 300: versionListResponse } } },
    async (_request, reply) => reply.status(300).send(versionList(versions, layout)),
  );
  app.get(
    '/v3/',
    { config: { public: true }, schema: { response: { 200: versionListResponse } } },
    async () => versionList(versions, layout),
  );
}
