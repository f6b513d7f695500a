import { BadRequest, Forbidden } from '../../common/http/errors.js';
import { imageSchema } from '../docs/image-schema.js';
import { RESERVED_NAMESPACE, type Visibility } from '../model/image.js';
import { describeSchemaError, firstSchemaError } from '../validation/json-schema-check.js';
import type { JsonValue } from '../../common/python-format.js';

/** The attributes a client may set when it creates an image. */
export interface ImageCreateInput {
  id?: string;
  name?: string | null;
  visibility?: Visibility;
  protected?: boolean;
  os_hidden?: boolean;
  min_disk?: number;
  min_ram?: number;
  owner?: string | null;
  disk_format?: string | null;
  container_format?: string | null;
  properties: Record<string, string>;
  tags: string[];
}

/** Attributes only the server writes; a client naming them is refused (403). */
const DISALLOWED = ['direct_url', 'self', 'file', 'schema', 'stores'];
const READ_ONLY = [
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'size',
  'virtual_size',
];
const RESERVED = ['location', 'locations', 'deleted', 'deleted_at'];
const SETTABLE = [
  'id',
  'name',
  'visibility',
  'protected',
  'os_hidden',
  'min_disk',
  'min_ram',
  'owner',
  'disk_format',
  'container_format',
];

const imageDocument = imageSchema();

/** Glance's InvalidObject: the request does not match the image schema. */
export function schemaMismatch(value: JsonValue): BadRequest | null {
  const error = firstSchemaError(imageDocument, value);
  return (
    error && new BadRequest(`Provided object does not match schema 'image': ${describeSchemaError(error)}`)
  );
}

/** A custom property name a client may not use, with Glance's refusal. */
export function refuseReservedName(name: string): void {
  if (name.length > 255) throw new BadRequest('Custom property should not be greater than 255 characters.');
  if (RESERVED.includes(name) || name.startsWith(RESERVED_NAMESPACE)) {
    throw new Forbidden(`Attribute '${name}' is reserved.`);
  }
}

/**
 * Reads the body of `POST /v2/images` as Glance's deserializer and image factory do: server-side
 * attributes are refused, the body must match the image schema (extra properties are strings),
 * reserved property names are refused, and the rest are custom properties.
 */
export function parseCreateInput(body: unknown): ImageCreateInput {
  if (body === undefined) throw new BadRequest('Body expected in request.');
  const document = body as Record<string, JsonValue>;
  for (const key of DISALLOWED) {
    if (key in document) throw new Forbidden(`Attribute '${key}' is read-only.`);
  }
  const mismatch = schemaMismatch(document);
  if (mismatch) throw mismatch;
  const input: ImageCreateInput = { properties: {}, tags: [] };
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(document)) {
    if (key === 'tags') input.tags = [...new Set(value as string[])];
    else if (SETTABLE.includes(key)) (input as unknown as Record<string, unknown>)[key] = value;
    else if (!READ_ONLY.includes(key)) extra[key] = value as string;
  }
  for (const key of Object.keys(extra)) refuseReservedName(key);
  for (const key of READ_ONLY) {
    if (key in document) throw new Forbidden(`Attribute '${key}' is read-only.`);
  }
  for (const key of ['min_disk', 'min_ram'] as const) {
    const value = input[key];
    if (value !== undefined && value < 0) {
      throw new BadRequest(`Invalid value '${value}' for parameter '${key}': Cannot be a negative value`);
    }
  }
  input.properties = extra;
  return input;
}
