import type { S3Error } from './s3-error.js';
import { s3Errors } from './s3-errors.js';

/** What a Swift call addressed, to name it in the S3 error. */
export interface SwiftTarget {
  method: string;
  container?: string;
  object?: string;
  /** Whether the request was signed: Swift's 401 is then a bad signature, else a refusal. */
  signed: boolean;
}

/** The Swift statuses each kind of call succeeds with (s3api's `_swift_success_codes`). */
export function isSwiftSuccess(status: number, target: SwiftTarget): boolean {
  if (target.container === undefined) return status === 200 || status === 204;
  if (target.object === undefined) {
    if (target.method === 'PUT') return status === 201;
    return status === 200 || status === 204;
  }
  if (target.method === 'PUT') return status === 201 || status === 202;
  if (target.method === 'POST') return status === 202;
  if (target.method === 'DELETE') return status === 200 || status === 204;
  return status === 200 || status === 206 || status === 304;
}

/**
 * The S3 error of a Swift error status (s3api's `_swift_error_codes` and what follows them),
 * except an object's 404 on a read, which needs to know whether the bucket is there.
 */
export function s3ErrorOf(status: number, target: SwiftTarget, message: string): S3Error {
  const { method, container = '', object } = target;
  if (status === 404 && object === undefined && container) return s3Errors.noSuchBucket(container);
  if (status === 404 && object !== undefined)
    return method === 'DELETE' ? s3Errors.noSuchKey(object) : s3Errors.noSuchBucket(container);
  if (status === 202 && method === 'PUT' && object === undefined)
    return s3Errors.bucketAlreadyOwnedByYou(container);
  if (status === 409 && method === 'DELETE' && object === undefined) return s3Errors.bucketNotEmpty();
  if (object !== undefined) {
    if (status === 412) return s3Errors.preconditionFailed();
    if (status === 413) return s3Errors.entityTooLarge();
    if (status === 411) return s3Errors.missingContentLength();
  }
  if (status === 400) return s3Errors.invalidRequest(message || undefined);
  if (status === 401) return target.signed ? s3Errors.signatureDoesNotMatch() : s3Errors.accessDenied();
  if (status === 403) return s3Errors.accessDenied();
  if (status === 416) return s3Errors.invalidRange();
  if (status === 503) return s3Errors.serviceUnavailable();
  if (status === 429 || status === 498) return s3Errors.slowDown();
  return s3Errors.internalError(`unexpected status code ${status}`);
}
