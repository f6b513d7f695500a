import type { RequestContext } from '../../common/auth/context.js';
import { Unauthorized } from '../../common/http/errors.js';
import { deleteCredential, ec2CredentialId, getCredential } from '../credentials/credentials.js';
import { requirePrimaryAuth } from '../credentials/delegation.js';
import {
  createEc2Credential,
  listEc2Credentials,
  requireProject,
  requireUser,
  toEc2Credential,
} from '../credentials/ec2.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  ec2CreateBody,
  ec2CredentialParams,
  ec2ListResponse,
  ec2Response,
  ec2UserParams,
} from './schemas/ec2-credentials.js';
import { credentialAttributes } from './views/credentials.js';
import { ec2CredentialView } from './views/ec2-credentials.js';

type UserParams = { user_id: string };
type CredentialParams = { user_id: string; credential_id: string };

/**
 * OS-EC2: `/v3/users/{user_id}/credentials/OS-EC2[/{access}]`, EC2 key pairs for S3 and EC2
 * request signing. They are `ec2` credentials of `/v3/credentials`, addressed by access key.
 */
export const ec2CredentialRoutes: RouteModule = (app, deps) => {
  const base = '/v3/users/:user_id/credentials/OS-EC2';

  /** The credential under this access key; policy sees it as `target.credential`. */
  const enforceOn = async (action: string, params: CredentialParams, context: RequestContext) => {
    const credential = await getCredential(deps.db, ec2CredentialId(params.credential_id));
    deps.policy.enforce(
      action,
      { ...params, target: { credential: credentialAttributes(credential) } },
      context,
    );
    await requireUser(deps.db, params.user_id);
    if (credential.type !== 'ec2') throw new Unauthorized('EC2 access key not found.');
    requirePrimaryAuth(context);
    return credential;
  };

  app.get<{ Params: UserParams }>(
    base,
    { schema: { params: ec2UserParams, response: { 200: ec2ListResponse } } },
    async (request) => {
      const { user_id: userId } = request.params;
      const target = { user_id: userId, target: { credential: { user_id: userId } } };
      deps.policy.enforce('identity:ec2_list_credentials', target, request.context);
      requirePrimaryAuth(request.context);
      await requireUser(deps.db, userId);
      const credentials = await listEc2Credentials(deps.db, userId);
      return {
        credentials: credentials.map((credential) => ec2CredentialView(deps.baseUrl, credential)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.post<{ Params: UserParams; Body: { tenant_id: string } }>(
    base,
    { schema: { params: ec2UserParams, body: ec2CreateBody, response: { 201: ec2Response } } },
    async (request, reply) => {
      const { user_id: userId } = request.params;
      const target = { user_id: userId, target: { credential: { user_id: userId } } };
      deps.policy.enforce('identity:ec2_create_credential', target, request.context);
      await requireUser(deps.db, userId);
      await requireProject(deps.db, request.body.tenant_id);
      requirePrimaryAuth(request.context);
      const credential = await createEc2Credential(deps.db, { userId, projectId: request.body.tenant_id });
      return reply.status(201).send({ credential: ec2CredentialView(deps.baseUrl, credential) });
    },
  );

  app.get<{ Params: CredentialParams }>(
    `${base}/:credential_id`,
    { schema: { params: ec2CredentialParams, response: { 200: ec2Response } } },
    async (request) => {
      const credential = await enforceOn('identity:ec2_get_credential', request.params, request.context);
      return { credential: ec2CredentialView(deps.baseUrl, toEc2Credential(credential)) };
    },
  );

  app.delete<{ Params: CredentialParams }>(
    `${base}/:credential_id`,
    { schema: { params: ec2CredentialParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const credential = await enforceOn('identity:ec2_delete_credential', request.params, request.context);
      await deleteCredential(deps.db, credential.id);
      return reply.status(204).send();
    },
  );
};
