import { fernetDecrypt, fernetEncrypt } from './fernet.js';
import type { FernetKeySource } from './key-repository.js';
import { decodePayload, encodePayload } from './payload-codec.js';
import { InvalidToken, type TokenPayload } from './types.js';

/**
 * How long past its expiry a token is still accepted where expired tokens are allowed
 * (`GET /v3/auth/tokens?allow_expired=1`): Keystone's `[token] allow_expired_window` default.
 */
export const ALLOW_EXPIRED_WINDOW_SECONDS = 48 * 60 * 60;

export interface ParseOptions {
  /** Accept a token up to ALLOW_EXPIRED_WINDOW_SECONDS after it expired. */
  allowExpired?: boolean;
}

/**
 * Turns payloads into Fernet tokens and back, as Keystone's TokenFormatter: sealed with the
 * primary key, opened with any key of the repository. Tokens are never stored; everything a
 * token body shows beyond the payload is looked up when it is validated.
 */
export class TokenFormatter {
  constructor(
    private readonly keys: FernetKeySource,
    /** The current time, for expiry. */
    private readonly now: () => Date,
  ) {}

  /** The token for `payload`, URL-safe and unpadded (about 180-250 characters). */
  issue(payload: TokenPayload): string {
    const [primary] = this.keys.keys();
    return fernetEncrypt(primary, encodePayload(payload), {
      timestamp: Math.floor(payload.issuedAt.getTime() / 1000),
    });
  }

  /**
   * The payload of a valid token. Throws InvalidToken for anything that is not a token this
   * cloud sealed (garbage, bad HMAC, an unknown payload version) and for an expired one
   * (expires_at <= now). Revocation is not checked here: see Revocations.
   */
  parse(token: string, options: ParseOptions = {}): TokenPayload {
    const payload = decodePayload(fernetDecrypt(this.keys.keys(), token));
    const window = options.allowExpired ? ALLOW_EXPIRED_WINDOW_SECONDS * 1000 : 0;
    if (payload.expiresAt.getTime() + window <= this.now().getTime()) {
      throw new InvalidToken('The token has expired');
    }
    return payload;
  }
}
