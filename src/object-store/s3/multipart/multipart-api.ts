import type { SwiftAnswer } from '../../proxy/swift-call.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { abortUpload } from './abort-upload.js';
import { completeUpload } from './complete-upload.js';
import { initiateUpload } from './initiate-upload.js';
import { listParts } from './list-parts.js';
import { listUploads } from './list-uploads.js';
import { uploadPart } from './upload-part.js';
import type { UploadOperation } from './upload-store.js';

/** What each method does to an upload (`?uploadId=X`). */
const UPLOAD_OPERATIONS = new Map<string, UploadOperation>([
  ['PUT', uploadPart],
  ['GET', listParts],
  ['POST', completeUpload],
  ['DELETE', abortUpload],
]);

/**
 * Multipart uploads, as s3api's `UploadsController` (`?uploads`: initiate on an object, list on
 * a bucket) and `UploadController` (`?uploadId`: upload a part, list parts, complete, abort).
 * Only signed requests may use them.
 */
export async function multipartAnswer(s3: S3Context, request: S3Request): Promise<SwiftAnswer> {
  if (!request.caller) throw s3Errors.accessDenied();
  const { bucket, key, method } = request;
  if (bucket === undefined) throw s3Errors.invalidRequest('A bucket must be specified');
  const resource = key === undefined ? 'BUCKET' : 'OBJECT';
  if ('uploadId' in request.query) {
    if (key === undefined) throw s3Errors.invalidRequest('A key must be specified');
    const operation = UPLOAD_OPERATIONS.get(method);
    if (!operation) throw s3Errors.methodNotAllowed(method, resource);
    return operation(s3, request, bucket, key, request.query.uploadId!);
  }
  if (key === undefined && method === 'GET') return listUploads(s3, request, bucket);
  if (key !== undefined && method === 'POST') return initiateUpload(s3, request, bucket, key);
  throw s3Errors.methodNotAllowed(method, resource);
}
