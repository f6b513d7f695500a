import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { listingTime } from '../s3-time.js';
import { xmlAnswer } from '../s3-xml.js';
import { ownerOf } from '../owner.js';
import { MAX_PARTS } from './multipart-errors.js';
import { listSegments, requireUpload, type ListedObject, type UploadOperation } from './upload-store.js';

/** S3's default and largest `max-parts`. */
export const DEFAULT_MAX_PARTS = 1000;

/** A stored part: its number, and the listing entry of its object. */
export interface StoredPart {
  number: number;
  object: ListedObject;
}

/** The parts uploaded so far, by part number (Swift lists `10` before `2`). */
export async function storedParts(
  s3: S3Context,
  request: S3Request,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<StoredPart[]> {
  const prefix = `${key}/${uploadId}/`;
  const objects = await listSegments(s3, request, bucket, { prefix });
  return objects
    .map((object) => ({ number: Number(object.name.slice(prefix.length)), object }))
    .filter((part) => Number.isInteger(part.number) && part.number >= 1 && part.number <= MAX_PARTS)
    .sort((a, b) => a.number - b.number);
}

/** A non-negative integer query parameter, InvalidArgument otherwise. */
export function countParameter(request: S3Request, name: string, fallback: number): number {
  const value = request.query[name];
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw s3Errors.invalidArgument(name, value);
  return Number(value);
}

/** ListParts (`GET /<bucket>/<key>?uploadId=X`): a page of parts after `part-number-marker`. */
export const listParts: UploadOperation = async (s3, request, bucket, key, uploadId) => {
  const maxParts = Math.min(countParameter(request, 'max-parts', DEFAULT_MAX_PARTS), DEFAULT_MAX_PARTS);
  const marker = countParameter(request, 'part-number-marker', 0);
  await requireUpload(s3, request, bucket, key, uploadId);
  const after = (await storedParts(s3, request, bucket, key, uploadId)).filter(
    (part) => part.number > marker,
  );
  const page = after.slice(0, maxParts);
  const owner = { ID: ownerOf(request), DisplayName: ownerOf(request) };
  return xmlAnswer('ListPartsResult', {
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
    Initiator: owner,
    Owner: owner,
    StorageClass: 'STANDARD',
    PartNumberMarker: marker,
    NextPartNumberMarker: page.at(-1)?.number ?? marker,
    MaxParts: maxParts,
    IsTruncated: after.length > page.length,
    Part: page.map((part) => ({
      PartNumber: part.number,
      LastModified: listingTime(part.object.last_modified),
      ETag: `"${part.object.hash}"`,
      Size: part.object.bytes,
    })),
  });
};
