import type { RequestContext } from '../../common/auth/context.js';
import { cannotChangeId } from '../catalog/keystone-errors.js';
import {
  checkCredentialUpdate,
  createCredential,
  deleteCredential,
  findCredential,
  getCredential,
  listCredentials,
  mergeCredential,
  saveCredential,
  type Credential,
  type CredentialInput,
  type NewCredential,
} from '../credentials/credentials.js';
import { actsOnSomeonesBehalf, requirePrimaryAuth } from '../credentials/delegation.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  credentialCreateBody,
  credentialListQuery,
  credentialListResponse,
  credentialParams,
  credentialResponse,
  credentialUpdateBody,
} from './schemas/credentials.js';
import { credentialAttributes, credentialView } from './views/credentials.js';

type Params = { credential_id: string };

/**
 * `/v3/credentials`. Policy sees the stored credential as `target.credential`, so by default a
 * user manages its own credentials and an admin everyone's; a credential the caller may not
 * see is refused (403) before its existence is revealed.
 */
export const credentialRoutes: RouteModule = (app, deps) => {
  const enforceOn = async (action: string, id: string, context: RequestContext) => {
    const credential = await findCredential(deps.db, id);
    const target = credential ? { credential: credentialAttributes(credential) } : {};
    deps.policy.enforce(action, { credential_id: id, target }, context);
    return credential;
  };
  const existing = async (id: string, found: Credential | undefined) => found ?? getCredential(deps.db, id);

  app.get<{ Querystring: { user_id?: string; type?: string } }>(
    '/v3/credentials',
    { schema: { querystring: credentialListQuery, response: { 200: credentialListResponse } } },
    async (request) => {
      const context = request.context;
      const target = context.system ? {} : { target: { credential: { user_id: context.userId } } };
      deps.policy.enforce('identity:list_credentials', target, context);
      const credentials = await listCredentials(deps.db, {
        userId: request.query.user_id,
        type: request.query.type,
      });
      // Each one is checked as a GET would be, so a member sees only its own.
      const visible = actsOnSomeonesBehalf(context)
        ? []
        : credentials.filter((credential) =>
            deps.policy.check(
              'identity:get_credential',
              { target: { credential: credentialAttributes(credential) } },
              context,
            ),
          );
      return {
        credentials: visible.map((credential) => credentialView(deps.baseUrl, credential)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/v3/credentials/:credential_id',
    { schema: { params: credentialParams, response: { 200: credentialResponse } } },
    async (request) => {
      const id = request.params.credential_id;
      const credential = await existing(id, await enforceOn('identity:get_credential', id, request.context));
      requirePrimaryAuth(request.context);
      return { credential: credentialView(deps.baseUrl, credential) };
    },
  );

  app.post<{ Body: { credential: NewCredential } }>(
    '/v3/credentials',
    { schema: { body: credentialCreateBody, response: { 201: credentialResponse } } },
    async (request, reply) => {
      const input = request.body.credential;
      deps.policy.enforce('identity:create_credential', { target: { credential: input } }, request.context);
      requirePrimaryAuth(request.context);
      const credential = await createCredential(deps.db, input);
      return reply.status(201).send({ credential: credentialView(deps.baseUrl, credential) });
    },
  );

  app.patch<{ Params: Params; Body: { credential: CredentialInput } }>(
    '/v3/credentials/:credential_id',
    {
      schema: { params: credentialParams, body: credentialUpdateBody, response: { 200: credentialResponse } },
    },
    async (request) => {
      const id = request.params.credential_id;
      const current = await existing(id, await enforceOn('identity:update_credential', id, request.context));
      requirePrimaryAuth(request.context);
      const input = request.body.credential;
      checkCredentialUpdate(current, input);
      if (input.id != null && input.id !== id) throw cannotChangeId();
      // Checked again as it would be after the change: an owner cannot give it to someone else.
      const updated = mergeCredential(current, input);
      deps.policy.enforce(
        'identity:update_credential',
        { credential_id: id, target: { credential: credentialAttributes(updated) } },
        request.context,
      );
      return { credential: credentialView(deps.baseUrl, await saveCredential(deps.db, updated)) };
    },
  );

  app.delete<{ Params: Params }>(
    '/v3/credentials/:credential_id',
    { schema: { params: credentialParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const id = request.params.credential_id;
      await existing(id, await enforceOn('identity:delete_credential', id, request.context));
      requirePrimaryAuth(request.context);
      await deleteCredential(deps.db, id);
      return reply.status(204).send();
    },
  );
};
