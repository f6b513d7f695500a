import type { TokenPayload } from './types.js';

/** What a revocation matches; every set field must match the token, null matches anything. */
export interface RevocationFilter {
  userId?: string;
  projectId?: string;
  domainId?: string;
  roleId?: string;
  auditId?: string;
  auditChainId?: string;
  /** Tokens scoped to this trust (OS-TRUST). */
  trustId?: string;
}

/**
 * Revocation events, as Keystone keeps them: each invalidates every token issued at or before
 * the event that matches its filter. Tokens are never stored, so this list is how a token dies
 * before its expiry.
 */
export interface Revocations {
  /** Records an event and applies it at once, to every process's next validation. */
  revoke(filter: RevocationFilter): Promise<void>;
  /**
   * True when the token is revoked. `roleIds` are the token's effective roles and `domainId` the
   * domain of its user or scope, for events that match on those; `trustorId` the trustor of a
   * trust-scoped token, whom a user event matches as well as the token's user (the trustee).
   */
  isRevoked(
    payload: TokenPayload,
    context: { roleIds: string[]; domainIds: string[]; trustorId?: string },
  ): boolean;
  /** Reloads the events from the database (another process may have added some). */
  refresh(): Promise<void>;
}
