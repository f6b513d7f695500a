import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { QUOTA_POLICY } from '../policies/quotas.js';
import { checkNameLength, classQuotaSet, updateClassQuotas } from '../quotas/quota-sets.js';
import { validateBody } from '../volumes/request-validation.js';
import {
  quotaClassParams,
  quotaClassSetResponse,
  updatedQuotaClassSetResponse,
  updateQuotaClassSetBody,
} from './quota-schemas.js';
import { anyBody } from './volume-schemas.js';

type ClassRequest = FastifyRequest<{ Params: { className: string } }>;

/**
 * `/os-quota-class-sets/{class}` (admins): a quota class's limits; the `default` class's stand
 * in for the configured defaults of every project.
 */
export function quotaClassSetRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.get(
    '/os-quota-class-sets/:className',
    { schema: { params: quotaClassParams, response: { 200: quotaClassSetResponse } } },
    async (request: ClassRequest) => {
      authorize(
        deps.policy,
        QUOTA_POLICY.classGet,
        { project_id: request.context.projectId },
        request.context,
      );
      const className = request.params.className;
      return {
        quota_class_set: { ...(await classQuotaSet(deps.db, deps.settings, className)), id: className },
      };
    },
  );

  // Fastify takes any body: the handler checks it, with Cinder's messages.
  app.put(
    '/os-quota-class-sets/:className',
    {
      schema: { params: quotaClassParams, body: anyBody, response: { 200: updatedQuotaClassSetResponse } },
    },
    async (request: ClassRequest) => {
      authorize(
        deps.policy,
        QUOTA_POLICY.classUpdate,
        { project_id: request.context.projectId },
        request.context,
      );
      const className = request.params.className;
      const body = validateBody<{ quota_class_set?: Record<string, number | string> }>(
        updateQuotaClassSetBody,
        request.body,
      );
      checkNameLength(className, 'quota_class_name');
      await updateClassQuotas(deps.db, className, body.quota_class_set ?? {});
      return { quota_class_set: await classQuotaSet(deps.db, deps.settings, className) };
    },
  );
}
