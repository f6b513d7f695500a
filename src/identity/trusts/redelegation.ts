import type { Kysely } from 'kysely';
import { Forbidden } from '../../common/http/errors.js';
import type { IdentitySchema } from '../db/schema.js';
import { findUsableTrust, type Trust } from './trust-store.js';

type Db = Kysely<IdentitySchema>;

/**
 * Keystone's `[trust] max_redelegation_count` default: how many times a trust may be passed
 * on. Stratus has no `[trust]` configuration section, so the default is the value.
 */
export const MAX_REDELEGATION_COUNT = 3;

/** What a (new or stored) trust offers to the redelegation checks. */
export interface RedelegationCandidate {
  remaining_uses: number | null;
  expires_at: string | null;
  impersonation: number;
  roleIds: readonly string[];
}

/**
 * Keystone's _validate_redelegation: may `child` be redelegated from `parent`? The parent must
 * have redelegations left, the child must be unlimited in uses, expire no later than the parent,
 * delegate a subset of the parent's roles, and impersonate only if the parent does. Keystone
 * answers each refusal with a bare 403 (its messages are only shown in debug mode).
 */
export function assertRedelegable(parent: Trust, child: RedelegationCandidate): void {
  const depth = parent.redelegation_count ?? 0;
  if (!(depth > 0 && depth <= MAX_REDELEGATION_COUNT)) throw new Forbidden();
  if (child.remaining_uses !== null) throw new Forbidden();
  // A parent without expiry bounds nothing (Keystone fails outright on that comparison).
  if (
    child.expires_at !== null &&
    parent.expires_at !== null &&
    Date.parse(parent.expires_at) < Date.parse(child.expires_at)
  ) {
    throw new Forbidden();
  }
  const parentRoles = new Set(parent.roleIds);
  if (!child.roleIds.every((roleId) => parentRoles.has(roleId))) throw new Forbidden();
  if (!parent.impersonation && child.impersonation) throw new Forbidden();
}

/**
 * The trust and those it was redelegated from, nearest first: Keystone's get_trust_pedigree.
 * Every one must still be usable, else 404 naming the first that is not.
 */
export async function trustPedigree(db: Db, trust: Trust, now: Date): Promise<Trust[]> {
  const chain = [trust];
  const seen = new Set([trust.id]);
  let current = trust;
  while (current.redelegated_trust_id !== null && !seen.has(current.redelegated_trust_id)) {
    current = await findUsableTrust(db, current.redelegated_trust_id, now);
    seen.add(current.id);
    chain.push(current);
  }
  return chain;
}

/**
 * Keystone's trust manager get_trust: a usable trust (404 otherwise) and, for a redelegated
 * one, a chain that is still valid link by link with every intermediate trustee enabled (403
 * otherwise). Returns the chain, the trust itself first and the original trust last.
 */
export async function getTrustChain(db: Db, id: string, now: Date): Promise<Trust[]> {
  const trust = await findUsableTrust(db, id, now);
  if (trust.redelegated_trust_id === null) return [trust];
  const chain = await trustPedigree(db, trust, now);
  for (let i = 1; i < chain.length; i += 1) assertRedelegable(chain[i], chain[i - 1]);
  const trusteeIds = chain.slice(1).map((parent) => parent.trustee_user_id);
  const enabled = await db
    .selectFrom('user')
    .select('id')
    .where('id', 'in', trusteeIds)
    .where('enabled', '=', 1)
    .execute();
  const enabledIds = new Set(enabled.map((user) => user.id));
  if (!trusteeIds.every((userId) => enabledIds.has(userId))) throw new Forbidden();
  return chain;
}

/** getTrustChain's trust alone. */
export async function getTrust(db: Db, id: string, now: Date): Promise<Trust> {
  return (await getTrustChain(db, id, now))[0];
}
