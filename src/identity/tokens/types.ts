/** What a token carries. Everything else in a token body is looked up when it is validated. */
export interface TokenPayload {
  userId: string;
  /** Authentication methods used, e.g. ['password'] or ['token', 'password']. */
  methods: string[];
  scope: TokenScope;
  /** Set when the token came from an application credential. */
  applicationCredentialId: string | null;
  issuedAt: Date;
  expiresAt: Date;
  /**
   * `[audit_id]` for a token from a credential, `[audit_id, parent_audit_id]` for one rescoped
   * from another token (the second is the audit chain id, shared by the whole chain).
   */
  auditIds: string[];
}

export type TokenScope =
  | { kind: 'unscoped' }
  | { kind: 'project'; projectId: string }
  | { kind: 'domain'; domainId: string }
  | { kind: 'system' }
  /** OS-TRUST: the trustee acts on the trust's project with the trust's roles. */
  | { kind: 'trust'; trustId: string; projectId: string };

/** Raised when a token cannot be decoded, was tampered with, or has expired. */
export class InvalidToken extends Error {}
