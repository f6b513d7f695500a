import type { Logger } from '../../common/logging.js';
import type { SwiftAnswer, SwiftCall } from '../proxy/swift-call.js';
import type { S3CredentialCheck } from './auth/s3-credential-check.js';

/** What the S3 handlers work with (Swift's s3api sits in the proxy pipeline the same way). */
export interface S3Context {
  /**
   * The whole Swift pipeline (middlewares and controllers) as a function of a call: S3 requests
   * become Swift requests on the caller's account, as s3api's `S3Request.get_response` makes them.
   */
  swift(call: SwiftCall): Promise<SwiftAnswer>;
  /** Checks an access key's signature of a string to sign, and says whose key it is. */
  credentials: S3CredentialCheck;
  /** Where the object store is mounted in the public URL (`/object-store`), which path-style clients may sign. */
  scriptName: string;
  logger: Logger;
}
