import type { Kysely } from 'kysely';
import type { RequestContext, TokenValidator } from '../../common/auth/context.js';
import { TokenCache } from '../../common/auth/token-cache.js';
import { NotFound, Unauthorized } from '../../common/http/errors.js';
import { accessRulesOfCredentials } from '../application-credentials/access-rules.js';
import { effectiveRoles } from '../assignments/index.js';
import type { IdentitySchema } from '../db/schema.js';
import type { Revocations } from '../tokens/revocations.js';
import type { TokenFormatter } from '../tokens/index.js';
import { resolveTrustDelegation } from '../trusts/trust-tokens.js';
import { InvalidToken, type TokenPayload } from '../tokens/types.js';
import type { NamedRef, ValidatedToken } from './validated-token.js';

/**
 * Issues and validates tokens for the identity API. As a TokenValidator it is also what other
 * services' auth middleware asks, in process, in the all-in-one cloud.
 */
export interface TokenService extends TokenValidator {
  /** Encodes a payload after checking that what it names is valid (user, scope, roles). */
  issue(payload: TokenPayload): Promise<ValidatedToken>;
  /** Resolves a token for the identity API; NotFound when it is not valid, as Keystone answers. */
  inspect(token: string, options?: { allowExpired?: boolean }): Promise<ValidatedToken>;
  /** Forgets cached validations, after a write that may change what a token resolves to. */
  invalidate(): void;
}

/** Why a token (being issued or validated) is not valid; Keystone's wording where it has one. */
export class TokenRefused extends Error {}

export interface TokenServiceDeps {
  db: Kysely<IdentitySchema>;
  formatter: TokenFormatter;
  revocations: Revocations;
  now: () => Date;
}

/** How long a validation stays cached; any identity write clears the cache sooner. */
const CACHE_TTL_MS = 300_000;

export function createTokenService(deps: TokenServiceDeps): TokenService {
  const cache = new TokenCache<ValidatedToken & { expiresAt: Date }>(CACHE_TTL_MS, 50_000, () =>
    deps.now().getTime(),
  );

  const enabledDomain = (id: string, name: string, enabled: number): NamedRef => {
    if (!enabled) throw new TokenRefused(`Domain ${id} is not enabled.`);
    return { id, name };
  };

  /** Looks up everything the payload names and checks it is all still valid. */
  async function resolve(token: string, payload: TokenPayload): Promise<ValidatedToken> {
    // One query for the user, its domain and its current password's expiry: this runs on every
    // token issue and on every validation the cache misses.
    const user = await deps.db
      .selectFrom('user')
      .innerJoin('domain', 'domain.id', 'user.domain_id')
      .select((eb) => [
        'user.id',
        'user.name',
        'user.enabled',
        'domain.id as domainId',
        'domain.name as domainName',
        'domain.enabled as domainEnabled',
        eb
          .selectFrom('password')
          .select('password.expires_at')
          .whereRef('password.user_id', '=', 'user.id')
          .orderBy('password.id', 'desc')
          .limit(1)
          .as('passwordExpiresAt'),
      ])
      .where('user.id', '=', payload.userId)
      .executeTakeFirst();
    if (!user) throw new TokenRefused(`Could not find user: ${payload.userId}.`);
    if (!user.enabled) throw new TokenRefused(`User ${user.id} is not enabled.`);
    const resolved: ValidatedToken = {
      token,
      payload,
      user: {
        id: user.id,
        name: user.name,
        domain: enabledDomain(user.domainId, user.domainName, user.domainEnabled),
        passwordExpiresAt: user.passwordExpiresAt ?? null,
      },
      project: null,
      domain: null,
      system: false,
      roles: [],
      applicationCredential: null,
      trust: null,
    };
    const { scope } = payload;
    if (scope.kind === 'project' || scope.kind === 'trust') {
      const project = await deps.db
        .selectFrom('project')
        .innerJoin('domain', 'domain.id', 'project.domain_id')
        .select([
          'project.id',
          'project.name',
          'project.enabled',
          'domain.id as domainId',
          'domain.name as domainName',
          'domain.enabled as domainEnabled',
        ])
        .where('project.id', '=', scope.projectId)
        .executeTakeFirst();
      if (!project) throw new TokenRefused(`Could not find project: ${scope.projectId}.`);
      if (!project.enabled) throw new TokenRefused(`Project ${project.id} is not enabled.`);
      resolved.project = {
        id: project.id,
        name: project.name,
        domain: enabledDomain(project.domainId, project.domainName, project.domainEnabled),
      };
    } else if (scope.kind === 'domain') {
      const domain = await deps.db
        .selectFrom('domain')
        .select(['id', 'name', 'enabled'])
        .where('id', '=', scope.domainId)
        .executeTakeFirst();
      if (!domain) throw new TokenRefused(`Could not find domain: ${scope.domainId}.`);
      resolved.domain = enabledDomain(domain.id, domain.name, domain.enabled);
    } else if (scope.kind === 'system') {
      resolved.system = true;
    }
    const userDomainId = resolved.user.domain.id;
    if (scope.kind !== 'unscoped') {
      let roles: NamedRef[];
      if (scope.kind === 'trust') {
        const delegation = await resolveTrustDelegation(deps.db, scope, user.id, deps.now());
        resolved.trust = delegation.trust;
        // Impersonation: the token shows (and services see) the trustor as its user.
        if (delegation.trust.impersonation) resolved.user = delegation.trustor;
        roles = delegation.roles;
      } else {
        roles = await effectiveRoles(deps.db, user.id, scope);
      }
      if (payload.applicationCredentialId) {
        const credential = await deps.db
          .selectFrom('application_credential')
          .select(['id', 'name', 'unrestricted', 'expires_at'])
          .where('id', '=', payload.applicationCredentialId)
          .executeTakeFirst();
        if (!credential)
          throw new TokenRefused(
            `Could not find application credential: ${payload.applicationCredentialId}.`,
          );
        if (credential.expires_at && new Date(credential.expires_at) <= deps.now()) {
          throw new TokenRefused('Application credential has expired.');
        }
        const granted = new Set(
          (
            await deps.db
              .selectFrom('application_credential_role')
              .select('role_id')
              .where('application_credential_id', '=', credential.id)
              .execute()
          ).map((row) => row.role_id),
        );
        roles = roles.filter((role) => granted.has(role.id));
        const accessRules = (await accessRulesOfCredentials(deps.db, [credential.id])).get(credential.id);
        resolved.applicationCredential = {
          id: credential.id,
          name: credential.name,
          restricted: !credential.unrestricted,
          accessRules: accessRules ?? null,
        };
      }
      if (roles.length === 0) {
        const target =
          scope.kind === 'project' || scope.kind === 'trust'
            ? `project ${scope.projectId}`
            : scope.kind === 'domain'
              ? `domain ${scope.domainId}`
              : 'the system';
        throw new TokenRefused(`User ${user.id} has no access to ${target}.`);
      }
      resolved.roles = roles.map((role) => ({ id: role.id, name: role.name }));
    }
    const domainIds = [userDomainId, resolved.project?.domain.id, resolved.domain?.id].filter(
      (id): id is string => id !== undefined,
    );
    const facts = {
      roleIds: resolved.roles.map((r) => r.id),
      domainIds,
      ...(resolved.trust ? { trustorId: resolved.trust.trustorId } : {}),
    };
    if (deps.revocations.isRevoked(payload, facts)) {
      throw new TokenRefused('Token has been revoked.');
    }
    return resolved;
  }

  async function inspect(token: string, options: { allowExpired?: boolean } = {}): Promise<ValidatedToken> {
    const cached = cache.get(token);
    if (cached) return cached;
    let payload: TokenPayload;
    try {
      payload = deps.formatter.parse(token, { allowExpired: options.allowExpired });
    } catch (error) {
      if (error instanceof InvalidToken) throw new NotFound(`Could not recognize Fernet token`);
      throw error;
    }
    let resolved: ValidatedToken;
    try {
      resolved = await resolve(token, payload);
    } catch (error) {
      if (error instanceof TokenRefused) throw new NotFound(`Failed to validate token`);
      throw error;
    }
    if (!options.allowExpired || payload.expiresAt > deps.now()) remember(resolved);
    return resolved;
  }

  function remember(resolved: ValidatedToken): void {
    // A trust-scoped token's validation is not kept past the trust's own expiry.
    const { expiresAt } = resolved.payload;
    const trustExpiry = resolved.trust?.expiresAt;
    cache.set(resolved.token, {
      ...resolved,
      expiresAt: trustExpiry && trustExpiry < expiresAt ? trustExpiry : expiresAt,
    });
  }

  return {
    async issue(payload) {
      const token = deps.formatter.issue(payload);
      try {
        // A new token is usually presented at once (the CLI validates it to read the catalog).
        const resolved = await resolve(token, payload);
        remember(resolved);
        return resolved;
      } catch (error) {
        if (error instanceof TokenRefused) throw new Unauthorized(error.message);
        throw error;
      }
    },
    inspect,
    async validate(token) {
      try {
        return toContext(await inspect(token));
      } catch (error) {
        if (error instanceof NotFound) throw new Unauthorized();
        throw error;
      }
    },
    invalidate: () => cache.clear(),
  };
}

/** What services see of a token. */
export function toContext(token: ValidatedToken): RequestContext {
  return {
    token: token.token,
    userId: token.user.id,
    userName: token.user.name,
    userDomainId: token.user.domain.id,
    userDomainName: token.user.domain.name,
    projectId: token.project?.id ?? null,
    projectName: token.project?.name ?? null,
    projectDomainId: token.project?.domain.id ?? null,
    projectDomainName: token.project?.domain.name ?? null,
    domainId: token.domain?.id ?? null,
    domainName: token.domain?.name ?? null,
    system: token.system,
    roles: token.roles.map((role) => role.name),
    roleIds: token.roles.map((role) => role.id),
    // As Keystone without an admin project configured: every project-scoped token is one.
    isAdminProject: token.project !== null,
    applicationCredentialId: token.applicationCredential?.id ?? null,
    accessRules:
      token.applicationCredential?.accessRules?.map(({ service, path, method }) => ({
        service,
        path,
        method,
      })) ?? null,
    trustId: token.trust?.id ?? null,
    methods: token.payload.methods,
    auditIds: token.payload.auditIds,
    expiresAt: token.payload.expiresAt,
    serviceRoles: [],
  };
}
