import type { FastifyInstance } from 'fastify';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import { lastOf, refuseUnknownQuery } from './schemas/parameter-types.js';
import { limitsQuery, limitsResponse } from './schemas/limits.js';
import { limitsView } from './views/limits.js';

/** `GET /limits`: the caller's project's absolute limits and usage; an admin may name another. */
export function limitsRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const quotas = computeQuotas(deps);

  app.get(
    '/limits',
    { schema: { querystring: limitsQuery, response: { 200: limitsResponse } } },
    async (request) => {
      const query = request.query as Record<string, string[] | undefined>;
      if (request.microversion.atLeast('2.75')) refuseUnknownQuery(query, ['tenant_id']);
      authorize(deps.policy, 'os_compute_api:limits', {}, request.context);
      let projectId = request.context.projectId ?? '';
      if (query.tenant_id !== undefined) {
        projectId = lastOf(query.tenant_id) ?? projectId;
        authorize(deps.policy, 'os_compute_api:limits:other_project', {}, request.context);
      }
      return limitsView(await quotas.details(projectId), request.microversion);
    },
  );
}
