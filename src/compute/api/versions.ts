import type { FastifyInstance } from 'fastify';
import { COMPUTE_MICROVERSIONS } from '../../common/http/microversion.js';
import {
  versionDocument,
  versionHref,
  versionList,
  type ApiVersion,
} from '../../common/http/version-discovery.js';
import { versionDocumentSchema, versionListSchema } from '../../common/http/version-schemas.js';
import type { ComputeDeps } from '../deps.js';

const DOCS = 'http://docs.openstack.org/';

/** Nova's two versions: the legacy v2.0 (served by the same code upstream) and v2.1. */
export function computeVersions(baseUrl: string): ApiVersion[] {
  return [
    {
      id: 'v2.0',
      status: 'SUPPORTED',
      href: versionHref(baseUrl, 'v2'),
      updated: '2011-01-21T11:33:21Z',
      microversions: { min: '', max: '' },
      describedBy: DOCS,
      mediaTypes: [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2' }],
    },
    {
      id: 'v2.1',
      status: 'CURRENT',
      href: versionHref(baseUrl, 'v2.1'),
      updated: '2013-07-23T11:33:21Z',
      microversions: { min: COMPUTE_MICROVERSIONS.min, max: COMPUTE_MICROVERSIONS.max },
      describedBy: DOCS,
      mediaTypes: [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
    },
  ];
}

/**
 * `GET /compute/` (the version list), `GET /compute/v2.1` (the v2.1 document) and `GET
 * /compute/v2` (the legacy v2.0 document, which the list links to): public, and outside
 * microversion negotiation, as Nova's version resources.
 */
export function versionRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const versions = computeVersions(deps.baseUrl);
  const listLayout = { describedBy: 'omit' as const, mediaTypes: false };
  app.get(
    '/',
    { config: { public: true }, schema: { response: { 200: versionListSchema(listLayout) } } },
    async () => versionList(versions, listLayout),
  );
  const documentOptions = {
    config: { public: true },
    schema: { response: { 200: versionDocumentSchema() } },
  };
  app.get('/v2', documentOptions, async () => versionDocument(versions[0]));
  app.get('/v2.1', documentOptions, async () => versionDocument(versions[1]));
}
