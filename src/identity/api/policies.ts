import {
  createPolicyBlob,
  deletePolicyBlob,
  getPolicyBlob,
  listPolicyBlobs,
  updatePolicyBlob,
  type PolicyBlobInput,
} from '../policy-blobs/policy-blobs.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  policyCreateBody,
  policyListQuery,
  policyListResponse,
  policyParams,
  policyResponse,
  policyUpdateBody,
} from './schemas/policies.js';
import { policyView } from './views/policies.js';

type Params = { policy_id: string };

/** `/v3/policies`: policy blobs Keystone stores for other services (it never enforces them). */
export const policyRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { type?: string } }>(
    '/v3/policies',
    { schema: { querystring: policyListQuery, response: { 200: policyListResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_policies', {}, request.context);
      const policies = await listPolicyBlobs(deps.db, { type: request.query.type });
      return {
        policies: policies.map((policy) => policyView(deps.baseUrl, policy)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/v3/policies/:policy_id',
    { schema: { params: policyParams, response: { 200: policyResponse } } },
    async (request) => {
      deps.policy.enforce('identity:get_policy', { ...request.params }, request.context);
      return { policy: policyView(deps.baseUrl, await getPolicyBlob(deps.db, request.params.policy_id)) };
    },
  );

  app.post<{ Body: { policy: PolicyBlobInput & { type: string; blob: string } } }>(
    '/v3/policies',
    { schema: { body: policyCreateBody, response: { 201: policyResponse } } },
    async (request, reply) => {
      deps.policy.enforce('identity:create_policy', {}, request.context);
      const policy = await createPolicyBlob(deps.db, request.body.policy);
      return reply.status(201).send({ policy: policyView(deps.baseUrl, policy) });
    },
  );

  app.patch<{ Params: Params; Body: { policy: PolicyBlobInput } }>(
    '/v3/policies/:policy_id',
    { schema: { params: policyParams, body: policyUpdateBody, response: { 200: policyResponse } } },
    async (request) => {
      deps.policy.enforce('identity:update_policy', { ...request.params }, request.context);
      const policy = await updatePolicyBlob(deps.db, request.params.policy_id, request.body.policy);
      return { policy: policyView(deps.baseUrl, policy) };
    },
  );

  app.delete<{ Params: Params }>(
    '/v3/policies/:policy_id',
    { schema: { params: policyParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      deps.policy.enforce('identity:delete_policy', { ...request.params }, request.context);
      await deletePolicyBlob(deps.db, request.params.policy_id);
      return reply.status(204).send();
    },
  );
};
