import { ApiError, BadRequest, Forbidden } from '../../common/http/errors.js';
import { PATCH_TYPES } from '../api/errors.js';
import { BASE_PROPERTY_NAMES, imageSchema } from '../docs/image-schema.js';
import { schemaMismatch } from '../create/create-input.js';
import { RESERVED_NAMESPACE } from '../model/image.js';
import type { JsonValue } from '../../common/python-format.js';

export type PatchOp = 'add' | 'remove' | 'replace';

/** One checked change of `PATCH /v2/images/{id}`. */
export interface ImageChange {
  op: PatchOp;
  /** The decoded JSON pointer, e.g. `['name']` or `['locations', '-']`. */
  path: string[];
  value?: JsonValue;
  /** 2.0 patches (draft 4) refuse `add` of an existing property; 2.1 (draft 10) replaces it. */
  draft: 4 | 10;
}

const MEDIA_TYPES: Record<string, 4 | 10> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};
const OPS: readonly PatchOp[] = ['add', 'remove', 'replace'];
const READ_ONLY = new Set([
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'size',
  'virtual_size',
  'direct_url',
  'self',
  'file',
  'schema',
  'id',
  'os_hash_algo',
  'os_hash_value',
]);
const RESERVED = new Set(['location', 'deleted', 'deleted_at']);
/** Path depth allowed per op (`/locations/0` has two levels); every other path has one. */
const LOCATIONS_DEPTH: Record<PatchOp, number> = { add: 2, remove: 2, replace: 1 };

const schemaProperties = imageSchema().properties!;

/** The media type of a PATCH, or 415 with `Accept-Patch` naming the two Glance takes. */
export function patchDraft(contentType: string | undefined): 4 | 10 {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const draft = MEDIA_TYPES[type];
  if (draft === undefined) {
    throw new ApiError(415, `The request media type ${contentType ?? ''} is not supported by this server.`, {
      'Accept-Patch': PATCH_TYPES,
    });
  }
  return draft;
}

function decodePointer(pointer: unknown): string[] {
  const text = typeof pointer === 'string' ? pointer : JSON.stringify(pointer);
  if (!text.startsWith('/')) throw new BadRequest(`Pointer \`${text}\` does not start with "/".`);
  if (/\/\s*?\//.test(text.slice(1))) throw new BadRequest(`Pointer \`${text}\` contains adjacent "/".`);
  if (text.length > 1 && text.endsWith('/')) throw new BadRequest(`Pointer \`${text}\` end with "/".`);
  if (text.slice(1).trim() === '/')
    throw new BadRequest(`Pointer \`${text}\` does not contains valid token.`);
  if (/~[^01]/.test(text) || text.endsWith('~')) {
    throw new BadRequest(`Pointer \`${text}\` contains "~" not part of a recognized escape sequence.`);
  }
  return text
    .replace(/^\/+/, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

function opOf(change: Record<string, unknown>, draft: 4 | 10): PatchOp {
  const available = OPS.join(', ');
  if (draft === 10) {
    const op = change.op;
    if (op === undefined) {
      throw new BadRequest(
        `Unable to find \`op\` in JSON Schema change. It must be one of the following: ${available}.`,
      );
    }
    if (!OPS.includes(op as PatchOp)) {
      throw new BadRequest(
        `Invalid operation: \`${String(op)}\`. It must be one of the following: ${available}.`,
      );
    }
    return op as PatchOp;
  }
  const named = OPS.filter((op) => op in change);
  if (named.length > 1) {
    throw new BadRequest(
      'Operation objects must contain only one member named "add", "remove", or "replace".',
    );
  }
  if (named.length === 0) {
    throw new BadRequest(
      'Operation objects must contain exactly one member named "add", "remove", or "replace".',
    );
  }
  return named[0];
}

/** Refuses changes to server-side and reserved attributes, and values the image schema refuses. */
function checkChange(change: ImageChange): void {
  const root = change.path[0];
  if (READ_ONLY.has(root)) throw new Forbidden(`Attribute '${root}' is read-only.`);
  if (RESERVED.has(root) || root.startsWith(RESERVED_NAMESPACE))
    throw new Forbidden(`Attribute '${root}' is reserved.`);
  if (change.op === 'remove') return;
  let partial: Record<string, JsonValue> | null = null;
  if (change.path.length === 1) partial = { [root]: change.value! };
  else if (BASE_PROPERTY_NAMES.has(root) && schemaProperties[root].type === 'array')
    partial = { [root]: [change.value!] };
  const mismatch = partial && schemaMismatch(partial);
  if (mismatch) throw mismatch;
}

/**
 * Reads a PATCH body as Glance's deserializer does: a JSON array of operations, each with a
 * recognised op, a well-formed pointer of the allowed depth and (but for remove) a value; every
 * change is checked before any is applied.
 */
export function parseChanges(body: unknown, draft: 4 | 10): ImageChange[] {
  if (body === undefined) throw new BadRequest('Body expected in request.');
  if (!Array.isArray(body)) throw new BadRequest('Request body must be a JSON array of operation objects.');
  return body.map((raw: unknown) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new BadRequest('Operations must be JSON objects.');
    }
    const entry = raw as Record<string, unknown>;
    const op = opOf(entry, draft);
    if (draft === 10 && !('path' in entry))
      throw new BadRequest("Unable to find 'path' in JSON Schema change");
    const path = decodePointer(draft === 10 ? entry.path : entry[op]);
    const depth = path[0] === 'locations' ? LOCATIONS_DEPTH[op] : 1;
    if (path.length !== depth) {
      throw new BadRequest(`Invalid JSON pointer for this resource: '/${path.join('/')}'`);
    }
    const change: ImageChange = { op, path, draft };
    if (op !== 'remove') {
      if (!('value' in entry)) throw new BadRequest(`Operation "${op}" requires a member named "value".`);
      change.value = entry.value as JsonValue;
    }
    checkChange(change);
    return change;
  });
}
