import { PLACEMENT_MICROVERSIONS } from '../../common/http/microversion.js';
import { cacheHeaders } from './http.js';
import type { RouteModule } from './routes.js';

const versionsResponse = {
  type: 'object',
  properties: {
    versions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          min_version: { type: 'string' },
          max_version: { type: 'string' },
          status: { type: 'string' },
          links: { type: 'array' },
        },
        required: ['id', 'min_version', 'max_version', 'status', 'links'],
        additionalProperties: true,
      },
    },
  },
  required: ['versions'],
  additionalProperties: true,
} as const;

/**
 * `/placement/`: the one version placement has, with the microversions it speaks. Public, and
 * its self link is the relative "" (upstream avoids knowing its own public URL).
 */
export const rootRoutes: RouteModule = (app) => {
  app.get(
    '/',
    { config: { public: true }, schema: { response: { 200: versionsResponse } } },
    async (request, reply) => {
      cacheHeaders(request, reply, undefined);
      const { min, max } = PLACEMENT_MICROVERSIONS;
      return {
        versions: [
          {
            id: `v${min}`,
            max_version: max,
            min_version: min,
            status: 'CURRENT',
            links: [{ rel: 'self', href: '' }],
          },
        ],
      };
    },
  );
};
