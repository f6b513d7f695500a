import type { RequestContext } from '../../common/auth/context.js';
import { BadRequest, Forbidden } from '../../common/http/errors.js';
import {
  applicationCredentialNotFound,
  createApplicationCredential,
  deleteApplicationCredential,
  findApplicationCredential,
  listApplicationCredentials,
  type NewApplicationCredential,
} from '../application-credentials/application-credentials.js';
import { actsOnSomeonesBehalf } from '../credentials/delegation.js';
import type { IdentityDeps } from '../deps.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  applicationCredentialCreateBody,
  applicationCredentialListQuery,
  applicationCredentialListResponse,
  applicationCredentialParams,
  applicationCredentialResponse,
  applicationCredentialUserParams,
} from './schemas/application-credentials.js';
import { applicationCredentialView } from './views/application-credentials.js';

type UserParams = { user_id: string };
type CredentialParams = { user_id: string; application_credential_id: string };

const forbiddenAction = (action: string) =>
  new Forbidden(`You are not authorized to perform the requested action: ${action}.`);

/**
 * Keystone's guards on managing application credentials: a token from a trust, OAuth or EC2
 * delegation may not; one from an application credential may read, but only an unrestricted
 * one may create or delete (else a leaked credential could mint itself successors). The same
 * guard, reading only, covers access rules.
 */
export async function assertMayManage(
  deps: IdentityDeps,
  context: RequestContext,
  writing: boolean,
): Promise<void> {
  const viaApplicationCredential = context.methods.includes('application_credential');
  if (!viaApplicationCredential && actsOnSomeonesBehalf(context)) {
    throw new Forbidden('Cannot manage application credentials with a token issued via delegation.');
  }
  if (writing && viaApplicationCredential) {
    const own = context.applicationCredentialId
      ? await findApplicationCredential(deps.db, { id: context.applicationCredentialId })
      : undefined;
    if (!own?.unrestricted) {
      throw forbiddenAction(
        "Using method 'application_credential' is not allowed for managing additional application credentials",
      );
    }
  }
}

/** `/v3/users/{user_id}/application_credentials`. */
export const applicationCredentialRoutes: RouteModule = (app, deps) => {
  const base = '/v3/users/:user_id/application_credentials';

  /** Policy sees the stored credential's owner, not the path's user (else any id in the path would pass). */
  const enforceOn = async (action: string, params: CredentialParams, context: RequestContext) => {
    const found = await findApplicationCredential(deps.db, { id: params.application_credential_id });
    const owner = found?.user_id ?? params.user_id;
    deps.policy.enforce(action, { ...params, user_id: owner, target: { user_id: owner } }, context);
    await assertMayManage(deps, context, action === 'identity:delete_application_credential');
    if (!found) throw applicationCredentialNotFound(params.application_credential_id);
    return found;
  };

  app.get<{ Params: UserParams; Querystring: { name?: string } }>(
    base,
    {
      schema: {
        params: applicationCredentialUserParams,
        querystring: applicationCredentialListQuery,
        response: { 200: applicationCredentialListResponse },
      },
    },
    async (request) => {
      deps.policy.enforce('identity:list_application_credentials', { ...request.params }, request.context);
      await assertMayManage(deps, request.context, false);
      const credentials = await listApplicationCredentials(deps.db, request.params.user_id, request.query);
      return {
        application_credentials: credentials.map((credential) =>
          applicationCredentialView(deps.baseUrl, credential),
        ),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.post<{ Params: UserParams; Body: { application_credential: NewApplicationCredential } }>(
    base,
    {
      schema: {
        params: applicationCredentialUserParams,
        body: applicationCredentialCreateBody,
        response: { 201: applicationCredentialResponse },
      },
    },
    async (request, reply) => {
      const context = request.context;
      deps.policy.enforce('identity:create_application_credential', { ...request.params }, context);
      await assertMayManage(deps, context, true);
      if (context.userId !== request.params.user_id) {
        throw forbiddenAction('Cannot create an application credential for another user');
      }
      // Its tokens are scoped to the creator's project; without one it could never be used.
      if (context.projectId === null) {
        throw new BadRequest(
          'Invalid application credential: a project-scoped token is required to create an application credential',
        );
      }
      const { credential, secret } = await createApplicationCredential(
        deps.db,
        { userId: context.userId, projectId: context.projectId, tokenRoleIds: context.roleIds },
        request.body.application_credential,
        { now: deps.now(), hashCost: deps.config.identity.password_hash_cost },
      );
      return reply
        .status(201)
        .send({ application_credential: applicationCredentialView(deps.baseUrl, credential, secret) });
    },
  );

  app.get<{ Params: CredentialParams }>(
    `${base}/:application_credential_id`,
    { schema: { params: applicationCredentialParams, response: { 200: applicationCredentialResponse } } },
    async (request) => {
      const credential = await enforceOn(
        'identity:get_application_credential',
        request.params,
        request.context,
      );
      return { application_credential: applicationCredentialView(deps.baseUrl, credential) };
    },
  );

  app.delete<{ Params: CredentialParams }>(
    `${base}/:application_credential_id`,
    { schema: { params: applicationCredentialParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const credential = await enforceOn(
        'identity:delete_application_credential',
        request.params,
        request.context,
      );
      // Tokens made with it stop validating: validation looks the credential up.
      await deleteApplicationCredential(deps.db, credential.id);
      return reply.status(204).send();
    },
  );
};
