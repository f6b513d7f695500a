import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { QUOTA_POLICY } from '../policies/quotas.js';
import {
  checkNameLength,
  defaultQuotaSet,
  deleteProjectQuotas,
  projectQuotaSet,
  updateProjectQuotas,
} from '../quotas/quota-sets.js';
import { validateBody } from '../volumes/request-validation.js';
import { isTrueString } from './list-params.js';
import {
  quotaSetParams,
  quotaSetResponse,
  updatedQuotaSetResponse,
  updateQuotaSetBody,
} from './quota-schemas.js';
import { anyBody, emptyResponse } from './volume-schemas.js';

type ProjectRequest = FastifyRequest<{ Params: { target: string } }>;

const BOOLEAN_WORDS = ['1', 't', 'true', 'on', 'y', 'yes', '0', 'f', 'false', 'off', 'n', 'no'];

/** `?usage=` as Cinder's `get_bool_param`: absent is false, a word that is not a boolean a 400. */
function wantsUsage(request: FastifyRequest): boolean {
  const given = (request.query as Record<string, unknown>).usage;
  if (given === undefined) return false;
  const usage = String(Array.isArray(given) ? given.at(-1) : given);
  if (!BOOLEAN_WORDS.includes(usage.trim().toLowerCase())) {
    throw new BadRequest(`Value '${usage}' for 'usage' is not a boolean.`);
  }
  return isTrueString(usage);
}

/**
 * `/os-quota-sets/{project_id}`: a project's limits (with what it uses on `?usage=true`) and
 * the defaults, for its members and admins; admins set and delete them. The project is the one
 * in this path, not the one of the URL's prefix.
 */
export function quotaSetRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.get(
    '/os-quota-sets/:target',
    { schema: { params: quotaSetParams, response: { 200: quotaSetResponse } } },
    async (request: ProjectRequest) => {
      const projectId = request.params.target;
      authorize(deps.policy, QUOTA_POLICY.show, { project_id: projectId }, request.context);
      const quotaSet = await projectQuotaSet(deps.db, deps.settings, projectId, wantsUsage(request));
      return { quota_set: { ...quotaSet, id: projectId } };
    },
  );

  app.get(
    '/os-quota-sets/:target/defaults',
    { schema: { params: quotaSetParams, response: { 200: quotaSetResponse } } },
    async (request: ProjectRequest) => {
      const projectId = request.params.target;
      authorize(deps.policy, QUOTA_POLICY.show, { project_id: projectId }, request.context);
      return { quota_set: { ...(await defaultQuotaSet(deps.db, deps.settings)), id: projectId } };
    },
  );

  // Fastify takes any body: the handler checks it, with Cinder's messages.
  app.put(
    '/os-quota-sets/:target',
    { schema: { params: quotaSetParams, body: anyBody, response: { 200: updatedQuotaSetResponse } } },
    async (request: ProjectRequest) => {
      const projectId = request.params.target;
      authorize(deps.policy, QUOTA_POLICY.update, { project_id: projectId }, request.context);
      const body = validateBody<{ quota_set: Record<string, unknown> }>(updateQuotaSetBody, request.body);
      checkNameLength(projectId, 'quota_set_name');
      await updateProjectQuotas(deps.db, projectId, body.quota_set);
      return { quota_set: await projectQuotaSet(deps.db, deps.settings, projectId, false) };
    },
  );

  app.delete(
    '/os-quota-sets/:target',
    { schema: { params: quotaSetParams, response: { 200: emptyResponse } } },
    async (request: ProjectRequest, reply) => {
      const projectId = request.params.target;
      authorize(deps.policy, QUOTA_POLICY.delete, { project_id: projectId }, request.context);
      await deleteProjectQuotas(deps.db, projectId);
      // Cinder's controller returns nothing: a 200 with an empty body.
      return reply.status(200).send();
    },
  );
}
