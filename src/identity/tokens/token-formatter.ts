import { fernetDecrypt, fernetEncrypt } from './fernet.js';
import type { FernetKeySource } from './key-repository.js';
import { decodePayload, encodePayload } from './payload-codec.js';
import { InvalidToken, type TokenPayload } from './types.js';

export interface TokenFormatterOptions {
  /** The current time, for expiry. */
  now: () => Date;
}

/**
 * Turns payloads into Fernet tokens and back, as Keystone's TokenFormatter: sealed with the
 * primary key, opened with any key of the repository. Tokens are never stored; everything a
 * token body shows beyond the payload is looked up when it is validated.
 */
export class TokenFormatter {
  constructor(
    private readonly keys: FernetKeySource,
    private readonly options: TokenFormatterOptions,
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
   * cloud sealed (garbage, bad HMAC, an unknown payload version) and for an expired one.
   * Revocation is not checked here: see Revocations.
   */
  parse(token: string): TokenPayload {
    const payload = decodePayload(fernetDecrypt(this.keys.keys(), token));
    if (payload.expiresAt.getTime() <= this.options.now().getTime()) {
      throw new InvalidToken('The token has expired');
    }
    return payload;
  }
}
