import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { header } from '../../proxy/headers.js';
import { readRequestBody } from '../s3-body.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { parseS3Xml, xmlAnswer } from '../s3-xml.js';
import { markerMetadata } from './initiate-upload.js';
import { storedParts, type StoredPart } from './list-parts.js';
import { MAX_PARTS, MIN_PART_SIZE, multipartErrors } from './multipart-errors.js';
import { abortParts } from './abort-upload.js';
import { requireUpload, segmentsContainer, type UploadOperation } from './upload-store.js';

/** s3api's `MAX_COMPLETE_UPLOAD_BODY_SIZE`: room for 10000 parts. */
const MAX_COMPLETE_BODY = 2048 * 1024;

interface RequestedPart {
  number: number;
  etag: string;
}

const unquote = (etag: string) => etag.trim().replace(/^"(.*)"$/, '$1');

/** The parts a CompleteMultipartUpload body lists, in its order; MalformedXML when it lists none. */
export function requestedParts(document: string): RequestedPart[] {
  let parsed: Record<string, unknown>;
  try {
    parsed = parseS3Xml(document);
  } catch {
    throw s3Errors.malformedXML();
  }
  const root = parsed.CompleteMultipartUpload as Record<string, unknown> | undefined;
  const listed = root && typeof root === 'object' ? root.Part : undefined;
  const parts = (Array.isArray(listed) ? listed : listed ? [listed] : []) as Record<string, unknown>[];
  if (parts.length === 0 || parts.length > MAX_PARTS) throw s3Errors.malformedXML();
  return parts.map((part) => {
    const number = typeof part.PartNumber === 'string' ? part.PartNumber.trim() : '';
    if (!/^\d+$/.test(number) || typeof part.ETag !== 'string') throw s3Errors.malformedXML();
    return { number: Number(number), etag: unquote(part.ETag) };
  });
}

/**
 * The stored parts the body names, checked as s3api checks them: ascending part numbers
 * (InvalidPartOrder), each uploaded with that ETag (InvalidPart), all but the last at least
 * 5 MiB (EntityTooSmall).
 */
function chosenParts(requested: RequestedPart[], stored: StoredPart[], uploadId: string): StoredPart[] {
  const byNumber = new Map(stored.map((part) => [part.number, part]));
  let previous = 0;
  const chosen = requested.map((wanted) => {
    if (wanted.number <= previous) throw multipartErrors.invalidPartOrder(uploadId);
    previous = wanted.number;
    const part = byNumber.get(wanted.number);
    if (!part || part.object.hash !== wanted.etag)
      throw multipartErrors.invalidPart(wanted.number, wanted.etag);
    return part;
  });
  const tooSmall = chosen.slice(0, -1).find((part) => part.object.bytes < MIN_PART_SIZE);
  if (tooSmall) throw multipartErrors.entityTooSmall(tooSmall.number, tooSmall.object.bytes);
  return chosen;
}

/** Where s3api keeps a completed multipart upload's S3 ETag: system metadata of its manifest. */
export const S3_ETAG_SYSMETA = 'x-object-sysmeta-s3api-etag';

/** S3's multipart ETag: the MD5 of the parts' binary MD5s, then `-<number of parts>`. */
export function multipartEtag(partHashes: string[]): string {
  const digests = Buffer.concat(partHashes.map((hash) => Buffer.from(hash, 'hex')));
  return `${createHash('md5').update(digests).digest('hex')}-${partHashes.length}`;
}

/** The object's URL as the client addressed it, for `Location`. */
function location(s3: S3Context, request: S3Request, bucket: string, key: string): string {
  const host = header(request.headers, 'host') ?? 'localhost';
  const path = [bucket, ...key.split('/')].map(encodeURIComponent).join('/');
  return `http://${host}${s3.scriptName}/${path}`;
}

/**
 * CompleteMultipartUpload (`POST /<bucket>/<key>?uploadId=X`): the chosen parts become the
 * object, a static large object whose manifest lists them; the upload's marker and the parts
 * left out are removed.
 */
export const completeUpload: UploadOperation = async (s3, request, bucket, key, uploadId) => {
  const marker = await requireUpload(s3, request, bucket, key, uploadId);
  const requested = requestedParts((await readRequestBody(request.body, MAX_COMPLETE_BODY)).toString('utf8'));
  const stored = await storedParts(s3, request, bucket, key, uploadId);
  const chosen = chosenParts(requested, stored, uploadId);
  const segments = segmentsContainer(bucket);
  const manifest = JSON.stringify(
    chosen.map((part) => ({
      path: `/${segments}/${part.object.name}`,
      etag: part.object.hash,
      size_bytes: part.object.bytes,
    })),
  );
  const etag = multipartEtag(chosen.map((part) => part.object.hash));
  await callSwift(s3, request, {
    method: 'PUT',
    object: key,
    container: bucket,
    query: { 'multipart-manifest': 'put' },
    // As s3api: the S3 ETag kept with the manifest for GET and HEAD, and put in the bucket's listing.
    sysmeta: { [S3_ETAG_SYSMETA]: etag, 'x-object-sysmeta-container-update-override-etag': etag },
    headers: { ...markerMetadata(marker), 'content-length': String(Buffer.byteLength(manifest)) },
    body: Readable.from([Buffer.from(manifest)]),
  });
  const kept = new Set(chosen.map((part) => part.number));
  await abortParts(
    s3,
    request,
    bucket,
    key,
    uploadId,
    stored.filter((part) => !kept.has(part.number)),
  );
  return xmlAnswer('CompleteMultipartUploadResult', {
    Location: location(s3, request, bucket, key),
    Bucket: bucket,
    Key: key,
    ETag: `"${etag}"`,
  });
};
