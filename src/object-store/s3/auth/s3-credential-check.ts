import type { RequestContext } from '../../../common/auth/context.js';

/** What a request's signature is checked with: the access key, the string it signed, the signature. */
export interface S3SignedString {
  access: string;
  /** The canonical string to sign, Signature V2's or V4's (`AWS4-HMAC-SHA256\n<date>\n<scope>\n<hash>`). */
  stringToSign: string;
  /** Hex (V4) or base64 (V2), as the client sent it. */
  signature: string;
}

/**
 * Checks a signature against the EC2 credential of the access key (Keystone's `/v3/s3tokens`,
 * which s3token asks) and answers who signed, as a token would: the credential's user, scoped to
 * its project, with that user's roles there. Throws `S3Error` 403 `InvalidAccessKeyId` for an
 * unknown key and 403 `SignatureDoesNotMatch` for a wrong signature.
 */
export interface S3CredentialCheck {
  check(signed: S3SignedString): Promise<RequestContext>;
}
