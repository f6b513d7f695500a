import type { StoredAccessRule } from '../application-credentials/access-rules.js';
import type { TokenPayload } from '../tokens/types.js';

export interface NamedRef {
  id: string;
  name: string;
}

/** The trust of a trust-scoped token (`OS-TRUST:trust` in its body). */
export interface TrustRef {
  id: string;
  trustorId: string;
  trusteeId: string;
  /** When true, `user` is the trustor: the trustee acts as the trustor. */
  impersonation: boolean;
  /** The trust's own expiry; its tokens stop validating then. */
  expiresAt: Date | null;
}

/** A token with everything its body shows, resolved from the database at validation. */
export interface ValidatedToken {
  token: string;
  payload: TokenPayload;
  user: NamedRef & { domain: NamedRef; passwordExpiresAt: string | null };
  project: (NamedRef & { domain: NamedRef }) | null;
  domain: NamedRef | null;
  system: boolean;
  roles: NamedRef[];
  /** `accessRules` is null when the credential is not limited to any. */
  applicationCredential: (NamedRef & { restricted: boolean; accessRules: StoredAccessRule[] | null }) | null;
  trust: TrustRef | null;
}
