import type { TokenPayload } from '../tokens/types.js';

export interface NamedRef {
  id: string;
  name: string;
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
  applicationCredential: (NamedRef & { restricted: boolean }) | null;
}
