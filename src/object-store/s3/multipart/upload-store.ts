import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { answerText } from '../../proxy/whole-body.js';
import type { S3Context } from '../s3-context.js';
import { S3Error } from '../s3-error.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { multipartErrors } from './multipart-errors.js';

/**
 * Where s3api keeps multipart uploads: in the container `<bucket>+segments`, an empty marker
 * object `<key>/<uploadId>` holding the future object's metadata, and the parts beside it as
 * `<key>/<uploadId>/<partNumber>`.
 */
export const segmentsContainer = (bucket: string) => `${bucket}+segments`;
export const uploadMarker = (key: string, uploadId: string) => `${key}/${uploadId}`;
export const partObject = (key: string, uploadId: string, partNumber: number) =>
  `${key}/${uploadId}/${partNumber}`;

/** s3api's `unique_id`: the URL-safe base64 of a random UUID's text. */
export const newUploadId = () => Buffer.from(randomUUID(), 'ascii').toString('base64url');

/** An entry of a Swift JSON container listing. */
export interface ListedObject {
  name: string;
  hash: string;
  bytes: number;
  last_modified: string;
  content_type?: string;
  subdir?: string;
}

/** An empty request body, for the marker and other bodiless writes. */
export const emptyBody = () => Readable.from([]);

/**
 * What s3api's `UploadController` does to one upload (`?uploadId=X`): upload a part, list the
 * parts, complete or abort it.
 */
export type UploadOperation = (
  s3: S3Context,
  request: S3Request,
  bucket: string,
  key: string,
  uploadId: string,
) => Promise<SwiftAnswer>;

/** The bucket must exist (NoSuchBucket otherwise), as s3api checks before touching its uploads. */
export async function requireBucket(s3: S3Context, request: S3Request, bucket: string): Promise<void> {
  await callSwift(s3, request, { method: 'HEAD', container: bucket });
}

/**
 * The bucket (NoSuchBucket otherwise), then the upload: its marker's headers (its metadata), or
 * NoSuchUpload when it is not there.
 */
export async function requireUpload(
  s3: S3Context,
  request: S3Request,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<Record<string, string>> {
  await requireBucket(s3, request, bucket);
  try {
    const marker = await callSwift(s3, request, {
      method: 'HEAD',
      container: segmentsContainer(bucket),
      object: uploadMarker(key, uploadId),
    });
    return marker.headers;
  } catch (error) {
    if (error instanceof S3Error && (error.code === 'NoSuchKey' || error.code === 'NoSuchBucket')) {
      throw multipartErrors.noSuchUpload(uploadId);
    }
    throw error;
  }
}

/** Every object of the segments container under `prefix`, past `marker`, page after page. */
export async function listSegments(
  s3: S3Context,
  request: S3Request,
  bucket: string,
  options: { prefix: string; marker?: string; delimiter?: string; limit?: number },
): Promise<ListedObject[]> {
  const listed: ListedObject[] = [];
  let marker = options.marker ?? '';
  for (;;) {
    const query: Record<string, string> = { format: 'json', prefix: options.prefix };
    if (marker) query.marker = marker;
    if (options.delimiter) query.delimiter = options.delimiter;
    const answer = await callSwift(s3, request, {
      method: 'GET',
      container: segmentsContainer(bucket),
      query,
    });
    const page = JSON.parse((await answerText(answer)) || '[]') as ListedObject[];
    listed.push(...page);
    if (page.length === 0 || (options.limit !== undefined && listed.length >= options.limit)) return listed;
    const last = page[page.length - 1]!;
    marker = last.name ?? last.subdir ?? '';
  }
}
