import { header } from '../../proxy/headers.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { xmlAnswer } from '../s3-xml.js';
import { s3XmlTime } from '../s3-time.js';
import { MAX_PARTS } from './multipart-errors.js';
import {
  emptyBody,
  partObject,
  requireUpload,
  segmentsContainer,
  type UploadOperation,
} from './upload-store.js';

/** A `partNumber` query value: an integer from 1 to 10000, else InvalidArgument. */
export function partNumberOf(value: string | undefined): number {
  const number = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(number >= 1 && number <= MAX_PARTS)) {
    throw s3Errors.invalidArgument(
      'partNumber',
      value ?? '',
      `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`,
    );
  }
  return number;
}

/** The data headers of the request that Swift needs to take the part's body. */
function dataHeaders(request: S3Request): Record<string, string> {
  const headers: Record<string, string> = {};
  const length = header(request.headers, 'content-length');
  if (length !== undefined) headers['content-length'] = length;
  const encoding = header(request.headers, 'transfer-encoding');
  if (encoding !== undefined) headers['transfer-encoding'] = encoding;
  const md5 = header(request.headers, 'content-md5');
  if (md5 !== undefined) {
    const digest = Buffer.from(md5, 'base64');
    if (digest.length !== 16) throw s3Errors.invalidDigest(md5);
    // Swift checks the data against its ETag (hex) and answers 422 when they differ.
    headers.etag = digest.toString('hex');
  }
  return headers;
}

/** `x-amz-copy-source` (`[/]<bucket>/<key>`, percent-encoded) as Swift's `X-Copy-From`. */
function copyFrom(source: string): string {
  const path = decodeURIComponent(source.split('?')[0]!).replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw s3Errors.invalidArgument(
      'x-amz-copy-source',
      source,
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
    );
  }
  return `/${encodeURIComponent(path.slice(0, slash))}/${path
    .slice(slash + 1)
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
}

/**
 * UploadPart (`PUT /<bucket>/<key>?partNumber=N&uploadId=X`): the body stored as the part, its
 * ETag answered; with `x-amz-copy-source` (UploadPartCopy) the part is a copy of that object.
 */
export const uploadPart: UploadOperation = async (s3, request, bucket, key, uploadId) => {
  const partNumber = partNumberOf(request.query.partNumber);
  await requireUpload(s3, request, bucket, key, uploadId);
  const source = header(request.headers, 'x-amz-copy-source');
  if (source !== undefined && header(request.headers, 'x-amz-copy-source-range') !== undefined) {
    throw s3Errors.notImplemented('UploadPartCopy of a byte range is not supported.');
  }
  const target = {
    method: 'PUT',
    container: segmentsContainer(bucket),
    object: partObject(key, uploadId, partNumber),
  };
  if (source !== undefined) {
    const copied = await callSwift(s3, request, {
      ...target,
      headers: { 'x-copy-from': copyFrom(source), 'content-length': '0' },
      body: emptyBody(),
    });
    const modified = copied.headers['last-modified'];
    return xmlAnswer('CopyPartResult', {
      LastModified: s3XmlTime(modified ? Date.parse(modified) : request.now),
      ETag: `"${copied.headers.etag ?? ''}"`,
    });
  }
  const md5 = header(request.headers, 'content-md5');
  const stored = await callSwift(s3, request, {
    ...target,
    headers: dataHeaders(request),
    ...(request.body ? { body: request.body } : { body: emptyBody() }),
    errors: { 422: () => s3Errors.badDigest(md5 ?? '') },
  });
  return { status: 200, headers: { etag: `"${stored.headers.etag ?? ''}"` }, body: '' };
};
