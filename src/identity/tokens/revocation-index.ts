import type { TokenPayload } from './types.js';

/** A revocation event as stored: null fields match any token. */
export interface RevocationEvent {
  id: number;
  userId: string | null;
  projectId: string | null;
  domainId: string | null;
  roleId: string | null;
  auditId: string | null;
  auditChainId: string | null;
  trustId: string | null;
  /** Tokens issued at or before this instant (millisecond precision) are revoked. */
  issuedBefore: Date;
  revokedAt: Date;
}

/** What a token offers to the matching beyond its payload. */
export interface TokenFacts {
  roleIds: readonly string[];
  domainIds: readonly string[];
  /** The trustor of a trust-scoped token: Keystone matches user events on it too. */
  trustorId?: string;
}

type Bucket = Map<string, RevocationEvent[]>;

/**
 * Revocation events arranged for a fast `matches`, which runs on every token validation. Each
 * event sits in one bucket, keyed by its most selective field (audit id, audit chain, trust,
 * user, project, role, domain), so a token is compared only with the events that share one of its
 * values rather than with every event.
 */
export class RevocationIndex {
  private readonly byAuditId: Bucket = new Map();
  private readonly byAuditChainId: Bucket = new Map();
  private readonly byTrustId: Bucket = new Map();
  private readonly byUserId: Bucket = new Map();
  private readonly byProjectId: Bucket = new Map();
  private readonly byRoleId: Bucket = new Map();
  private readonly byDomainId: Bucket = new Map();
  /** Events with no field set, which revoke every token issued before them. */
  private readonly unfiltered: RevocationEvent[] = [];
  private count = 0;

  constructor(events: Iterable<RevocationEvent> = []) {
    for (const event of events) this.add(event);
  }

  get size(): number {
    return this.count;
  }

  add(event: RevocationEvent): void {
    this.count += 1;
    if (event.auditId !== null) return put(this.byAuditId, event.auditId, event);
    if (event.auditChainId !== null) return put(this.byAuditChainId, event.auditChainId, event);
    if (event.trustId !== null) return put(this.byTrustId, event.trustId, event);
    if (event.userId !== null) return put(this.byUserId, event.userId, event);
    if (event.projectId !== null) return put(this.byProjectId, event.projectId, event);
    if (event.roleId !== null) return put(this.byRoleId, event.roleId, event);
    if (event.domainId !== null) return put(this.byDomainId, event.domainId, event);
    this.unfiltered.push(event);
  }

  /** True when some event revokes the token. */
  matches(payload: TokenPayload, facts: TokenFacts): boolean {
    const token = tokenValues(payload, facts);
    const revokes = (events: RevocationEvent[] | undefined) =>
      events?.some((e) => eventRevokes(e, token)) ?? false;
    if (revokes(this.unfiltered)) return true;
    if (token.auditId !== null && revokes(this.byAuditId.get(token.auditId))) return true;
    if (token.auditChainId !== null && revokes(this.byAuditChainId.get(token.auditChainId))) return true;
    if (token.trustId !== null && revokes(this.byTrustId.get(token.trustId))) return true;
    if (token.userIds.some((userId) => revokes(this.byUserId.get(userId)))) return true;
    if (token.projectId !== null && revokes(this.byProjectId.get(token.projectId))) return true;
    if (token.roleIds.some((roleId) => revokes(this.byRoleId.get(roleId)))) return true;
    return token.domainIds.some((domainId) => revokes(this.byDomainId.get(domainId)));
  }
}

interface TokenValues {
  issuedAt: number;
  /** The token's user, and the trustor of a trust-scoped token. */
  userIds: readonly string[];
  projectId: string | null;
  trustId: string | null;
  auditId: string | null;
  auditChainId: string | null;
  roleIds: readonly string[];
  domainIds: readonly string[];
}

function tokenValues(payload: TokenPayload, facts: TokenFacts): TokenValues {
  const { scope, auditIds } = payload;
  return {
    issuedAt: payload.issuedAt.getTime(),
    userIds: facts.trustorId ? [payload.userId, facts.trustorId] : [payload.userId],
    projectId: scope.kind === 'project' || scope.kind === 'trust' ? scope.projectId : null,
    trustId: scope.kind === 'trust' ? scope.trustId : null,
    auditId: auditIds[0] ?? null,
    // The last audit id is the chain's: a rescoped token carries [own, original].
    auditChainId: auditIds.at(-1) ?? null,
    roleIds: facts.roleIds,
    // A domain-scoped token is in its domain even when the caller lists only the user's.
    domainIds: scope.kind === 'domain' ? [...facts.domainIds, scope.domainId] : facts.domainIds,
  };
}

/** Keystone's rule: issued at or before the event, and every field the event sets matches. */
function eventRevokes(event: RevocationEvent, token: TokenValues): boolean {
  return (
    token.issuedAt <= event.issuedBefore.getTime() &&
    (event.userId === null || token.userIds.includes(event.userId)) &&
    (event.projectId === null || event.projectId === token.projectId) &&
    (event.domainId === null || token.domainIds.includes(event.domainId)) &&
    (event.roleId === null || token.roleIds.includes(event.roleId)) &&
    (event.auditId === null || event.auditId === token.auditId) &&
    (event.auditChainId === null || event.auditChainId === token.auditChainId) &&
    (event.trustId === null || event.trustId === token.trustId)
  );
}

function put(bucket: Bucket, key: string, event: RevocationEvent): void {
  const events = bucket.get(key);
  if (events) events.push(event);
  else bucket.set(key, [event]);
}
