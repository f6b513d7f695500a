import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { header } from '../../proxy/headers.js';
import { accessControlPolicy, cannedAclHeaders, cannedAclOfPolicy } from '../acl.js';
import { ownerOf } from '../owner.js';
import { readRequestBody } from '../s3-body.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import { S3_LOCATION } from '../s3-location.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { s3Xml, xmlAnswer } from '../s3-xml.js';

/** s3api's `MAX_ACL_BODY_SIZE`. */
const MAX_ACL_BODY = 200 * 1024;

/** GetBucketLocation: empty for us-east-1, as AWS answers, else the region. */
export async function getBucketLocation(s3: S3Context, request: S3Request): Promise<SwiftAnswer> {
  await callSwift(s3, request, { method: 'HEAD' });
  return xmlAnswer('LocationConstraint', S3_LOCATION === 'us-east-1' ? {} : { '#text': S3_LOCATION });
}

/** GetBucketVersioning: buckets here are never versioned, so the configuration is empty (never enabled). */
export async function getBucketVersioning(s3: S3Context, request: S3Request): Promise<SwiftAnswer> {
  await callSwift(s3, request, { method: 'HEAD' });
  return xmlAnswer('VersioningConfiguration', {});
}

/**
 * GetBucketAcl / GetObjectAcl: the owner's FULL_CONTROL and the AllUsers grants the bucket's
 * container ACL amounts to (an object's ACL is its bucket's, as in s3api's simplified ACLs).
 */
export async function getAcl(s3: S3Context, request: S3Request): Promise<SwiftAnswer> {
  const object = await callSwift(s3, request, { method: 'HEAD', object: request.key });
  const bucket = request.key === undefined ? object : await callSwift(s3, request, { method: 'HEAD' });
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: s3Xml('AccessControlPolicy', accessControlPolicy(ownerOf(request), bucket.headers)),
  };
}

/**
 * PutBucketAcl: a canned ACL (`x-amz-acl`) or an AccessControlPolicy body that amounts to one
 * becomes the container's read and write ACLs (both at once is UnexpectedContent, neither
 * MissingSecurityHeader, as s3api answers). Object ACLs are not settable.
 */
export async function putAcl(s3: S3Context, request: S3Request): Promise<SwiftAnswer> {
  if (request.key !== undefined) throw s3Errors.notImplemented();
  const canned = header(request.headers, 'x-amz-acl');
  const body = (await readRequestBody(request.body, MAX_ACL_BODY)).toString('utf8').trim();
  if (canned !== undefined && body) throw s3Errors.unexpectedContent();
  if (canned === undefined && !body) throw s3Errors.missingSecurityHeader('x-amz-acl');
  const acl = canned ?? cannedAclOfPolicy(body);
  await callSwift(s3, request, { method: 'POST', headers: cannedAclHeaders(acl) });
  return { status: 200, headers: { location: request.bucket ?? '' }, body: '' };
}
