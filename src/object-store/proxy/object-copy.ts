import { Readable } from 'node:stream';
import { checkMetadata, checkObjectName, CONSTRAINTS } from './constraints.js';
import { header } from './headers.js';
import { authorizeInContainer, createdAnswer, objectPutHeaders, splitContainerObject } from './object.js';
import { putObjectData } from './object-writer.js';
import { backendHeaders, type ProxyContext } from './proxy-context.js';
import { discard } from './replicas.js';
import type { SwiftAnswer, SwiftCall } from './swift-call.js';
import type { SwiftPath } from './swift-path.js';
import { badRequest, SwiftError } from './swob.js';
import { lastModified } from './timestamp.js';

/** Headers of the source object a copy keeps, besides its metadata (Swift's copy middleware). */
const COPIED_HEADERS = [
  'content-type',
  'content-encoding',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
  'x-robots-tag',
];

/** The source named by `X-Copy-From` (in `X-Copy-From-Account`, or this account), if the PUT names one. */
export function copySourceOf(call: SwiftCall): SwiftPath | null {
  const from = header(call.headers, 'x-copy-from');
  if (from === undefined) return null;
  const account = header(call.headers, 'x-copy-from-account') ?? call.path.account;
  return { version: call.path.version, account, ...splitContainerObject(from, 'X-Copy-From') };
}

const quotePath = (path: SwiftPath) =>
  `${encodeURIComponent(path.container ?? '')}/${(path.object ?? '').split('/').map(encodeURIComponent).join('/')}`;

/**
 * COPY, and PUT with `X-Copy-From`: the source read (by the caller's right to read it), its
 * data streamed into a new object (by the caller's right to write there), with the source's
 * type and metadata unless `X-Fresh-Metadata: true`, the request's own metadata on top.
 */
export async function copyObject(
  proxy: ProxyContext,
  call: SwiftCall,
  source: SwiftPath,
  destination: SwiftPath,
): Promise<SwiftAnswer> {
  const declared = header(call.headers, 'content-length');
  if (call.method === 'PUT' && declared !== undefined && declared !== '0') {
    throw badRequest('Copy requests require a zero byte body');
  }
  checkObjectName(destination.object ?? '');
  checkMetadata(call.headers, 'object');
  const sourceInContainer = await authorizeInContainer(proxy, call, 'read', source);
  if (!sourceInContainer.containerExists) throw new SwiftError(404);
  const sourcePath = {
    account: source.account,
    container: source.container ?? '',
    object: source.object ?? '',
  };
  const read = await proxy.replicas.read(sourcePath, { method: 'GET', headers: backendHeaders(call) });
  if (read.status >= 300) {
    discard(read);
    throw new SwiftError(read.status);
  }
  try {
    if (Number(read.headers['content-length'] ?? 0) > CONSTRAINTS.max_file_size) {
      throw new SwiftError(413, 'Your request is too large.');
    }
    const target = await authorizeInContainer(proxy, call, 'write', destination);
    if (!target.containerExists) throw new SwiftError(404);
  } catch (error) {
    discard(read);
    throw error;
  }
  const fresh = header(call.headers, 'x-fresh-metadata')?.toLowerCase() === 'true';
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(read.headers)) {
    if (COPIED_HEADERS.includes(name) || (!fresh && name.startsWith('x-object-meta-'))) kept[name] = value;
  }
  const requested = objectPutHeaders({ ...call, path: destination });
  if (header(call.headers, 'content-type') === undefined) delete requested['content-type'];
  delete requested.etag;
  const headers: Record<string, string> = { ...kept, ...requested };
  headers['content-type'] ??= 'application/octet-stream';
  if (read.headers['content-length'] !== undefined)
    headers['content-length'] = read.headers['content-length'];
  else headers['transfer-encoding'] = 'chunked';
  const body = Buffer.isBuffer(read.body) ? Readable.from([read.body]) : read.body;
  const destinationPath = {
    account: destination.account,
    container: destination.container ?? '',
    object: destination.object ?? '',
  };
  const response = await putObjectData(proxy, destinationPath, headers, body);
  if (response.status >= 300) throw new SwiftError(response.status);
  const answer = createdAnswer(response.headers.etag, headers['x-timestamp']);
  answer.headers['x-copied-from-account'] = encodeURIComponent(source.account);
  answer.headers['x-copied-from'] = quotePath(source);
  if (read.headers['x-timestamp']) {
    answer.headers['x-copied-from-last-modified'] = lastModified(read.headers['x-timestamp']);
  }
  // The new object's metadata and expiry, as the copy middleware tells them (`_copy_headers`).
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-object-meta-') || name === 'x-delete-at') answer.headers[name] = value;
  }
  return answer;
}
