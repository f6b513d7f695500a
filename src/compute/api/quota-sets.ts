import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { boolFromString } from '../python-values.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import { quotaSetResources, type QuotaResource } from '../quotas/resources.js';
import { refuseUnknownQuery } from './schemas/parameter-types.js';
import {
  quotaSetDetailResponse,
  quotaSetParams,
  quotaSetQuery,
  quotaSetResponse,
  updateQuotaSetBody,
} from './schemas/quota-sets.js';
import { formatQuotaSet } from './views/quota-sets.js';

type Request = FastifyRequest<{ Params: { project_id: string } }>;
type UpdateBody = { quota_set: Record<string, number | string | boolean> };

const POLICY = (action: string) => `os_compute_api:os-quota-sets:${action}`;

/** `?user_id` (the first given, as Nova parses it); unknown parameters are refused from 2.75. */
function userIdOf(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, string[] | undefined>;
  if (request.microversion.atLeast('2.75')) refuseUnknownQuery(query, ['user_id']);
  return query.user_id?.[0];
}

/** The body fields the request's microversion dropped are refused as its schema would. */
function checkFields(request: FastifyRequest, body: UpdateBody['quota_set']): void {
  const allowed = [...quotaSetResources(request.microversion), 'force'];
  if (request.microversion.below('2.36')) allowed.push('networks');
  refuseUnknownQuery(body, allowed);
  if ('networks' in body) throw new BadRequest('The networks quota has been removed');
}

/** `_validate_quota_limit`, -1 being infinite on either side. */
function validateLimit(resource: string, limit: number, minimum: number, maximum: number): void {
  const inf = (value: number) => (value === -1 ? Infinity : value);
  if (inf(limit) < inf(minimum)) {
    throw new BadRequest(
      `Quota limit ${limit} for ${resource} must be greater than or equal to already used and reserved ${minimum}.`,
    );
  }
  if (inf(limit) > inf(maximum)) {
    throw new BadRequest(`Quota limit ${limit} for ${resource} must be less than or equal to ${maximum}.`);
  }
}

/** `/os-quota-sets/{project_id}`: a project's (or a user's) limits, defaults, usage; admins set them. */
export function quotaSetRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const quotas = computeQuotas(deps);
  const routeSchema = { params: quotaSetParams, querystring: quotaSetQuery };

  app.get(
    '/os-quota-sets/:project_id',
    { schema: { ...routeSchema, response: { 200: quotaSetResponse } } },
    async (request: Request) => {
      const projectId = request.params.project_id;
      authorize(deps.policy, POLICY('show'), { project_id: projectId }, request.context);
      const userId = userIdOf(request);
      const values =
        userId === undefined
          ? await quotas.projectQuotas(projectId)
          : await quotas.userQuotas(projectId, userId);
      return { quota_set: formatQuotaSet(projectId, values, quotaSetResources(request.microversion)) };
    },
  );

  app.get(
    '/os-quota-sets/:project_id/defaults',
    { schema: { params: quotaSetParams, response: { 200: quotaSetResponse } } },
    async (request: Request) => {
      const projectId = request.params.project_id;
      authorize(deps.policy, POLICY('defaults'), { project_id: projectId }, request.context);
      const values = await quotas.defaultQuotas();
      return { quota_set: formatQuotaSet(projectId, values, quotaSetResources(request.microversion)) };
    },
  );

  app.get(
    '/os-quota-sets/:project_id/detail',
    { schema: { ...routeSchema, response: { 200: quotaSetDetailResponse } } },
    async (request: Request) => {
      const projectId = request.params.project_id;
      authorize(deps.policy, POLICY('detail'), { project_id: projectId }, request.context);
      const details = await quotas.details(projectId, userIdOf(request));
      return { quota_set: formatQuotaSet(projectId, details, quotaSetResources(request.microversion)) };
    },
  );

  app.put<{ Params: { project_id: string }; Body: UpdateBody }>(
    '/os-quota-sets/:project_id',
    { schema: { ...routeSchema, body: updateQuotaSetBody, response: { 200: quotaSetResponse } } },
    async (request) => {
      const projectId = request.params.project_id;
      authorize(deps.policy, POLICY('update'), { project_id: projectId }, request.context);
      const userId = userIdOf(request);
      const body = request.body.quota_set;
      checkFields(request, body);
      const force = boolFromString(body.force ?? 'False') ?? false;
      const settable = await quotas.settable(projectId, userId);
      const updates: [QuotaResource, number][] = [];
      for (const [key, value] of Object.entries(body)) {
        if (key === 'force') continue;
        const limit = Number(value);
        const resource = key as QuotaResource;
        if (!force) validateLimit(key, limit, settable[resource].minimum, settable[resource].maximum);
        updates.push([resource, limit]);
      }
      for (const [resource, limit] of updates) {
        await quotas.store.setLimit(projectId, userId ?? null, resource, limit);
      }
      const values =
        userId === undefined
          ? await quotas.projectQuotas(projectId)
          : await quotas.userQuotas(projectId, userId);
      return { quota_set: formatQuotaSet(undefined, values, quotaSetResources(request.microversion)) };
    },
  );

  app.delete(
    '/os-quota-sets/:project_id',
    { schema: { ...routeSchema, response: { 202: { type: 'null' } } } },
    async (request: Request, reply) => {
      const projectId = request.params.project_id;
      authorize(deps.policy, POLICY('delete'), { project_id: projectId }, request.context);
      await quotas.store.deleteAll(projectId, userIdOf(request));
      return reply.status(202).send();
    },
  );
}
