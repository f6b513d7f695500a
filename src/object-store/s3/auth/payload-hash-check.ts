import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { S3Error } from '../s3-error.js';
import { s3Errors } from '../s3-errors.js';

/**
 * A request body checked against the SHA-256 its V4 signature vouches for (s3api's
 * `HashingInput`): the last chunk is held back until the whole body is hashed, so a body that
 * does not match never completes its write; `mismatch` then holds the XAmzContentSHA256Mismatch.
 */
export function payloadHashCheck(body: Readable, expected: string): { body: Readable; mismatch?: S3Error } {
  const check: { body: Readable; mismatch?: S3Error } = { body };
  const hash = createHash('sha256');
  let held: Buffer | undefined;
  check.body = body.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        const previous = held;
        held = chunk;
        done(null, previous);
      },
      flush(done) {
        const computed = hash.digest('hex');
        if (computed === expected.toLowerCase()) {
          done(null, held);
          return;
        }
        check.mismatch = s3Errors.xAmzContentSHA256Mismatch(expected, computed);
        done(check.mismatch);
      },
    }),
  );
  body.on('error', (error) => check.body.destroy(error));
  return check;
}
