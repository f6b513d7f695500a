import { createHmac, timingSafeEqual } from 'node:crypto';

/** The digests a signature may use (Swift's `allowed_digests`); sha256 is what clients sign with by default. */
export const ALLOWED_DIGESTS = ['sha1', 'sha256', 'sha512'] as const;
export type TempUrlDigest = (typeof ALLOWED_DIGESTS)[number];

/** Hex lengths of each digest, which tell a bare hex signature's digest. */
const HEX_LENGTHS: Record<number, TempUrlDigest> = { 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/** A signature as the client gave it: its digest and its bytes. */
export interface ParsedSignature {
  digest: TempUrlDigest;
  bytes: Buffer;
}

/**
 * `temp_url_sig`: hex (its digest told by its length), or `<digest>:<base64>` (standard or
 * URL-safe alphabet, padding optional), as Swift's tempurl reads it; null when it is neither.
 */
export function parseSignature(sig: string): ParsedSignature | null {
  const colon = sig.indexOf(':');
  if (colon >= 0) {
    const digest = sig.slice(0, colon) as TempUrlDigest;
    if (!ALLOWED_DIGESTS.includes(digest)) return null;
    const encoded = sig.slice(colon + 1);
    if (!/^[A-Za-z0-9+/_-]+=*$/.test(encoded)) return null;
    return { digest, bytes: Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64') };
  }
  const digest = HEX_LENGTHS[sig.length];
  if (!digest || !/^[0-9a-fA-F]+$/.test(sig)) return null;
  return { digest, bytes: Buffer.from(sig, 'hex') };
}

/** What a signature covers: `METHOD\nexpires\npath` (the path `prefix:/v1/a/c/<prefix>` for a prefix URL). */
export function hmacBody(method: string, expires: number, path: string): string {
  return `${method}\n${expires}\n${path}`;
}

/** Whether `signature` is the HMAC of `body` under `key`, compared in constant time. */
export function signatureMatches(signature: ParsedSignature, key: string, body: string): boolean {
  const expected = createHmac(signature.digest, key).update(body).digest();
  return expected.length === signature.bytes.length && timingSafeEqual(expected, signature.bytes);
}

/**
 * `temp_url_expires`: seconds since the epoch, or an ISO 8601 UTC time (`2030-01-01T00:00:00Z`);
 * null when it is neither.
 */
export function parseExpires(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return null;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? null : millis / 1000;
}
