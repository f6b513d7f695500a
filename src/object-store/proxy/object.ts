import { Readable } from 'node:stream';
import { checkMetadata, checkObjectLength, checkObjectName, deleteAt } from './constraints.js';
import { clientHeaders, header, transferHeaders, unquoteEtag } from './headers.js';
import { guessContentType } from './mime-types.js';
import { copyObject, copySourceOf } from './object-copy.js';
import { containerUpdateHeaders } from './container-updates.js';
import { putObjectData } from './object-writer.js';
import { backendHeaders, writeHeaders, type ProxyContext } from './proxy-context.js';
import { discard } from './replicas.js';
import { authorizeCall, type SwiftAnswer, type SwiftCall } from './swift-call.js';
import { SwiftError } from './swob.js';
import { lastModified } from './timestamp.js';

/** Request headers the object server answers conditionally on, passed on as they are. */
const READ_HEADERS = [
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'x-newest',
];

export const objectPath = (call: SwiftCall) => ({
  account: call.path.account,
  container: call.path.container ?? '',
  object: call.path.object ?? '',
});

/** The container's existence and the ACL that applies, checked as Swift does before any object write. */
export async function authorizeInContainer(
  proxy: ProxyContext,
  call: SwiftCall,
  acl: 'read' | 'write',
  path = call.path,
): Promise<{ containerExists: boolean }> {
  const info = await proxy.info.container(path.account, path.container ?? '', call.transId);
  authorizeCall(call, acl === 'read' ? info.readAcl : info.writeAcl, path);
  if (info.status >= 500) throw new SwiftError(503);
  return { containerExists: info.status >= 200 && info.status < 300 };
}

/** The headers of an object answer: the stored ones, `Last-Modified` from the timestamp, byte ranges offered. */
export function objectAnswerHeaders(backend: Record<string, string>): Record<string, string> {
  const headers = clientHeaders(backend, false);
  if (backend['x-timestamp']) headers['last-modified'] = lastModified(backend['x-timestamp']);
  headers['accept-ranges'] = 'bytes';
  return headers;
}

/** The system metadata among an object server's answer headers. */
function objectSysmeta(backend: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(backend).filter(([name]) => name.startsWith('x-object-sysmeta-')));
}

/** GET and HEAD of an object: from the first replica that has it, ranges and conditions answered by it. */
async function readObject(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  await authorizeInContainer(proxy, call, 'read');
  const headers = backendHeaders(call);
  for (const name of READ_HEADERS) {
    const value = header(call.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const response = await proxy.replicas.read(objectPath(call), {
    method: call.method as 'GET' | 'HEAD',
    headers,
  });
  const answerHeaders = objectAnswerHeaders(response.headers);
  if (response.status >= 400) {
    discard(response);
    // A failed condition still tells what the object is; an unsatisfiable range, how long it is.
    const told = response.status === 412 || response.status === 416 ? answerHeaders : {};
    delete told['content-type'];
    throw new SwiftError(response.status, undefined, told);
  }
  if (response.headers['content-length'] !== undefined) {
    answerHeaders['content-length'] = response.headers['content-length'];
  }
  const sysmeta = objectSysmeta(response.headers);
  if (call.method === 'HEAD' || response.status === 304) {
    discard(response);
    return { status: response.status, headers: answerHeaders, body: '', sysmeta };
  }
  return { status: response.status, headers: answerHeaders, body: response.body, sysmeta };
}

/** The object headers of a PUT: its type (guessed from the name when not given), metadata, expiry. */
export function objectPutHeaders(call: SwiftCall): Record<string, string> {
  const headers = {
    ...writeHeaders(call),
    ...transferHeaders(call.headers, 'object', false),
    ...call.sysmeta,
  };
  const contentType = header(call.headers, 'content-type');
  const detect = header(call.headers, 'x-detect-content-type')?.toLowerCase() === 'true';
  headers['content-type'] = !contentType || detect ? guessContentType(call.path.object ?? '') : contentType;
  const at = deleteAt(call.headers, Math.floor(call.now / 1000));
  if (at !== undefined) headers['x-delete-at'] = at;
  delete headers['x-delete-after'];
  for (const name of ['etag', 'if-none-match']) {
    const value = header(call.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** PUT of an object: its data, or a copy of another object's (`X-Copy-From`). */
async function putObject(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const copySource = copySourceOf(call);
  if (copySource) return copyObject(proxy, call, copySource, call.path);
  const { containerExists } = await authorizeInContainer(proxy, call, 'write');
  if (!containerExists) throw new SwiftError(404);
  checkObjectLength(call.headers);
  checkObjectName(call.path.object ?? '');
  const headers = objectPutHeaders(call);
  checkMetadata(call.headers, 'object');
  const length = header(call.headers, 'content-length');
  if (length !== undefined) headers['content-length'] = length;
  else headers['transfer-encoding'] = 'chunked';
  const response = await putObjectData(proxy, objectPath(call), headers, call.body ?? Readable.from([]));
  if (response.status >= 300) throw new SwiftError(response.status);
  return createdAnswer(response.headers.etag, headers['x-timestamp']);
}

/** 201 of a stored object: its ETag and when it was made. */
export function createdAnswer(etag: string | undefined, timestamp: string): SwiftAnswer {
  return {
    status: 201,
    headers: { etag: unquoteEtag(etag ?? ''), 'last-modified': lastModified(timestamp) },
  };
}

/** POST of an object: its metadata replaced (and its type, when given). */
async function postObject(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  checkMetadata(call.headers, 'object');
  const headers = { ...writeHeaders(call), ...transferHeaders(call.headers, 'object', false) };
  const at = deleteAt(call.headers, Math.floor(call.now / 1000));
  if (at !== undefined) headers['x-delete-at'] = at;
  const contentType = header(call.headers, 'content-type');
  if (contentType !== undefined) headers['content-type'] = contentType;
  const { containerExists } = await authorizeInContainer(proxy, call, 'write');
  if (!containerExists) throw new SwiftError(404);
  const path = objectPath(call);
  const response = await proxy.replicas.writeAll(
    path,
    { method: 'POST', headers },
    containerUpdateHeaders(proxy, path),
  );
  discard(response);
  if (response.status >= 300) throw new SwiftError(response.status);
  return { status: 202, headers: {} };
}

/** DELETE of an object, on every replica. */
async function deleteObject(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const { containerExists } = await authorizeInContainer(proxy, call, 'write');
  if (!containerExists) throw new SwiftError(404);
  const path = objectPath(call);
  const response = await proxy.replicas.writeAll(
    path,
    { method: 'DELETE', headers: writeHeaders(call) },
    containerUpdateHeaders(proxy, path),
  );
  discard(response);
  if (response.status >= 300) throw new SwiftError(response.status);
  return { status: 204, headers: {} };
}

export async function objectController(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  switch (call.method) {
    case 'GET':
    case 'HEAD':
      return readObject(proxy, call);
    case 'PUT':
      return putObject(proxy, call);
    case 'POST':
      return postObject(proxy, call);
    case 'DELETE':
      return deleteObject(proxy, call);
    case 'COPY':
      return copyObject(proxy, call, call.path, destinationOf(call));
    default:
      throw new SwiftError(405, undefined, { allow: 'COPY, DELETE, GET, HEAD, POST, PUT' });
  }
}

/** The target of a COPY: `Destination: <container>/<object>` in `Destination-Account` (or this account). */
function destinationOf(call: SwiftCall) {
  const destination = header(call.headers, 'destination');
  if (destination === undefined) throw new SwiftError(412, 'Destination header required');
  const account = header(call.headers, 'destination-account') ?? call.path.account;
  return { version: call.path.version, account, ...splitContainerObject(destination, 'Destination') };
}

/** `<container>/<object>` (a leading slash allowed, names percent-decoded), else 412 as Swift's copy middleware. */
export function splitContainerObject(
  value: string,
  headerName: string,
): { container: string; object: string } {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Left as sent; the split below decides.
  }
  const trimmed = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) {
    throw new SwiftError(412, `${headerName} header must be of the form <container name>/<object name>`);
  }
  return { container: trimmed.slice(0, slash), object: trimmed.slice(slash + 1) };
}
