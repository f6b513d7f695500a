import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isSysMeta } from '../metadata-headers.js';
import type { StorageRequest, StorageResponse } from '../storage-protocol.js';
import { respond, StorageError } from '../storage-response.js';
import { Timestamp } from '../timestamp.js';
import { matchesEtag, normalizeEtag, parseMatch } from './conditional-request.js';
import { requestTimestamp } from '../request-timestamp.js';
import { applyOverrides, type ObjectContext, type ObjectTarget } from './object-context.js';
import type { ObjectMetadata } from './object-file-format.js';
import { objectFileName, type ObjectFileKind } from './object-files.js';
import { ClientDisconnect, publishFile, writeObjectFile, type WrittenFile } from './object-file-writer.js';
import { readObjectState } from './object-reader.js';

const MAX_OBJECT_NAME_LENGTH = 1024;

/** Swift's `check_delete_headers` on the object server: X-Delete-At a whole number after the request. */
function checkDeleteAt(headers: Record<string, string>, timestamp: Timestamp, allowEqual: boolean): void {
  const value = headers['x-delete-at'];
  if (value === undefined) return;
  if (!/^\d+$/.test(value)) throw new StorageError(400, 'Non-integer X-Delete-At');
  const deleteAt = Number(value);
  const past = allowEqual ? deleteAt < timestamp.seconds : deleteAt <= timestamp.seconds;
  if (past && headers['x-backend-replication'] !== 'true') throw new StorageError(400, 'X-Delete-At in past');
}

/** The body's length: Content-Length, a buffer's own, or undefined for a streamed (chunked) body. */
function bodyLength(request: StorageRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header !== undefined) {
    if (!/^\d+$/.test(header)) throw new StorageError(400, 'Invalid Content-Length header');
    return Number(header);
  }
  if (Buffer.isBuffer(request.body)) return request.body.length;
  if (request.body === undefined) {
    if (request.headers['transfer-encoding'] === 'chunked') return 0;
    throw new StorageError(411, 'Missing Content-Length header.');
  }
  return undefined;
}

/** The body as chunks, a failure of its stream told apart from a failure of the disk. */
async function* clientChunks(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body) yield chunk;
  } catch (error) {
    throw new ClientDisconnect(`reading the body failed: ${(error as Error).message}`);
  }
}

/** Writes one object file and makes it the object's newest, then cleans older ones up. */
async function commit(
  context: ObjectContext,
  target: ObjectTarget,
  names: string[],
  kind: ObjectFileKind,
  timestamp: Timestamp,
  written: WrittenFile,
): Promise<void> {
  const name = objectFileName(kind, timestamp);
  await publishFile(written, join(target.folder, name), target.device.path, names.length > 0);
  context.invalidate(target);
  await context.cleanup(target, names, name);
}

export async function putObject(
  context: ObjectContext,
  request: StorageRequest,
  target: ObjectTarget,
): Promise<StorageResponse> {
  const { headers } = request;
  const timestamp = requestTimestamp(headers);
  const expectedBytes = bodyLength(request);
  if (target.object.length > MAX_OBJECT_NAME_LENGTH) {
    throw new StorageError(
      400,
      `Object name length of ${target.object.length} longer than ${MAX_OBJECT_NAME_LENGTH}`,
    );
  }
  const contentType = headers['content-type'];
  if (contentType === undefined) throw new StorageError(400, 'No content type');
  checkDeleteAt(headers, timestamp, false);
  const tmp = await target.device.tmpFolder();

  const metadata = await context.locks.run(target.folder, async () => {
    const state = await readObjectState(target.folder, false);
    const ifNoneMatch = parseMatch(headers['if-none-match']);
    if (state.exists && ifNoneMatch && matchesEtag(ifNoneMatch, state.metadata.etag)) {
      throw new StorageError(412, 'Precondition Failed');
    }
    const existing = state.exists ? state.dataTimestamp : (state.timestamp ?? Timestamp.zero);
    if (!timestamp.isAfter(existing)) {
      throw new StorageError(409, 'Conflict', { 'x-backend-timestamp': existing.internal });
    }
    const metadata: ObjectMetadata = {
      name: `/${target.account}/${target.container}/${target.object}`,
      'x-timestamp': timestamp.internal,
      'content-type': contentType,
      ...context.requestMetadata(headers, true),
    };
    const body = Buffer.isBuffer(request.body) || !request.body ? request.body : clientChunks(request.body);
    const written = await writeObjectFile(tmp, metadata, { body, withBody: true, expectedBytes });
    const expected = headers.etag;
    if (expected !== undefined && normalizeEtag(expected) !== written.etag) {
      await rm(written.path, { force: true });
      throw new StorageError(422, 'Unprocessable Entity');
    }
    await commit(context, target, state.names, 'data', timestamp, written);
    return metadata;
  });

  const update: Record<string, string> = {
    'x-size': metadata['content-length'],
    'x-content-type': metadata['content-type'],
    'x-timestamp': timestamp.internal,
    'x-etag': metadata.etag,
  };
  applyOverrides(update, headers);
  await context.updateContainer(request, target, 'PUT', update, timestamp);
  return respond(201, { etag: `"${metadata.etag}"` });
}

export async function postObject(
  context: ObjectContext,
  request: StorageRequest,
  target: ObjectTarget,
): Promise<StorageResponse> {
  const { headers } = request;
  const timestamp = requestTimestamp(headers);
  checkDeleteAt(headers, timestamp, true);
  const tmp = await target.device.tmpFolder();

  const result = await context.locks.run(target.folder, async () => {
    const state = await readObjectState(target.folder, false);
    if (!state.exists || context.isExpired(state.metadata, headers)) throw new StorageError(404, 'Not Found');
    if (!timestamp.isAfter(state.timestamp)) {
      throw new StorageError(409, 'Conflict', { 'x-backend-timestamp': state.timestamp.internal });
    }
    const metadata: ObjectMetadata = {
      name: state.metadata.name,
      'x-timestamp': timestamp.internal,
      ...context.requestMetadata(headers, false),
    };
    // A new Content-Type rides with the .meta; an earlier POST's one is carried forward.
    if (headers['content-type'] !== undefined) {
      metadata['content-type'] = headers['content-type'];
      metadata['content-type-timestamp'] = headers['content-type-timestamp'] ?? timestamp.internal;
    } else if (state.metadata['content-type-timestamp'] !== undefined) {
      metadata['content-type'] = state.metadata['content-type'];
      metadata['content-type-timestamp'] = state.metadata['content-type-timestamp'];
    }
    const written = await writeObjectFile(tmp, metadata, { withBody: false });
    await commit(context, target, state.names, 'meta', timestamp, written);
    return { state, metadata };
  });

  const { state, metadata } = result;
  const contentType = metadata['content-type'] ?? state.metadata['content-type'];
  const update: Record<string, string> = {
    'x-size': state.metadata['content-length'],
    'x-content-type': contentType,
    'x-timestamp': state.dataTimestamp.internal,
    'x-content-type-timestamp': metadata['content-type-timestamp'] ?? state.dataTimestamp.internal,
    'x-meta-timestamp': timestamp.internal,
    'x-etag': state.metadata.etag,
  };
  applyOverrides(update, state.metadata);
  // An object POST is a PUT of the row to the container server.
  await context.updateContainer(request, target, 'PUT', update, timestamp);
  const answer: Record<string, string> = { 'x-backend-content-type': contentType };
  for (const [key, value] of Object.entries(state.metadata))
    if (isSysMeta('object', key)) answer[key] = value;
  return respond(202, answer);
}

export async function deleteObject(
  context: ObjectContext,
  request: StorageRequest,
  target: ObjectTarget,
): Promise<StorageResponse> {
  const { headers } = request;
  const timestamp = requestTimestamp(headers);
  const ifDeleteAtHeader = headers['x-if-delete-at'];
  const ifDeleteAt = ifDeleteAtHeader === undefined ? undefined : Timestamp.tryParse(ifDeleteAtHeader);
  if (ifDeleteAtHeader !== undefined && !ifDeleteAt)
    throw new StorageError(400, 'Bad X-If-Delete-At header value');
  const tmp = await target.device.tmpFolder();

  const outcome = await context.locks.run(target.folder, async () => {
    const state = await readObjectState(target.folder, false);
    const existing = state.exists ? state.dataTimestamp : (state.timestamp ?? Timestamp.zero);
    const metadata = state.exists ? state.metadata : {};
    let status = 404;
    if (state.exists && !context.isExpired(state.metadata, headers))
      status = timestamp.isAfter(existing) ? 204 : 409;
    if (ifDeleteAt) {
      // The expirer's delete: only of the object it was told about.
      if (existing.compare(Timestamp.zero) === 0) return { status: 404, existing, metadata };
      if (!timestamp.isAfter(existing)) return { status: 409, existing, metadata };
      const deleteAt = Timestamp.tryParse(metadata['x-delete-at']) ?? Timestamp.zero;
      if (deleteAt.compare(ifDeleteAt) !== 0)
        throw new StorageError(412, 'X-If-Delete-At and X-Delete-At do not match');
      status = 204;
    }
    if (timestamp.isAfter(existing)) {
      const tombstone = {
        name: `/${target.account}/${target.container}/${target.object}`,
        'x-timestamp': timestamp.internal,
      };
      const written = await writeObjectFile(tmp, tombstone, { withBody: false });
      await commit(context, target, state.names, 'ts', timestamp, written);
    }
    return { status, existing, metadata };
  });

  if (timestamp.isAfter(outcome.existing)) {
    await context.updateContainer(
      request,
      target,
      'DELETE',
      { 'x-timestamp': timestamp.internal },
      timestamp,
    );
  }
  return respond(outcome.status, {
    'x-backend-timestamp': Timestamp.max(outcome.existing, timestamp).internal,
    'x-backend-content-type': outcome.metadata['content-type'] ?? '',
  });
}
