import type { Kysely } from 'kysely';
import { BadRequest, Forbidden, NotFound, Unauthorized } from '../../common/http/errors.js';
import { effectiveRoles } from '../assignments/index.js';
import type { NamedRef, TrustRef } from '../auth/validated-token.js';
import type { IdentitySchema } from '../db/schema.js';
import type { TokenScope } from '../tokens/types.js';
import { getTrust, getTrustChain } from './redelegation.js';
import { isExpired, trustNotFound } from './trust-store.js';

type Db = Kysely<IdentitySchema>;
type TrustScope = Extract<TokenScope, { kind: 'trust' }>;

const MALFORMED =
  'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';

/**
 * The scope of `"scope": {"OS-TRUST:trust": {"id": ...}}`: the trust's project. A trust that
 * does not exist, is deleted, expired or used up answers 401 (Keystone turns its TrustNotFound
 * into Unauthorized there); a trust without a project cannot scope a token (Keystone's 404).
 * Whether the caller is the trustee is checked with the token (resolveTrustDelegation).
 */
export async function resolveTrustScope(db: Db, requested: unknown, now: Date): Promise<TrustScope> {
  const id = (requested as { id?: unknown }).id;
  if (typeof id !== 'string' || id === '')
    throw new BadRequest(`Expecting to find trust_id in trust. ${MALFORMED}`);
  let trust;
  try {
    trust = await getTrust(db, id, now);
  } catch (error) {
    if (error instanceof NotFound) throw new Unauthorized();
    throw error;
  }
  if (trust.project_id === null) throw new NotFound('Could not find project: None.');
  return { kind: 'trust', trustId: trust.id, projectId: trust.project_id };
}

/** What a trust-scoped token shows beyond its project: the trust, its trustor, its roles. */
export interface TrustDelegation {
  trust: TrustRef;
  trustor: NamedRef & { domain: NamedRef; passwordExpiresAt: string | null };
  /** The delegated roles and those they imply, all held by the trustor, by name. */
  roles: NamedRef[];
}

/**
 * Resolves a trust-scoped token (at issue and at each validation), as Keystone's token model
 * does: the trust must exist, not be deleted or expired (a token already issued stays valid
 * once the uses run out, as with Keystone's token cache), the token's user must be its trustee,
 * the trustor enabled in an enabled domain, and the trustor must still hold every delegated role
 * and every role they imply (else 403 "Trustee has no delegated roles", in Keystone's bare 403).
 * Domain-specific roles only serve to imply others and are left out of the token.
 *
 * Two queries beyond a project token's (the trust with its trustor, the delegated roles with
 * those they imply); the trustor's roles replace the user's. A redelegated trust also walks
 * its chain.
 */
export async function resolveTrustDelegation(
  db: Db,
  scope: TrustScope,
  trusteeId: string,
  now: Date,
): Promise<TrustDelegation> {
  const row = await db
    .selectFrom('trust')
    .innerJoin('user', 'user.id', 'trust.trustor_user_id')
    .innerJoin('domain', 'domain.id', 'user.domain_id')
    .select((eb) => [
      'trust.id',
      'trust.trustee_user_id',
      'trust.impersonation',
      'trust.expires_at',
      'trust.redelegated_trust_id',
      'user.id as trustorId',
      'user.name as trustorName',
      'user.enabled as trustorEnabled',
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
    .where('trust.id', '=', scope.trustId)
    .where('trust.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row || isExpired(row, now)) throw trustNotFound(scope.trustId);
  if (row.trustee_user_id !== trusteeId) throw new Forbidden();
  if (!row.domainEnabled) throw new NotFound('Trustor domain is disabled.');
  if (!row.trustorEnabled) throw new Forbidden();

  // The trustors whose roles bound the token: the trust's own and, through a redelegation
  // chain, the original one (Keystone checks both).
  const trustorIds = [row.trustorId];
  if (row.redelegated_trust_id !== null) {
    const chain = await getTrustChain(db, row.id, now);
    trustorIds.push(chain[chain.length - 1].trustor_user_id);
  }
  const delegated = await delegatedRoles(db, row.id);
  for (const trustorId of new Set(trustorIds)) {
    const held = new Set(
      (await effectiveRoles(db, trustorId, { kind: 'project', projectId: scope.projectId })).map((r) => r.id),
    );
    for (const role of delegated) {
      // A role deleted since the trust was made is no longer held by anyone.
      if (role.name === null || (role.domain_id === null && !held.has(role.id))) throw new Forbidden();
    }
  }
  return {
    trust: {
      id: row.id,
      trustorId: row.trustorId,
      trusteeId: row.trustee_user_id,
      impersonation: row.impersonation === 1,
      expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    },
    trustor: {
      id: row.trustorId,
      name: row.trustorName,
      domain: { id: row.domainId, name: row.domainName },
      passwordExpiresAt: row.passwordExpiresAt ?? null,
    },
    roles: delegated.flatMap((role) =>
      role.name !== null && role.domain_id === null ? [{ id: role.id, name: role.name }] : [],
    ),
  };
}

/** The trust's roles and every role they imply, transitively, in one recursive query. */
async function delegatedRoles(db: Db, trustId: string) {
  return db
    .withRecursive('delegated(id)', (qb) =>
      qb
        .selectFrom('trust_role')
        .select('trust_role.role_id as id')
        .where('trust_role.trust_id', '=', trustId)
        .union(
          qb
            .selectFrom('implied_role')
            .innerJoin('delegated', 'delegated.id', 'implied_role.prior_role_id')
            .select('implied_role.implied_role_id as id'),
        ),
    )
    .selectFrom('delegated')
    .leftJoin('role', 'role.id', 'delegated.id')
    .select(['delegated.id', 'role.name', 'role.domain_id'])
    .orderBy('role.name')
    .execute();
}
