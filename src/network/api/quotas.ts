import type { FastifyInstance } from 'fastify';
import type { NetworkDeps } from '../deps.js';
import { NeutronError, policyNotAuthorized } from '../errors.js';
import { QUOTA_RESOURCES, defaultQuotas, projectQuotas } from '../quotas/quota-check.js';
import {
  allProjectQuotas,
  deleteProjectQuotas,
  detailedQuotas,
  setProjectQuotas,
} from '../quotas/quota-store.js';
import type { AttributeMap } from './engine/attributes.js';
import type { CallContext } from './engine/definition.js';
import { prepareUpdate } from './engine/request-body.js';
import { callContext } from './engine/resource-routes.js';
import { toInteger, validRange } from './engine/validators.js';

/** Neutron's DB_INTEGER_MAX_VALUE, the largest limit. */
const MAX_LIMIT = 2 ** 31 - 1;

/** Every quota resource as quotasv2 declares it for updates: an integer from -1 (unlimited). */
const QUOTA_ATTRIBUTES: AttributeMap = Object.fromEntries(
  QUOTA_RESOURCES.map((resource) => [
    resource,
    { allowPost: false, allowPut: true, convert: toInteger, validate: validRange(-1, MAX_LIMIT) },
  ]),
);

const OBJECT = { type: 'object', additionalProperties: true } as const;
const PROJECT_PARAMS = {
  type: 'object',
  properties: { project_id: { type: 'string' } },
  required: ['project_id'],
} as const;

/** Python's truth of a JSON value, as the quota controller reads `check_limit`. */
function pythonTruth(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * Neutron's quotas extension (quotasv2 and quotasv2_detail): a project reads its own quotas,
 * an admin reads, sets and resets anyone's; `/quotas` lists the projects with quotas of their own.
 */
export function quotaRoutes(app: FastifyInstance, deps: NetworkDeps): void {
  /** quotasv2's validate_policy: the rule, with the caller's own project as the target. */
  const enforce = (call: CallContext, action: string) => {
    if (!deps.policy.check(action, { project_id: call.context.projectId }, call.context)) {
      throw policyNotAuthorized(action);
    }
  };
  const ownOrPolicy = (call: CallContext, projectId: string) => {
    if (projectId !== call.context.projectId) enforce(call, 'get_quota');
  };

  app.get('/quotas', { schema: { response: { 200: OBJECT } } }, async (request) => {
    const call = callContext(request);
    enforce(call, 'get_quota');
    return { quotas: await allProjectQuotas(deps.db, deps) };
  });

  app.post('/quotas', { schema: { body: {}, response: { 501: OBJECT } } }, async () => {
    throw new NeutronError(501, 'HTTPNotImplemented', 'POST requests are not supported on this resource.');
  });

  /** The caller's own project, under both of Neutron's names for it. */
  for (const key of ['tenant', 'project'] as const) {
    app.get(`/quotas/${key}`, { schema: { response: { 200: OBJECT } } }, async (request) => {
      const projectId = callContext(request).context.projectId;
      if (!projectId) {
        throw new NeutronError(400, 'QuotaMissingTenant', 'Tenant-id was missing from quota request.');
      }
      return { [key]: { [`${key}_id`]: projectId } };
    });
  }

  app.get(
    '/quotas/:project_id',
    { schema: { params: PROJECT_PARAMS, response: { 200: OBJECT } } },
    async (request) => {
      const { project_id: projectId } = request.params as { project_id: string };
      ownOrPolicy(callContext(request), projectId);
      return { quota: await projectQuotas(deps.db, deps, projectId) };
    },
  );

  app.get(
    '/quotas/:project_id/default',
    { schema: { params: PROJECT_PARAMS, response: { 200: OBJECT } } },
    async (request) => {
      const { project_id: projectId } = request.params as { project_id: string };
      ownOrPolicy(callContext(request), projectId);
      return { quota: defaultQuotas(deps) };
    },
  );

  // Tempest's quotas client asks for `details.json` (Neutron takes a `.json` suffix on any path).
  for (const path of ['/quotas/:project_id/details', '/quotas/:project_id/details.json']) {
    app.get(path, { schema: { params: PROJECT_PARAMS, response: { 200: OBJECT } } }, async (request) => {
      const call = callContext(request);
      const { project_id: projectId } = request.params as { project_id: string };
      if (projectId !== call.context.projectId && !call.isAdmin) {
        throw new NeutronError(
          403,
          'AdminRequired',
          'User does not have admin privileges: Only admin is authorized to access quotas for another project.',
        );
      }
      return { quota: await detailedQuotas(deps.db, deps, projectId) };
    });
  }

  app.put(
    '/quotas/:project_id',
    { schema: { params: PROJECT_PARAMS, body: {}, response: { 200: OBJECT } } },
    async (request) => {
      const call = callContext(request);
      const { project_id: projectId } = request.params as { project_id: string };
      enforce(call, 'update_quota');
      const body = request.body as { quota?: Record<string, unknown> } | undefined;
      let checkLimit = false;
      if (body && typeof body.quota === 'object' && body.quota !== null && !Array.isArray(body.quota)) {
        // `force` skips a check that is only made when `check_limit` asks for it.
        const { force: _force, check_limit: check, ...limits } = body.quota;
        checkLimit = pythonTruth(check);
        body.quota = limits;
      }
      const limits = prepareUpdate(call, QUOTA_ATTRIBUTES, 'quota', body) as Record<string, number>;
      return { quota: await setProjectQuotas(deps, projectId, limits, checkLimit) };
    },
  );

  app.delete(
    '/quotas/:project_id',
    { schema: { params: PROJECT_PARAMS, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const { project_id: projectId } = request.params as { project_id: string };
      enforce(callContext(request), 'delete_quota');
      await deleteProjectQuotas(deps, projectId);
      reply.status(204);
    },
  );
}
