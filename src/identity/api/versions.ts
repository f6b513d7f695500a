import type { IdentityDeps } from '../deps.js';
import type { RouteModule } from './routes.js';

/** Keystone's v3 version document; `updated` is the date of API 3.14, as upstream reports it. */
function v3Version(baseUrl: string) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${baseUrl}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

const versionSchema = { type: 'object', required: ['id', 'status', 'links'], additionalProperties: true };

/** Version discovery at `/identity` (300 Multiple Choices, as Keystone) and `/identity/v3`. */
export const versionRoutes: RouteModule = (app, deps: IdentityDeps) => {
  app.get(
    '/',
    {
      config: { public: true },
      schema: {
        response: {
          300: {
            type: 'object',
            properties: {
              versions: { type: 'object', properties: { values: { type: 'array', items: versionSchema } } },
            },
          },
        },
      },
    },
    async (_request, reply) =>
      reply
        .status(300)
        .header('location', `${deps.baseUrl}/v3/`)
        .send({ versions: { values: [v3Version(deps.baseUrl)] } }),
  );
  app.get(
    '/v3',
    {
      config: { public: true },
      schema: {
        response: { 200: { type: 'object', required: ['version'], properties: { version: versionSchema } } },
      },
    },
    async () => ({ version: v3Version(deps.baseUrl) }),
  );
};
