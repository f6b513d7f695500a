import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidToken } from './types.js';

/**
 * Fernet (https://github.com/fernet/spec), the token envelope Keystone uses:
 *
 *   0x80 | timestamp (u64 BE seconds) | IV (16) | AES-128-CBC ciphertext, PKCS7 | HMAC-SHA256 (32)
 *
 * all URL-safe base64. The HMAC covers everything before it and is keyed by the first half of
 * the 32-byte key; the second half is the AES key.
 */

const VERSION = 0x80;
const HEADER_BYTES = 1 + 8 + 16;
const HMAC_BYTES = 32;
const BLOCK_BYTES = 16;
const KEY_TEXT = /^[A-Za-z0-9_-]{43}=?$/;
const TOKEN_TEXT = /^[A-Za-z0-9_-]+={0,2}$/;

export interface FernetKey {
  readonly signing: Buffer;
  readonly encryption: Buffer;
}

/** A new key as Keystone writes it in a key file: 32 random bytes, URL-safe base64 with padding. */
export function generateFernetKey(): string {
  return randomBytes(32).toString('base64url') + '=';
}

/** Reads a key as found in a key file (URL-safe base64 of 32 bytes; padding and whitespace optional). */
export function parseFernetKey(text: string): FernetKey {
  const trimmed = text.trim();
  if (!KEY_TEXT.test(trimmed)) throw new Error('a Fernet key is 32 bytes in URL-safe base64');
  const bytes = Buffer.from(trimmed, 'base64url');
  return { signing: bytes.subarray(0, 16), encryption: bytes.subarray(16, 32) };
}

export interface FernetEncryptOptions {
  /** Seconds since the epoch written into the token; defaults to now. */
  timestamp?: number;
  /** Only for reproducing the spec's test vectors; a fresh random IV otherwise. */
  iv?: Buffer;
}

/** Seals `plaintext` with `key`; the token comes without `=` padding, as Keystone hands it out. */
export function fernetEncrypt(
  key: FernetKey,
  plaintext: Uint8Array,
  options: FernetEncryptOptions = {},
): string {
  const iv = options.iv ?? randomBytes(16);
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = VERSION;
  header.writeBigUInt64BE(BigInt(Math.floor(options.timestamp ?? Date.now() / 1000)), 1);
  iv.copy(header, 9);
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv);
  const signed = Buffer.concat([header, cipher.update(plaintext), cipher.final()]);
  const mac = createHmac('sha256', key.signing).update(signed).digest();
  return Buffer.concat([signed, mac]).toString('base64url');
}

/**
 * Opens a token with the first key whose HMAC matches (Keystone tries the primary, then the
 * secondaries, then the staged key). There is no TTL check: the payload carries its own
 * expiry. Anything malformed, tampered with or sealed by an unknown key throws InvalidToken.
 */
export function fernetDecrypt(keys: readonly FernetKey[], token: string): Buffer {
  const bytes = decodeToken(token);
  const signed = bytes.subarray(0, bytes.length - HMAC_BYTES);
  const mac = bytes.subarray(bytes.length - HMAC_BYTES);
  const key = keys.find((candidate) =>
    timingSafeEqual(createHmac('sha256', candidate.signing).update(signed).digest(), mac),
  );
  if (!key) throw new InvalidToken('Could not recognize Fernet token');
  const decipher = createDecipheriv('aes-128-cbc', key.encryption, bytes.subarray(9, HEADER_BYTES));
  try {
    return Buffer.concat([decipher.update(signed.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    // Bad padding under a valid HMAC means the sealer was broken, not the transport.
    throw new InvalidToken('Could not recognize Fernet token');
  }
}

function decodeToken(token: string): Buffer {
  // Buffer's base64 decoder skips characters it does not know, so the alphabet is checked first.
  if (!TOKEN_TEXT.test(token) || token.replace(/=+$/, '').length % 4 === 1) {
    throw new InvalidToken('Could not recognize Fernet token');
  }
  const bytes = Buffer.from(token, 'base64url');
  const ciphertextBytes = bytes.length - HEADER_BYTES - HMAC_BYTES;
  if (bytes[0] !== VERSION || ciphertextBytes < BLOCK_BYTES || ciphertextBytes % BLOCK_BYTES !== 0) {
    throw new InvalidToken('Could not recognize Fernet token');
  }
  return bytes;
}
