import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { header } from '../../proxy/headers.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import type { SwiftPath } from '../../proxy/swift-path.js';
import { SwiftError } from '../../proxy/swob.js';
import type { SwiftApp } from '../swift-middleware.js';
import { answerOf, isSuccess, subCall } from './sub-call.js';
import { dropBody } from '../../proxy/whole-body.js';

/** One piece of a large object: an object, or a byte range of it (`end` exclusive). */
export interface Segment {
  path: SwiftPath;
  start: number;
  end: number;
}

/** The quoted md5 of a large object's segment etags, as SLO and DLO give it. */
export const largeObjectEtag = (etags: string[]) =>
  `"${createHash('md5').update(etags.join('')).digest('hex')}"`;

/** A content type without the `swift_bytes` parameter the listing keeps an SLO's size in. */
export const withoutSwiftBytes = (type: string) => type.replace(/;\s*swift_bytes=\d+/, '');

/** The one byte range of a `Range` header over `length` bytes, `[start, end)`; null when none or several. */
function requestedRange(
  value: string | undefined,
  length: number,
): [number, number] | null | 'unsatisfiable' {
  const match = value === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || length === 0) return 'unsatisfiable';
    return [Math.max(0, length - suffix), length];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? length : Math.min(length, Number(match[2]) + 1);
  if (match[2] !== '' && Number(match[2]) < start) return null;
  if (start >= length) return 'unsatisfiable';
  return [start, end];
}

/** The segments' bytes from `from` to `to` of the whole, read one segment after the other. */
function segmentBytes(
  app: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  segments: Segment[],
  from: number,
  to: number,
): Readable {
  async function* bytes() {
    let offset = 0;
    for (const segment of segments) {
      const size = segment.end - segment.start;
      const first = Math.max(from, offset);
      const last = Math.min(to, offset + size);
      offset += size;
      if (first >= last) continue;
      const start = segment.start + first - (offset - size);
      const range = `bytes=${start}-${start + (last - first) - 1}`;
      const answer = await answerOf(app, proxy, subCall(call, 'GET', segment.path, { headers: { range } }));
      if (!isSuccess(answer.status)) {
        dropBody(answer);
        throw new SwiftError(409, `Could not load segment ${segment.path.container}/${segment.path.object}`);
      }
      if (answer.body instanceof Readable) yield* answer.body;
      else if (answer.body !== undefined) yield Buffer.from(answer.body);
    }
  }
  return Readable.from(bytes());
}

/**
 * The answer of a GET or HEAD of a large object (SLO or DLO): the manifest's headers with the
 * whole's length and etag, and the segments' bytes one after the other, a single `Range`
 * answered across them (206, or 416 past the end), `If-Match`/`If-None-Match` against the whole's etag.
 */
export function largeObjectAnswer(
  app: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  manifestHeaders: Record<string, string>,
  segments: Segment[],
  etag: string,
): SwiftAnswer {
  const length = segments.reduce((total, segment) => total + segment.end - segment.start, 0);
  const headers: Record<string, string> = { ...manifestHeaders, etag, 'accept-ranges': 'bytes' };
  delete headers['content-range'];
  if (headers['content-type']) headers['content-type'] = withoutSwiftBytes(headers['content-type']);
  const bare = etag.replace(/"/g, '');
  const matches = (value: string) =>
    value.split(',').some((tag) => ['*', bare].includes(tag.trim().replace(/^W\//, '').replace(/"/g, '')));
  const ifMatch = header(call.headers, 'if-match');
  if (ifMatch !== undefined && !matches(ifMatch)) throw new SwiftError(412, undefined, headers);
  const ifNoneMatch = header(call.headers, 'if-none-match');
  if (ifNoneMatch !== undefined && matches(ifNoneMatch)) return { status: 304, headers, body: '' };
  const range = requestedRange(header(call.headers, 'range'), length);
  if (range === 'unsatisfiable') {
    throw new SwiftError(416, undefined, { ...headers, 'content-range': `bytes */${length}` });
  }
  const [from, to] = range ?? [0, length];
  headers['content-length'] = String(to - from);
  if (range) headers['content-range'] = `bytes ${from}-${to - 1}/${length}`;
  const status = range ? 206 : 200;
  if (call.method === 'HEAD') return { status, headers, body: '' };
  return { status, headers, body: segmentBytes(app, proxy, call, segments, from, to) };
}

/** Headers that ask the object server for part of an object or on conditions: not for a manifest. */
const READ_CONDITIONS = ['range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since'];

/**
 * The GET or HEAD of `call` as it is, and whether it found a manifest (`isManifest` on its
 * headers): a range or condition the manifest itself fails (416, 412, 304) is asked again
 * without them, since they are about the large object.
 */
export async function readMaybeManifest(
  next: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  isManifest: (headers: Record<string, string>) => boolean,
): Promise<{ answer: SwiftAnswer; manifest: boolean }> {
  const answer = await answerOf(next, proxy, call);
  if (isManifest(answer.headers) && (isSuccess(answer.status) || [304, 412, 416].includes(answer.status))) {
    if (answer.status === 200 || answer.status === 204) return { answer, manifest: true };
    dropBody(answer);
    const headers = { ...call.headers };
    for (const name of READ_CONDITIONS) delete headers[name];
    return { answer: await next(proxy, { ...call, headers }), manifest: true };
  }
  if (!isSuccess(answer.status) && answer.status !== 304) {
    dropBody(answer);
    throw new SwiftError(
      answer.status,
      typeof answer.body === 'string' ? answer.body || undefined : undefined,
      answer.headers,
    );
  }
  return { answer, manifest: false };
}
