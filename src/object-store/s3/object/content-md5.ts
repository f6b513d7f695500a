import { s3Errors } from '../s3-errors.js';

/**
 * A Content-MD5 header (base64 of 16 bytes) as the hex digest Swift compares with the ETag;
 * InvalidDigest when it is not one, as s3api checks it before reading the body.
 */
export function md5Hex(contentMd5: string): string {
  const value = contentMd5.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) throw s3Errors.invalidDigest(value);
  const digest = Buffer.from(value, 'base64');
  if (digest.length !== 16) throw s3Errors.invalidDigest(value);
  return digest.toString('hex');
}
