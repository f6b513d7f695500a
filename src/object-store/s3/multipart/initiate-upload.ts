import type { IncomingHeaders } from '../../proxy/headers.js';
import type { SwiftAnswer } from '../../proxy/swift-call.js';
import type { S3Context } from '../s3-context.js';
import { S3Error } from '../s3-error.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { xmlAnswer } from '../s3-xml.js';
import { emptyBody, newUploadId, requireBucket, segmentsContainer, uploadMarker } from './upload-store.js';

/** Headers of the request that the completed object keeps: its type and S3's object headers. */
const KEPT_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'expires'];

/** The object's headers kept on the upload's marker until it is completed. */
export function markerMetadata(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => name.startsWith('x-object-meta-') || KEPT_HEADERS.includes(name),
    ),
  );
}

/** The future object's metadata, as Swift headers: `x-amz-meta-*` become `x-object-meta-*`. */
export function objectMetadata(headers: IncomingHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (name.startsWith('x-amz-meta-')) metadata[`x-object-meta-${name.slice('x-amz-meta-'.length)}`] = value;
    else if (KEPT_HEADERS.includes(name)) metadata[name] = value;
  }
  return metadata;
}

/**
 * InitiateMultipartUpload (`POST /<bucket>/<key>?uploads`): makes the segments container when
 * the bucket has none yet and writes the upload's marker with the object's metadata.
 */
export async function initiateUpload(
  s3: S3Context,
  request: S3Request,
  bucket: string,
  key: string,
): Promise<SwiftAnswer> {
  await requireBucket(s3, request, bucket);
  try {
    await callSwift(s3, request, { method: 'PUT', container: segmentsContainer(bucket) });
  } catch (error) {
    // Swift's 202: the bucket's segments container is there from an earlier upload.
    if (!(error instanceof S3Error && error.code === 'BucketAlreadyOwnedByYou')) throw error;
  }
  const uploadId = newUploadId();
  await callSwift(s3, request, {
    method: 'PUT',
    container: segmentsContainer(bucket),
    object: uploadMarker(key, uploadId),
    headers: { ...objectMetadata(request.headers), 'content-length': '0' },
    body: emptyBody(),
  });
  return xmlAnswer('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: uploadId });
}
