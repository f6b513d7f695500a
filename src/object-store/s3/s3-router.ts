import type { SwiftAnswer } from '../proxy/swift-call.js';
import { createBucket, deleteBucket, headBucket } from './bucket/bucket-controller.js';
import { getAcl, getBucketLocation, getBucketVersioning, putAcl } from './bucket/bucket-subresources.js';
import { deleteObjects } from './bucket/delete-objects.js';
import { listObjects } from './bucket/list-objects.js';
import { multipartAnswer } from './multipart/multipart-api.js';
import { deleteObject } from './object/delete-object.js';
import { getObject } from './object/get-object.js';
import { putObject } from './object/put-object.js';
import type { S3Context } from './s3-context.js';
import { s3Errors } from './s3-errors.js';
import type { S3Request } from './s3-request.js';
import { listBuckets } from './service/list-buckets.js';

/** Sub-resources s3api answers NotImplemented for (`UnsupportedController`), and those it lacks here. */
const UNSUPPORTED = [
  'notification',
  'policy',
  'publicAccessBlock',
  'requestPayment',
  'torrent',
  'website',
  'cors',
  'restore',
  'tagging',
  'object-lock',
  'logging',
  'versions',
  'lifecycle',
];

type Handler = (s3: S3Context, request: S3Request) => Promise<SwiftAnswer>;

/** The handler of a method among a resource's, MethodNotAllowed for the others as s3api answers. */
function byMethod(request: S3Request, resourceType: string, handlers: Record<string, Handler>): Handler {
  const handler = handlers[request.method];
  if (!handler) throw s3Errors.methodNotAllowed(request.method, resourceType);
  return handler;
}

/** A handler that only makes sense on a bucket: an object request gets InvalidRequest, as s3api's `bucket_operation`. */
function bucketOnly(request: S3Request, handler: Handler): Handler {
  if (request.key !== undefined) throw s3Errors.invalidRequest('A key must not be specified');
  return handler;
}

/**
 * The handler of an authenticated S3 request, chosen as s3api's `S3Request.controller` chooses
 * the controller: by sub-resource first (`acl`, `delete`, `location`, multipart's `uploads`,
 * `uploadId` and a part's PUT), then by what the path names (service, bucket, object) and the method.
 */
export function routeS3(request: S3Request): Handler {
  const { query, bucket, key } = request;
  if (UNSUPPORTED.some((name) => name in query)) throw s3Errors.notImplemented();
  if (bucket === undefined) return byMethod(request, 'SERVICE', { GET: listBuckets });
  if ('uploads' in query || 'uploadId' in query) return multipartAnswer;
  if ('partNumber' in query && request.method === 'PUT') return multipartAnswer;
  if ('acl' in query) return byMethod(request, 'ACL', { GET: getAcl, PUT: putAcl });
  if ('delete' in query)
    return bucketOnly(request, byMethod(request, 'MULTI_OBJECT_DELETE', { POST: deleteObjects }));
  if ('location' in query)
    return bucketOnly(request, byMethod(request, 'LOCATION', { GET: getBucketLocation }));
  if ('versioning' in query)
    return bucketOnly(request, byMethod(request, 'VERSIONING', { GET: getBucketVersioning }));
  if (key !== undefined) {
    return byMethod(request, 'OBJECT', {
      GET: (s3, r) => getObject(s3, r, key),
      HEAD: (s3, r) => getObject(s3, r, key),
      PUT: (s3, r) => putObject(s3, r, key),
      DELETE: (s3, r) => deleteObject(s3, r, key),
    });
  }
  return byMethod(request, 'BUCKET', {
    GET: (s3, r) => listObjects(s3, r, bucket),
    HEAD: headBucket,
    PUT: (s3, r) => createBucket(s3, r, bucket),
    DELETE: (s3, r) => deleteBucket(s3, r, bucket),
  });
}
