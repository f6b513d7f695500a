import type { RequestContext } from '../../../common/auth/context.js';
import { S3Error } from '../s3-error.js';
import { s3Errors } from '../s3-errors.js';
import type { S3CredentialCheck } from './s3-credential-check.js';
import { signatureV2 } from './signature-v2.js';
import { signatureV4 } from './signature-v4.js';
import type { FoundSignature, SigningInput } from './signing-input.js';
import { headerValue } from './signing-input.js';

/** Who signed a request, and the payload hash a V4 signature vouches for. */
export interface Authenticated {
  caller: RequestContext | null;
  payloadHash?: string;
}

/** The signature a request carries, V4 or V2, by header or query as s3api tells them apart; none for an anonymous one. */
function foundSignature(input: SigningInput): FoundSignature | null {
  const authorization = headerValue(input.headers, 'authorization');
  if ('X-Amz-Credential' in input.query || authorization?.startsWith('AWS4-HMAC-SHA256'))
    return signatureV4(input);
  if ('AWSAccessKeyId' in input.query || authorization !== undefined) return signatureV2(input);
  return null;
}

/**
 * Checks a request's signature with the credential check (identity's `/v3/s3tokens`) and says
 * who signed it; null when it carries none. Path-style clients sign either the public path (mount
 * point included) or the path below it, so a signature that does not match the first is checked
 * against the second before it is refused.
 */
export async function authenticate(
  credentials: S3CredentialCheck,
  input: SigningInput,
): Promise<Authenticated> {
  const found = foundSignature(input);
  if (!found) return { caller: null };
  for (const stringToSign of found.stringsToSign) {
    try {
      const caller = await credentials.check({
        access: found.access,
        signature: found.signature,
        stringToSign,
      });
      return { caller, payloadHash: found.payloadHash };
    } catch (error) {
      if (!(error instanceof S3Error) || error.code !== 'SignatureDoesNotMatch') throw error;
    }
  }
  throw s3Errors.signatureDoesNotMatch();
}
