import type { Microversion } from '../../../common/http/microversion.js';
import { booleanParameter } from './parameter-types.js';

/**
 * Nova's server request schemas (nova/api/openstack/compute/schemas/servers.py), one per
 * microversion range, built from the 2.1 schema as Nova builds them. Routes give Fastify only
 * the outer shape; handlers check these with `validateBody`/`validateQuery` for their version.
 */

const name = { type: 'string', minLength: 1, maxLength: 255, format: 'name' };
const uuid = { type: 'string', format: 'uuid' };
const positiveInteger = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 1, minLength: 1 };
const ipAddress = { type: 'string', oneOf: [{ format: 'ipv4' }, { format: 'ipv6' }] };
const description = {
  type: ['string', 'null'],
  minLength: 0,
  maxLength: 255,
  pattern: '^[^\\p{C}\\p{Zl}\\p{Zp}]*$',
};
/** `instance.MAX_TAG_LENGTH` and `MAX_TAG_COUNT`. */
export const MAX_TAG_LENGTH = 60;
export const MAX_TAG_COUNT = 50;
export const tagSchema = { type: 'string', minLength: 1, maxLength: MAX_TAG_LENGTH, pattern: '^[^,/]*$' };
export const METADATA_KEY_PATTERN = '^[a-zA-Z0-9-_:. ]{1,255}$';
export const metadataSchema = {
  type: 'object',
  patternProperties: { [METADATA_KEY_PATTERN]: { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};
const hostname = {
  type: 'string',
  minLength: 2,
  maxLength: 63,
  pattern: '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$',
};
const fqdn = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' };
const diskConfig = { type: 'string', enum: ['AUTO', 'MANUAL'] };
const volumeSize = { type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 1, maximum: 0x7fffffff };

function legacyBdm() {
  return {
    type: 'object',
    properties: {
      virtual_name: { type: 'string', maxLength: 255 },
      volume_id: uuid,
      snapshot_id: uuid,
      volume_size: volumeSize,
      device_name: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._-r/]*$' },
      delete_on_termination: booleanParameter,
      no_device: {},
      connection_info: { type: 'string', maxLength: 16777215 },
    } as Record<string, object>,
    additionalProperties: false,
  };
}

function bdmV2() {
  const bdm = legacyBdm();
  Object.assign(bdm.properties, {
    source_type: { type: 'string', enum: ['volume', 'image', 'snapshot', 'blank'] },
    uuid: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._-]*$' },
    image_id: uuid,
    destination_type: { type: 'string', enum: ['local', 'volume'] },
    guest_format: { type: 'string', maxLength: 255 },
    device_type: { type: 'string', maxLength: 255 },
    disk_bus: { type: 'string', maxLength: 255 },
    boot_index: { type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$' },
  });
  return bdm;
}

const hints = {
  type: 'object',
  properties: {
    group: uuid,
    different_host: { oneOf: [uuid, { type: 'array', items: uuid }] },
    same_host: { type: ['string', 'array'], items: uuid },
    query: { type: ['string', 'object'] },
    target_cell: name,
    different_cell: { type: ['string', 'array'], items: { type: 'string' } },
    build_near_host_ip: ipAddress,
    cidr: { type: 'string', pattern: '^/[0-9a-f.:]+$' },
  },
  additionalProperties: true,
};

function networkItem(uuidFormat: boolean, withTag: boolean) {
  return {
    type: 'object',
    properties: {
      fixed_ip: ipAddress,
      port: { oneOf: [uuid, { type: 'null' }] },
      uuid: uuidFormat ? uuid : { type: 'string' },
      ...(withTag ? { tag: tagSchema } : {}),
    },
    additionalProperties: false,
  };
}

/** The create schema of one microversion, as Nova's `create`, `create_v219` ... `create_v290`. */
function createSchemaFor(version: Microversion) {
  const at = (v: string) => version.atLeast(v);
  const bdm = bdmV2();
  // Device tags on BDMs came with 2.32 only, then for good with 2.42.
  if (version.equals('2.32') || at('2.42')) bdm.properties.tag = tagSchema;
  if (at('2.67')) bdm.properties.volume_type = { type: ['string', 'null'], minLength: 0, maxLength: 255 };
  const networkTag = at('2.32') && (at('2.42') || version.below('2.37'));
  const networks = at('2.37')
    ? {
        oneOf: [
          { type: 'array', items: networkItem(true, networkTag) },
          { type: 'string', enum: ['none', 'auto'] },
        ],
      }
    : { type: 'array', items: networkItem(false, networkTag) };
  const server: {
    type: string;
    properties: Record<string, object>;
    required: string[];
    additionalProperties: boolean;
  } = {
    type: 'object',
    properties: {
      name,
      imageRef: { oneOf: [uuid, { type: 'string', maxLength: 0 }] },
      flavorRef: { type: ['string', 'integer'], minLength: 1 },
      adminPass: { type: 'string' },
      metadata: metadataSchema,
      networks,
      'OS-DCF:diskConfig': diskConfig,
      accessIPv4: { type: 'string', format: 'ipv4' },
      accessIPv6: { type: 'string', format: 'ipv6' },
      availability_zone: name,
      block_device_mapping: { type: 'array', items: legacyBdm() },
      block_device_mapping_v2: { type: 'array', items: bdm },
      config_drive: booleanParameter,
      key_name: name,
      min_count: positiveInteger,
      max_count: positiveInteger,
      return_reservation_id: booleanParameter,
      security_groups: {
        type: 'array',
        items: { type: 'object', properties: { name }, additionalProperties: false },
      },
      user_data: { type: 'string', format: 'base64', maxLength: 65535 },
    },
    required: at('2.37') ? ['name', 'flavorRef', 'networks'] : ['name', 'flavorRef'],
    additionalProperties: false,
  };
  if (version.below('2.57')) {
    server.properties.personality = {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, contents: { type: 'string', format: 'base64' } },
        additionalProperties: false,
      },
    };
  }
  if (at('2.19')) server.properties.description = description;
  if (at('2.52')) server.properties.tags = { type: 'array', items: tagSchema, maxItems: MAX_TAG_COUNT };
  if (at('2.63')) {
    server.properties.trusted_image_certificates = {
      type: ['array', 'null'],
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
    };
  }
  if (at('2.74')) Object.assign(server.properties, { host: fqdn, hypervisor_hostname: fqdn });
  if (at('2.90')) server.properties.hostname = hostname;
  return {
    type: 'object',
    properties: { server, 'os:scheduler_hints': hints, 'OS-SCH-HNT:scheduler_hints': hints },
    required: ['server'],
    additionalProperties: false,
  };
}

/** The microversions at which a schema changes, so one compiled schema serves each range. */
function rangeKey(version: Microversion, bounds: readonly string[]): string {
  let key = '2.1';
  for (const bound of bounds) if (version.atLeast(bound)) key = bound;
  // 2.32 alone differs from 2.33..2.36 (BDM tags), so it keys apart.
  return version.equals('2.32') ? '2.32-only' : key;
}

function cachedBy<T>(bounds: readonly string[], build: (version: Microversion) => T) {
  const cache = new Map<string, T>();
  return (version: Microversion): T => {
    const key = rangeKey(version, bounds);
    let schema = cache.get(key);
    if (!schema) {
      schema = build(version);
      cache.set(key, schema);
    }
    return schema;
  };
}

export const createServerSchema = cachedBy(
  ['2.19', '2.32', '2.33', '2.37', '2.42', '2.52', '2.57', '2.63', '2.67', '2.74', '2.90'],
  createSchemaFor,
);

/** `update`, `update_v219` (description), `update_v290` (hostname). */
export const updateServerSchema = cachedBy(['2.19', '2.90'], (version) => ({
  type: 'object',
  properties: {
    server: {
      type: 'object',
      properties: {
        name,
        'OS-DCF:diskConfig': diskConfig,
        accessIPv4: { type: 'string', format: 'ipv4' },
        accessIPv6: { type: 'string', format: 'ipv6' },
        ...(version.atLeast('2.19') ? { description } : {}),
        ...(version.atLeast('2.90') ? { hostname } : {}),
      },
      additionalProperties: false,
    },
  },
  required: ['server'],
  additionalProperties: false,
}));

/** The outer shape Fastify checks before the handler checks the microversion's schema. */
export const objectBody = { type: 'object' };

export const serverIdParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

export const serverListQueryShape = { type: 'object', additionalProperties: true };
