import { NotFound, Unauthorized } from '../../common/http/errors.js';
import { effectiveRoles } from '../assignments/effective-roles.js';
import { tokenView } from '../auth/token-view.js';
import { buildCatalog } from '../catalog/build-catalog.js';
import { findEc2Credential, type Ec2Credential } from '../credentials/ec2.js';
import { checkEc2Signature, checkS3Signature } from '../credentials/signature-checks.js';
import {
  checkTimestamp,
  signedCredentials,
  type SignedCredentials,
} from '../credentials/signed-credentials.js';
import { newAuditId } from '../tokens/index.js';
import type { TokenPayload, TokenScope } from '../tokens/types.js';
import { findUsableTrust } from '../trusts/trust-store.js';
import type { RouteModule } from './routes.js';
import { signedCredentialsBody } from './schemas/ec2-s3-tokens.js';
import { tokenResponse } from './schemas/token-response.js';

type SignatureCheck = (credentials: SignedCredentials, secret: string) => void;

/**
 * `POST /v3/s3tokens` and `POST /v3/ec2tokens` (Keystone's EC2_S3_Resource): a service that got a
 * request signed with an EC2 key pair asks identity to check the signature; identity answers with
 * a token of the key's user on the key's project (method `ec2credential`). Only services and
 * admins may ask, since the answer is a token for someone else.
 */
export const ec2S3TokenRoutes: RouteModule = (app, deps) => {
  const ttlMs = deps.config.identity.token_expiration * 1000;

  /** Who the token is for, and where: a trust-bound key acts through its trust, as its trustee. */
  async function subject(
    credential: Ec2Credential,
    now: Date,
  ): Promise<{ userId: string; scope: TokenScope }> {
    if (!credential.projectId) throw new Unauthorized('User not valid for project.');
    if (credential.trustId) {
      const trust = await findUsableTrust(deps.db, credential.trustId, now);
      if (trust.roleIds.length === 0) throw new Unauthorized('User not valid for project.');
      return {
        userId: trust.trustee_user_id,
        scope: { kind: 'trust', trustId: trust.id, projectId: credential.projectId },
      };
    }
    const scope = { kind: 'project', projectId: credential.projectId } as const;
    if ((await effectiveRoles(deps.db, credential.userId, scope)).length === 0) {
      throw new Unauthorized('User not valid for project.');
    }
    return { userId: credential.userId, scope };
  }

  async function authenticate(body: unknown, checkSignature: SignatureCheck) {
    const credentials = signedCredentials(body);
    const credential = await findEc2Credential(deps.db, credentials.access);
    // Keystone answers 404 here rather than 401, whatever it was that was not found.
    if (!credential) throw new NotFound('EC2 access key not found.');
    checkSignature(credentials, credential.secret);
    const now = deps.now();
    checkTimestamp(credentials, now);
    const payload: TokenPayload = {
      ...(await subject(credential, now)),
      methods: ['ec2credential'],
      applicationCredentialId: null,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
      auditIds: [newAuditId()],
    };
    const token = await deps.tokens.issue(payload);
    const catalog = await buildCatalog(deps.db, { projectId: token.project?.id ?? null });
    return { token: token.token, body: { token: tokenView(token, catalog) } };
  }

  const routes: [string, string, SignatureCheck][] = [
    ['/v3/s3tokens', 'identity:s3tokens_validate', checkS3Signature],
    ['/v3/ec2tokens', 'identity:ec2tokens_validate', checkEc2Signature],
  ];
  for (const [path, action, checkSignature] of routes) {
    app.post<{ Body: unknown }>(
      path,
      { schema: { body: signedCredentialsBody, response: { 200: tokenResponse } } },
      async (request, reply) => {
        deps.policy.enforce(action, {}, request.context);
        const issued = await authenticate(request.body, checkSignature);
        return reply.status(200).header('x-subject-token', issued.token).send(issued.body);
      },
    );
  }
};
