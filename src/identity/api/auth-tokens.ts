import type { FastifyRequest } from 'fastify';
import { NotFound } from '../../common/http/errors.js';
import { resolveScope } from '../auth/scope.js';
import { identify } from '../auth/identify.js';
import { authRequestSchema, type AuthRequest } from '../auth/auth-request.js';
import { tokenView } from '../auth/token-view.js';
import type { ValidatedToken } from '../auth/validated-token.js';
import { buildCatalog } from '../catalog/build-catalog.js';
import type { IdentityDeps } from '../deps.js';
import { newAuditId } from '../tokens/index.js';
import type { TokenPayload } from '../tokens/types.js';
import { consumeTrustUse } from '../trusts/trust-store.js';
import { securityCompliancePolicy } from '../security-compliance.js';
import type { RouteModule } from './routes.js';
import { tokenResponse } from './schemas/token-response.js';

const tokenQuery = {
  type: 'object',
  properties: { nocatalog: { type: 'string' }, allow_expired: { type: 'string' } },
} as const;

const truthy = (value: string | undefined) =>
  value !== undefined && !['0', 'false', 'no', 'off'].includes(value.toLowerCase());

/** The lowest `OpenStack-Identity-Access-Rules` version that enforces access rules. */
const ACCESS_RULES_MIN_VERSION = 1.0;
const understandsAccessRules = (headers: FastifyRequest['headers']) => {
  const version = Number(headers['openstack-identity-access-rules']);
  return Number.isFinite(version) && version >= ACCESS_RULES_MIN_VERSION;
};

/** `POST`, `GET`, `HEAD` and `DELETE /v3/auth/tokens`: issue, validate, check and revoke. */
export const authTokenRoutes: RouteModule = (app, deps: IdentityDeps) => {
  const ttlMs = deps.config.identity.token_expiration * 1000;
  const passwordPolicy = securityCompliancePolicy({
    db: deps.db,
    config: deps.config.identity.security_compliance,
    now: deps.now,
  });

  async function body(token: ValidatedToken, nocatalog: boolean) {
    // Keystone gives unscoped tokens no catalog.
    const scoped = token.project || token.domain || token.system;
    const catalog =
      nocatalog || !scoped ? null : await buildCatalog(deps.db, { projectId: token.project?.id ?? null });
    return { token: tokenView(token, catalog) };
  }

  /** The token named by X-Subject-Token, after the caller is allowed to look at it. */
  async function subject(
    request: FastifyRequest<{ Querystring: { allow_expired?: string } }>,
    action: string,
  ) {
    const header = request.headers['x-subject-token'];
    if (typeof header !== 'string' || header === '') throw new NotFound('Could not find token: .');
    const token = await deps.tokens.inspect(header, { allowExpired: truthy(request.query.allow_expired) });
    // A token limited by access rules is only shown to a validator that enforces them, as Keystone
    // answers a keystonemiddleware too old to send `OpenStack-Identity-Access-Rules`.
    if (token.applicationCredential?.accessRules && !understandsAccessRules(request.headers)) {
      throw new NotFound('Failed to validate token');
    }
    // The token's own user: a trust-scoped token's trustee even when it shows the trustor.
    deps.policy.enforce(action, { target: { token: { user_id: token.payload.userId } } }, request.context);
    return token;
  }

  app.post<{ Body: AuthRequest; Querystring: { nocatalog?: string } }>(
    '/v3/auth/tokens',
    {
      config: { public: true },
      schema: { body: authRequestSchema, querystring: tokenQuery, response: { 201: tokenResponse } },
    },
    async (request, reply) => {
      const identified = await identify(
        { db: deps.db, tokens: deps.tokens, now: deps.now, passwordPolicy },
        request.body.auth.identity,
      );
      const now = deps.now();
      const scope = await resolveScope(deps.db, request.body.auth.scope, identified, now);
      let expiresAt = identified.parent?.expiresAt ?? new Date(now.getTime() + ttlMs);
      const credentialExpiry = identified.applicationCredential?.expiresAt;
      if (credentialExpiry && credentialExpiry < expiresAt) expiresAt = credentialExpiry;
      const payload: TokenPayload = {
        userId: identified.userId,
        methods: identified.methods,
        scope,
        applicationCredentialId: identified.applicationCredential?.id ?? null,
        issuedAt: now,
        expiresAt,
        auditIds: identified.parent ? [newAuditId(), identified.parent.auditIds.at(-1)!] : [newAuditId()],
      };
      const token = await deps.tokens.issue(payload);
      // As Keystone: a use of the trust is taken only once its token is issued.
      if (scope.kind === 'trust') await consumeTrustUse(deps.db, scope.trustId);
      return reply
        .status(201)
        .header('x-subject-token', token.token)
        .send(await body(token, request.query.nocatalog !== undefined));
    },
  );

  app.get<{ Querystring: { nocatalog?: string; allow_expired?: string } }>(
    '/v3/auth/tokens',
    // HEAD has its own route below: Keystone checks it under another policy rule.
    { exposeHeadRoute: false, schema: { querystring: tokenQuery, response: { 200: tokenResponse } } },
    async (request, reply) => {
      const token = await subject(request, 'identity:validate_token');
      return reply
        .header('x-subject-token', token.token)
        .send(await body(token, request.query.nocatalog !== undefined));
    },
  );

  app.head<{ Querystring: { allow_expired?: string } }>(
    '/v3/auth/tokens',
    { schema: { querystring: tokenQuery } },
    async (request, reply) => {
      const token = await subject(request, 'identity:check_token');
      return reply.header('x-subject-token', token.token).status(200).send();
    },
  );

  app.delete(
    '/v3/auth/tokens',
    { schema: { response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const token = await subject(
        request as FastifyRequest<{ Querystring: { allow_expired?: string } }>,
        'identity:revoke_token',
      );
      await deps.revocations.revoke({ auditId: token.payload.auditIds[0] });
      deps.tokens.invalidate();
      return reply.status(204).send();
    },
  );
};
