import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { header } from '../../proxy/headers.js';
import { cannedAclHeaders } from '../acl.js';
import { readRequestBody } from '../s3-body.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import { S3_LOCATION } from '../s3-location.js';
import type { S3Request } from '../s3-request.js';
import { listSegments, segmentsContainer } from '../multipart/upload-store.js';
import { S3Error } from '../s3-error.js';
import { callSwift } from '../s3-swift.js';
import { parseS3Xml } from '../s3-xml.js';

/** s3api's `MAX_PUT_BUCKET_BODY_SIZE`. */
const MAX_CREATE_BUCKET_BODY = 10240;

/** The location constraint of a CreateBucketConfiguration body; MalformedXML when it is not one. */
function locationConstraint(document: string): string {
  let parsed: Record<string, unknown>;
  try {
    parsed = parseS3Xml(document);
  } catch {
    throw s3Errors.malformedXML();
  }
  const configuration = parsed.CreateBucketConfiguration;
  if (configuration === undefined) throw s3Errors.malformedXML();
  // An empty configuration, or one without a constraint, is the default region's, as AWS takes it.
  if (typeof configuration !== 'object' || configuration === null) return S3_LOCATION;
  return String((configuration as Record<string, unknown>).LocationConstraint ?? S3_LOCATION);
}

/**
 * CreateBucket (`PUT /<bucket>`): a container on the caller's account, its ACL from `x-amz-acl`;
 * a location constraint other than ours is InvalidLocationConstraint, a bucket the caller already
 * has is BucketAlreadyOwnedByYou (Swift's 202), as s3api answers.
 */
export async function createBucket(s3: S3Context, request: S3Request, bucket: string): Promise<SwiftAnswer> {
  if (!request.caller) throw s3Errors.accessDenied();
  const body = (await readRequestBody(request.body, MAX_CREATE_BUCKET_BODY)).toString('utf8');
  if (body.trim()) {
    const location = locationConstraint(body);
    if (location !== S3_LOCATION && location !== S3_LOCATION.toLowerCase())
      throw s3Errors.invalidLocationConstraint();
  }
  const acl = header(request.headers, 'x-amz-acl');
  await callSwift(s3, request, {
    method: 'PUT',
    headers: acl === undefined ? {} : cannedAclHeaders(acl),
  });
  return { status: 200, headers: { location: `/${bucket}` }, body: '' };
}

/** HeadBucket: 200 when the caller may see the bucket, NoSuchBucket or AccessDenied (bodiless on HEAD) otherwise. */
export async function headBucket(s3: S3Context, request: S3Request): Promise<SwiftAnswer> {
  await callSwift(s3, request, { method: 'HEAD' });
  return { status: 200, headers: {}, body: '' };
}

/**
 * DeleteBucket: 204; BucketNotEmpty while it holds objects. The multipart uploads left in its
 * segments container (`<bucket>+segments`) go with it, as s3api's `_delete_segments_bucket`
 * deletes them once it knows the bucket itself is empty.
 */
export async function deleteBucket(s3: S3Context, request: S3Request, bucket: string): Promise<SwiftAnswer> {
  const head = await callSwift(s3, request, { method: 'HEAD' });
  if (Number(head.headers['x-container-object-count'] ?? 0) > 0) throw s3Errors.bucketNotEmpty();
  await deleteSegments(s3, request, bucket);
  await callSwift(s3, request, { method: 'DELETE' });
  return { status: 204, headers: {} };
}

/** Deletes the segments container of a bucket and what it holds; none is fine. */
async function deleteSegments(s3: S3Context, request: S3Request, bucket: string): Promise<void> {
  const container = segmentsContainer(bucket);
  let segments: { name: string }[];
  try {
    segments = await listSegments(s3, request, bucket, { prefix: '' });
  } catch (error) {
    if (error instanceof S3Error && error.code === 'NoSuchBucket') return;
    throw error;
  }
  for (const segment of segments) {
    try {
      await callSwift(s3, request, { method: 'DELETE', container, object: segment.name });
    } catch (error) {
      if (!(error instanceof S3Error) || error.code !== 'NoSuchKey') throw error;
    }
  }
  await callSwift(s3, request, { method: 'DELETE', container });
}
