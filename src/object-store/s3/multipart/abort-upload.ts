import type { S3Context } from '../s3-context.js';
import { S3Error } from '../s3-error.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { storedParts, type StoredPart } from './list-parts.js';
import { requireUpload, segmentsContainer, uploadMarker, type UploadOperation } from './upload-store.js';

/** Deletes an object of the segments container; one already gone is as good. */
async function deleteSegment(
  s3: S3Context,
  request: S3Request,
  bucket: string,
  object: string,
): Promise<void> {
  try {
    await callSwift(s3, request, { method: 'DELETE', container: segmentsContainer(bucket), object });
  } catch (error) {
    if (!(error instanceof S3Error && error.code === 'NoSuchKey')) throw error;
  }
}

/** Removes these parts of an upload, then its marker: the upload is over. */
export async function abortParts(
  s3: S3Context,
  request: S3Request,
  bucket: string,
  key: string,
  uploadId: string,
  parts: StoredPart[],
): Promise<void> {
  for (const part of parts) await deleteSegment(s3, request, bucket, part.object.name);
  await deleteSegment(s3, request, bucket, uploadMarker(key, uploadId));
}

/** AbortMultipartUpload (`DELETE /<bucket>/<key>?uploadId=X`): the parts and the marker removed, 204. */
export const abortUpload: UploadOperation = async (s3, request, bucket, key, uploadId) => {
  await requireUpload(s3, request, bucket, key, uploadId);
  const parts = await storedParts(s3, request, bucket, key, uploadId);
  await abortParts(s3, request, bucket, key, uploadId, parts);
  return { status: 204, headers: {} };
};
