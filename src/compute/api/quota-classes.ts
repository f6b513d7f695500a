import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import { quotaClassResources } from '../quotas/resources.js';
import { refuseUnknownQuery } from './schemas/parameter-types.js';
import { quotaClassParams, quotaClassResponse, updateQuotaClassBody } from './schemas/quota-sets.js';
import { formatQuotaSet } from './views/quota-sets.js';

type Request = FastifyRequest<{ Params: { id: string } }>;
type UpdateBody = { quota_class_set: Record<string, number | string> };

const POLICY = (action: string) => `os_compute_api:os-quota-class-sets:${action}`;

/** `/os-quota-class-sets/{id}` (admin): the 'default' class overrides the configured defaults. */
export function quotaClassRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const quotas = computeQuotas(deps);

  app.get(
    '/os-quota-class-sets/:id',
    { schema: { params: quotaClassParams, response: { 200: quotaClassResponse } } },
    async (request: Request) => {
      authorize(deps.policy, POLICY('show'), {}, request.context);
      const values = await quotas.classQuotas(request.params.id);
      return {
        quota_class_set: formatQuotaSet(request.params.id, values, quotaClassResources(request.microversion)),
      };
    },
  );

  app.put<{ Params: { id: string }; Body: UpdateBody }>(
    '/os-quota-class-sets/:id',
    {
      schema: { params: quotaClassParams, body: updateQuotaClassBody, response: { 200: quotaClassResponse } },
    },
    async (request) => {
      authorize(deps.policy, POLICY('update'), {}, request.context);
      const name = request.params.id;
      if (name.length < 1 || name.length > 255) {
        throw new BadRequest('quota_class_name has a length outside 1 and 255 characters.');
      }
      const visible = quotaClassResources(request.microversion);
      const body = request.body.quota_class_set;
      refuseUnknownQuery(body, visible);
      for (const [resource, value] of Object.entries(body)) {
        await quotas.store.setClassLimit(name, resource, Number(value));
      }
      return { quota_class_set: formatQuotaSet(undefined, await quotas.classQuotas(name), visible) };
    },
  );
}
