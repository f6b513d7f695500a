import { randomBytes } from 'node:crypto';
import { isObjectTransientSysmeta, isSysMeta, isUserMeta } from '../metadata-headers.js';
import type { StorageRequest, StorageResponse } from '../storage-protocol.js';
import { respond } from '../storage-response.js';
import { Timestamp } from '../timestamp.js';
import { contentRange, rangesForLength } from './byte-ranges.js';
import { conditionalStatus } from './conditional-request.js';
import { discardData, multipartBody, rangeBody } from './object-body.js';
import { ALLOWED_HEADERS, type ObjectContext, type ObjectTarget } from './object-context.js';
import type { ObjectMetadata } from './object-file-format.js';
import { readObjectState } from './object-reader.js';

/** The headers of an object's GET and HEAD (Swift's object server, before any range or condition). */
function objectHeaders(metadata: ObjectMetadata, timestamp: Timestamp, dataTimestamp: Timestamp) {
  const headers: Record<string, string> = {
    'content-type': metadata['content-type'] ?? 'application/octet-stream',
  };
  for (const [key, value] of Object.entries(metadata)) {
    if (isUserMeta('object', key) || isSysMeta('object', key) || isObjectTransientSysmeta(key))
      headers[key] = value;
    else if (ALLOWED_HEADERS.includes(key)) headers[key] = value;
  }
  Object.assign(headers, {
    etag: `"${metadata.etag}"`,
    'last-modified': timestamp.httpDate,
    'content-length': metadata['content-length'],
    'x-timestamp': timestamp.normal,
    'x-backend-timestamp': timestamp.internal,
    'x-backend-data-timestamp': dataTimestamp.internal,
    'x-backend-durable-timestamp': dataTimestamp.internal,
  });
  return headers;
}

/** The ETag conditions are judged on: the first of X-Backend-Etag-Is-At's names the object has (SLO, encryption). */
function conditionalEtag(request: StorageRequest, metadata: ObjectMetadata): string {
  for (const name of (request.headers['x-backend-etag-is-at'] ?? '').split(',')) {
    const value = metadata[name.trim().toLowerCase()];
    if (value !== undefined) return value;
  }
  return metadata.etag;
}

/** Whether the Range header is to be ignored (X-Backend-Ignore-Range-If-Metadata-Present: an SLO manifest's). */
function ignoresRange(request: StorageRequest, metadata: ObjectMetadata): boolean {
  const names = (request.headers['x-backend-ignore-range-if-metadata-present'] ?? '').split(',');
  return names.some((name) => name.trim() !== '' && metadata[name.trim().toLowerCase()] !== undefined);
}

export async function getObject(
  context: ObjectContext,
  request: StorageRequest,
  target: ObjectTarget,
): Promise<StorageResponse> {
  const isGet = request.method === 'GET';
  const state = await readObjectState(target.folder, isGet);
  if (!state.exists || context.isExpired(state.metadata, request.headers)) {
    const timestamp = state.timestamp;
    if (state.exists) discardData(state.data);
    const headers: Record<string, string> = timestamp ? { 'x-backend-timestamp': timestamp.internal } : {};
    return respond(conditionalStatus(request.headers, {}) ?? 404, headers);
  }
  const { metadata, timestamp, dataTimestamp, data } = state;
  const headers = objectHeaders(metadata, timestamp, dataTimestamp);
  const lastModified = Math.ceil(timestamp.seconds);
  const condition = conditionalStatus(request.headers, {
    etag: conditionalEtag(request, metadata),
    lastModified,
  });
  if (condition !== undefined) {
    discardData(data);
    return respond(condition, { ...headers, 'content-length': '0' });
  }
  if (!isGet || !data) return respond(200, headers);

  const size = data.length;
  const ranges = ignoresRange(request, metadata) ? undefined : rangesForLength(request.headers.range, size);
  if (ranges === undefined || size === 0)
    return { status: 200, headers, body: rangeBody(data, { start: 0, end: size }) };
  if (ranges.length === 0) {
    discardData(data);
    return respond(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' });
  }
  if (ranges.length === 1) {
    const [range] = ranges;
    return {
      status: 206,
      headers: {
        ...headers,
        'content-range': contentRange(range, size),
        'content-length': String(range.end - range.start),
      },
      body: rangeBody(data, range),
    };
  }
  const boundary = randomBytes(16).toString('hex');
  const { body, length } = multipartBody(data, ranges, headers['content-type'], boundary);
  return {
    status: 206,
    headers: {
      ...headers,
      'content-type': `multipart/byteranges;boundary=${boundary}`,
      'content-length': String(length),
    },
    body,
  };
}
