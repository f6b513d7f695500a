import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Cinder's `volume_transfer_salt_length` and `volume_transfer_key_length`. */
const SALT_LENGTH = 8;
const KEY_LENGTH = 16;

/**
 * A random text of hex digits, as Cinder makes salts and keys (SHA-224 of random bytes), so the
 * receiver can type the key on any keyboard.
 */
function randomHex(length: number): string {
  let text = '';
  while (text.length < length) text += createHash('sha224').update(randomBytes(255)).digest('hex');
  return text.slice(0, length);
}

/** What a transfer keeps instead of its key: an HMAC-SHA1 of the key under the salt (Cinder's crypt_hash). */
export function cryptHash(salt: string, authKey: string): string {
  return createHmac('sha1', salt).update(authKey).digest('hex');
}

/** A new auth key, shown to its creator once, with the salt and hash kept. */
export function newAuthKey(): { authKey: string; salt: string; cryptHash: string } {
  const salt = randomHex(SALT_LENGTH);
  const authKey = randomHex(KEY_LENGTH);
  return { authKey, salt, cryptHash: cryptHash(salt, authKey) };
}

/** Whether `authKey` is the transfer's key; the comparison takes the same time whatever matches. */
export function authKeyMatches(transfer: { salt: string; crypt_hash: string }, authKey: string): boolean {
  const given = Buffer.from(cryptHash(transfer.salt, authKey));
  const kept = Buffer.from(transfer.crypt_hash);
  return given.length === kept.length && timingSafeEqual(given, kept);
}
