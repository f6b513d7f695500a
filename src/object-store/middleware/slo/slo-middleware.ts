import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { header } from '../../proxy/headers.js';
import { guessContentType } from '../../proxy/mime-types.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import { bulkAnswer, bulkAnswerFormat, type FailedName, quoteName, statusLine } from '../bulk/bulk-answer.js';
import { deleteNames, type NameToDelete } from '../bulk/bulk-delete.js';
import type { SwiftApp, SwiftMiddleware } from '../swift-middleware.js';
import { parseManifestInput, segmentRange, type SegmentInput } from './manifest-input.js';
import {
  largeObjectAnswer,
  largeObjectEtag,
  readMaybeManifest,
  type Segment,
  withoutSwiftBytes,
} from './segmented-read.js';
import { answerOf, isSuccess, pathInAccount, subCall } from './sub-call.js';
import { dropBody, readAll, readAtMost } from '../../proxy/whole-body.js';

/** Swift's SLO defaults, published by `/info`. */
const MAX_MANIFEST_SEGMENTS = 1000;
const MAX_MANIFEST_SIZE = 8 * 1024 * 1024;

/** A segment as a manifest keeps it (Swift's stored format). */
interface StoredSegment {
  name: string;
  hash: string;
  bytes: number;
  content_type: string;
  last_modified: string;
  range?: string;
  sub_slo?: boolean;
}

const isSlo = (headers: Record<string, string>) => headers['x-static-large-object']?.toLowerCase() === 'true';

/** `/container/object` of a manifest entry as a path in the call's account. */
function segmentPath(call: SwiftCall, name: string) {
  const trimmed = name.replace(/^\/+/, '');
  const slash = trimmed.indexOf('/');
  return pathInAccount(call, trimmed.slice(0, slash), trimmed.slice(slash + 1));
}

/** A segment's part in the SLO's etag: its hash, with its range when it has one. */
const etagPart = (segment: StoredSegment) =>
  segment.range ? `${segment.hash}:${segment.range};` : segment.hash;

/** `Last-Modified` as a manifest keeps it: ISO without the zone, microseconds. */
function manifestTime(lastModified: string | undefined): string {
  const date = lastModified ? new Date(lastModified) : new Date();
  return `${date.toISOString().slice(0, 19)}.000000`;
}

/** Checks one listed segment against its HEAD: what it stores, its length in the whole, and its problems. */
function checkSegment(
  input: SegmentInput,
  head: SwiftAnswer,
  allowEmpty: boolean,
  problems: FailedName[],
): { length: number; stored: StoredSegment } {
  const name = quoteName(input.path);
  const size = Number(head.headers['content-length'] ?? 0);
  let length = size;
  const stored: StoredSegment = {
    name: `/${input.path.replace(/^\/+/, '')}`,
    bytes: size,
    hash: (head.headers.etag ?? '').replace(/"/g, ''),
    content_type: withoutSwiftBytes(head.headers['content-type'] ?? 'application/octet-stream'),
    last_modified: manifestTime(head.headers['last-modified']),
  };
  if (input.range) {
    const range = segmentRange(input.range, size);
    if (range === 'invalid' || range === 'unsatisfiable') problems.push([name, 'Unsatisfiable Range']);
    else if (range[0] !== 0 || range[1] !== size) {
      stored.range = `${range[0]}-${range[1] - 1}`;
      length = range[1] - range[0];
    }
  }
  if (length < 1 && !allowEmpty) problems.push([name, 'Too small; each segment must be at least 1 byte.']);
  if (input.size_bytes !== undefined && input.size_bytes !== null && input.size_bytes !== size) {
    problems.push([name, 'Size Mismatch']);
  }
  if (input.etag !== undefined && input.etag !== null && input.etag !== stored.hash) {
    problems.push([name, 'Etag Mismatch']);
  }
  if (isSlo(head.headers)) stored.sub_slo = true;
  return { length, stored };
}

/** `PUT ?multipart-manifest=put`: the segments checked by a HEAD each, then the manifest stored. */
async function putManifest(
  next: SwiftApp,
  self: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
): Promise<SwiftAnswer> {
  if (header(call.headers, 'x-copy-from') !== undefined) {
    throw new SwiftError(405, 'Multipart Manifest PUTs cannot be COPY requests');
  }
  const declared = header(call.headers, 'content-length');
  if (declared === undefined && header(call.headers, 'transfer-encoding')?.toLowerCase() !== 'chunked') {
    throw new SwiftError(411);
  }
  const tooLarge = new SwiftError(413, `Manifest File > ${MAX_MANIFEST_SIZE} bytes`);
  if (declared !== undefined && Number(declared) > MAX_MANIFEST_SIZE) throw tooLarge;
  const body = await readAtMost(call.body, MAX_MANIFEST_SIZE);
  if (body === undefined) throw tooLarge;
  const manifestPath = `/${call.path.container}/${call.path.object}`;
  const inputs = parseManifestInput(body, manifestPath);
  if (inputs.length > MAX_MANIFEST_SEGMENTS) {
    throw new SwiftError(413, `Number of object-backed segments must be <= ${MAX_MANIFEST_SEGMENTS}`);
  }
  const format = bulkAnswerFormat(header(call.headers, 'accept')) ?? 'text/plain';
  const heads = new Map<string, SwiftAnswer>();
  for (const input of inputs) {
    if (heads.has(input.path)) continue;
    const head = await answerOf(self, proxy, subCall(call, 'HEAD', segmentPath(call, input.path)));
    dropBody(head);
    heads.set(input.path, head);
  }
  const problems: FailedName[] = [];
  const stored: StoredSegment[] = [];
  let total = 0;
  inputs.forEach((input, index) => {
    const head = heads.get(input.path) as SwiftAnswer;
    if (!isSuccess(head.status)) {
      problems.push([quoteName(input.path), statusLine(head.status)]);
      return;
    }
    const checked = checkSegment(input, head, index === inputs.length - 1, problems);
    total += checked.length;
    stored.push(checked.stored);
  });
  if (problems.length > 0) {
    const answer = bulkAnswer(format, {}, problems, 'upload');
    return { ...answer, status: 400 };
  }
  const sloEtag = createHash('md5').update(stored.map(etagPart).join('')).digest('hex');
  const clientEtag = header(call.headers, 'etag')?.replace(/"/g, '');
  if (clientEtag && clientEtag !== sloEtag) throw new SwiftError(422);
  const json = Buffer.from(JSON.stringify(stored));
  const contentType = header(call.headers, 'content-type') || guessContentType(call.path.object ?? '');
  const headers: Record<string, string> = {
    ...(call.headers as Record<string, string>),
    'x-static-large-object': 'True',
    etag: createHash('md5').update(json).digest('hex'),
    'content-length': String(json.length),
    // The listing shows the whole's size, kept by the container as Swift's `swift_bytes`.
    'content-type': `${withoutSwiftBytes(contentType)};swift_bytes=${total}`,
  };
  delete headers['transfer-encoding'];
  const put = await next(proxy, { ...call, query: {}, headers, body: Readable.from([json]) });
  return { ...put, headers: { ...put.headers, etag: `"${sloEtag}"` } };
}

/** The segments a manifest keeps, or the manifest's own refusal. */
async function loadManifest(answer: SwiftAnswer): Promise<StoredSegment[]> {
  try {
    return JSON.parse((await readAll(answer.body)).toString('utf8')) as StoredSegment[];
  } catch {
    throw new SwiftError(500, 'Unable to load SLO manifest');
  }
}

/** GET or HEAD: a manifest reads as its segments; `?multipart-manifest=get` reads the manifest itself. */
async function readObject(
  next: SwiftApp,
  self: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
): Promise<SwiftAnswer> {
  if (call.query['multipart-manifest'] === 'get') {
    const answer = await next(proxy, call);
    if (!isSlo(answer.headers)) return answer;
    const headers: Record<string, string> = {
      ...answer.headers,
      'content-type': 'application/json; charset=utf-8',
    };
    if (call.query.format !== 'raw' || call.method === 'HEAD') return { ...answer, headers };
    const raw = (await loadManifest(answer)).map((segment) => ({
      path: segment.name,
      etag: segment.hash,
      size_bytes: segment.bytes,
      ...(segment.range ? { range: segment.range } : {}),
    }));
    const body = JSON.stringify(raw);
    delete headers.etag;
    return { status: 200, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body };
  }
  const manifestCall = call.method === 'HEAD' ? { ...call, method: 'GET' } : call;
  const { answer, manifest } = await readMaybeManifest(next, proxy, manifestCall, isSlo);
  if (!manifest) {
    if (call.method === 'HEAD') {
      dropBody(answer);
      return { ...answer, body: '' };
    }
    return answer;
  }
  const stored = await loadManifest(answer);
  const segments: Segment[] = stored.map((segment) => {
    const [start, end] = segment.range ? segment.range.split('-').map(Number) : [0, segment.bytes - 1];
    return { path: segmentPath(call, segment.name), start, end: end + 1 };
  });
  const whole = largeObjectAnswer(
    self,
    proxy,
    call,
    answer.headers,
    segments,
    largeObjectEtag(stored.map(etagPart)),
  );
  return { ...whole, sysmeta: answer.sysmeta };
}

/** `DELETE ?multipart-manifest=delete`: the segments (those of nested manifests too), then the manifest. */
async function deleteManifest(next: SwiftApp, proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const names = async (): Promise<NameToDelete[]> => {
    const found: NameToDelete[] = [];
    const pending: string[] = [`/${call.path.container}/${call.path.object}`];
    while (pending.length > 0) {
      const name = pending.shift() as string;
      const answer = await answerOf(
        next,
        proxy,
        subCall(call, 'GET', segmentPath(call, name), {
          query: { 'multipart-manifest': 'get' },
        }),
      );
      if (isSuccess(answer.status) && isSlo(answer.headers)) {
        for (const segment of await loadManifest(answer)) {
          if (segment.sub_slo) pending.push(segment.name);
          else found.push({ name: segment.name });
        }
        found.push({ name });
        continue;
      }
      dropBody(answer);
      if (isSuccess(answer.status))
        found.push({ name, error: { status: 400, message: 'Not an SLO manifest' } });
      else if (answer.status === 404)
        found.push({ name, error: { status: 404, message: 'SLO manifest not found' } });
      else if (answer.status === 401)
        found.push({ name, error: { status: 401, message: '401 Unauthorized' } });
      else found.push({ name, error: { status: 500, message: 'Unable to load SLO manifest or segment.' } });
    }
    return found;
  };
  return deleteNames(next, proxy, call, names);
}

/**
 * Swift's static large objects: a manifest (`PUT ?multipart-manifest=put` with a JSON list of
 * segments, each checked) that reads as its segments one after the other, and deletes with
 * them (`?multipart-manifest=delete`).
 */
export const sloMiddleware: SwiftMiddleware = {
  name: 'slo',
  info: () => ({
    max_manifest_segments: MAX_MANIFEST_SEGMENTS,
    max_manifest_size: MAX_MANIFEST_SIZE,
    yield_frequency: 10,
    min_segment_size: 1,
    allow_async_delete: false,
  }),
  wrap(next) {
    const self: SwiftApp = async (proxy, call) => {
      if (call.path.object === undefined) return next(proxy, call);
      const mode = call.query['multipart-manifest'];
      if (call.method === 'PUT' && mode === 'put') return putManifest(next, self, proxy, call);
      if (call.method === 'DELETE' && mode === 'delete') return deleteManifest(next, proxy, call);
      if (call.method === 'GET' || call.method === 'HEAD') return readObject(next, self, proxy, call);
      if (header(call.headers, 'x-static-large-object') !== undefined) {
        throw new SwiftError(
          400,
          'X-Static-Large-Object is a reserved header. To create a static large object add query param multipart-manifest=put.',
        );
      }
      return next(proxy, call);
    };
    return self;
  },
};
