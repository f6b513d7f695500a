import type { FastifyInstance } from 'fastify';
import { availabilityZones } from '../agents/availability-zones.js';
import type { NetworkDeps } from '../deps.js';
import type { AttributeMap } from './engine/attributes.js';
import type { ApiRecord } from './engine/definition.js';
import { parseListQuery, type QueryParameters } from './engine/list-query.js';
import { matchesFilters } from './engine/list-results.js';
import { callContext } from './engine/resource-routes.js';

/** neutron-lib's availability_zone definition: three read-only, filterable attributes. */
const ZONE_ATTRIBUTES: AttributeMap = {
  name: { allowPost: false, allowPut: false },
  resource: { allowPost: false, allowPut: false },
  state: { allowPost: false, allowPut: false },
};

const ZONE_LIST_SCHEMA = {
  type: 'object',
  properties: {
    availability_zones: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, resource: { type: 'string' }, state: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  required: ['availability_zones'],
} as const;

/** `GET /availability_zones`: the zones networks and routers may be placed in, with filters and `fields`. */
export function availabilityZoneRoutes(app: FastifyInstance, deps: NetworkDeps): void {
  app.get('/availability_zones', { schema: { response: { 200: ZONE_LIST_SCHEMA } } }, async (request) => {
    const call = callContext(request);
    const query = parseListQuery(request.query as QueryParameters, ZONE_ATTRIBUTES, 0);
    // The policy target is the caller's own project, as Neutron's dummy `project_id` on each zone.
    if (!deps.policy.check('get_availability_zone', { project_id: call.context.projectId }, call.context)) {
      return { availability_zones: [] };
    }
    const zones = (await availabilityZones(deps.db, deps.now)).filter((zone) =>
      matchesFilters(zone as unknown as ApiRecord, query.filters),
    );
    return {
      availability_zones: zones.map((zone) =>
        query.fields.length === 0
          ? zone
          : Object.fromEntries(Object.entries(zone).filter(([name]) => query.fields.includes(name))),
      ),
    };
  });
}
