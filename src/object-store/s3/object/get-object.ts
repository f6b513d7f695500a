import { S3_ETAG_SYSMETA } from '../multipart/complete-upload.js';
import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { header } from '../../proxy/headers.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { s3AnswerHeaders, swiftRequestHeaders } from '../s3-headers.js';
import { callSwift } from '../s3-swift.js';

/** Answer headers a GET may override with `response-<header>` query parameters. */
const OVERRIDABLE = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];

/**
 * The one range of a `Range: bytes=...` header over an object of `length` bytes, as Swift's
 * `Range.ranges_for_length`: null when the header is not one range (S3 then answers the whole
 * object), InvalidRange when it cannot be satisfied.
 */
function headRange(value: string, length: number): [number, number] | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) throw s3Errors.invalidRange();
    start = Math.max(0, length - suffix);
    end = length - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
    if (match[2] !== '' && Number(match[2]) < start) return null;
  }
  if (start >= length) throw s3Errors.invalidRange();
  return [start, end];
}

/**
 * GetObject and HeadObject: Swift's object read (Range, If-Match, If-None-Match,
 * If-Modified-Since, If-Unmodified-Since are Swift's own) with S3's headers, `response-*`
 * overrides on GET, and a HEAD's Range answered as 206 with the range's length, as s3api does
 * since Swift ignores ranges on HEAD.
 */
export async function getObject(s3: S3Context, request: S3Request, key: string): Promise<SwiftAnswer> {
  const answer = await callSwift(s3, request, {
    method: request.method,
    object: key,
    headers: swiftRequestHeaders(request.headers),
  });
  const headers = s3AnswerHeaders(answer.headers);
  const multipartEtag = answer.sysmeta?.[S3_ETAG_SYSMETA];
  if (multipartEtag !== undefined) headers.etag = `"${multipartEtag}"`;
  for (const name of OVERRIDABLE) {
    const override = request.query[`response-${name}`];
    if (override !== undefined) headers[name] = override;
  }
  let status = answer.status;
  const range = header(request.headers, 'range');
  if (request.method === 'HEAD' && range !== undefined && status === 200) {
    const length = Number(headers['content-length'] ?? 0);
    const span = headRange(range, length);
    if (span) {
      status = 206;
      headers['content-range'] = `bytes ${span[0]}-${span[1]}/${length}`;
      headers['content-length'] = String(span[1] - span[0] + 1);
    }
  }
  return { status, headers, ...(answer.body !== undefined ? { body: answer.body } : {}) };
}
