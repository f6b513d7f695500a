import { versionHref, versionList, type ApiVersion } from '../../common/http/version-discovery.js';
import type { RouteModule } from './routes.js';

/**
 * Glance Zed's version list with an image cache and multiple stores configured (as Stratus
 * has both): v2.16 current, then every v2 minor down to v2.0. All point at `/v2/`.
 */
export function glanceVersions(baseUrl: string): { versions: object[] } {
  const href = versionHref(baseUrl, 'v2');
  const minors = Array.from({ length: 17 }, (_, i) => 16 - i);
  const versions: ApiVersion[] = minors.map((minor) => ({
    id: `v2.${minor}`,
    status: minor === 16 ? 'CURRENT' : 'SUPPORTED',
    href,
  }));
  return versionList(versions);
}

const versionListSchema = {
  type: 'object',
  required: ['versions'],
  properties: {
    versions: {
      type: 'array',
      items: { type: 'object', required: ['id', 'status', 'links'], additionalProperties: true },
    },
  },
} as const;

/** `GET /image/` (300 Multiple Choices) and `GET /image/versions` (200), without a token. */
export const versionRoutes: RouteModule = (app, deps) => {
  app.get(
    '/',
    { config: { public: true }, schema: { response: { 300: versionListSchema } } },
    async (_request, reply) => reply.status(300).send(glanceVersions(deps.baseUrl)),
  );
  app.get(
    '/versions',
    { config: { public: true }, schema: { response: { 200: versionListSchema } } },
    async () => glanceVersions(deps.baseUrl),
  );
};
