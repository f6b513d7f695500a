import { booleanSchema, metadataSchema, volumeSizeSchema } from '../volumes/request-validation.js';
import {
  linksSchema,
  listResponse,
  metadataAllowsNull,
  nullableString,
  resourceParams,
  stringMap,
  uuidAllowNull,
} from './common-schemas.js';

// The routes of limits, availability zones, quotas, services, extensions and transfers import these from here.
export { anyBody, emptyResponse, linksSchema, projectParams } from './common-schemas.js';

/**
 * Request schemas of the volumes API (cinder/api/schemas/volumes.py, volume_metadata.py), checked
 * in the handlers with Cinder's messages, and the response schemas of Tempest's
 * api_schema/response/volume (all microversions in one: fields appear as the version allows).
 */

const createProperties = {
  name: { type: ['string', 'null'], format: 'name_non_mandatory_remove_white_spaces' },
  description: { type: ['string', 'null'], format: 'description_non_mandatory_remove_white_spaces' },
  display_name: { type: ['string', 'null'], format: 'name_non_mandatory_remove_white_spaces' },
  display_description: { type: ['string', 'null'], format: 'description_non_mandatory_remove_white_spaces' },
  volume_type: nullableString,
  metadata: metadataAllowsNull,
  snapshot_id: uuidAllowNull,
  source_volid: uuidAllowNull,
  consistencygroup_id: uuidAllowNull,
  size: { ...volumeSizeSchema, type: ['integer', 'string', 'null'] },
  availability_zone: { type: ['string', 'null'], format: 'availability_zone' },
  multiattach: { ...booleanSchema, type: ['boolean', 'string', 'null'], enum: [...booleanSchema.enum, null] },
  image_id: nullableString,
  imageRef: nullableString,
};

/** POST /volumes at a microversion: group_id from 3.13, backup_id from 3.47, nothing unknown from 3.53. */
export function createVolumeSchema(version: { atLeast(v: string): boolean }): object {
  return {
    type: 'object',
    properties: {
      volume: {
        type: 'object',
        properties: {
          ...createProperties,
          ...(version.atLeast('3.13') ? { group_id: nullableString } : {}),
          ...(version.atLeast('3.47') ? { backup_id: uuidAllowNull } : {}),
        },
        additionalProperties: !version.atLeast('3.53'),
      },
      'OS-SCH-HNT:scheduler_hints': { type: ['object', 'null'] },
    },
    required: ['volume'],
    additionalProperties: false,
  };
}

/** PUT /volumes/{id}; from 3.53 at least one field. */
export function updateVolumeSchema(version: { atLeast(v: string): boolean }): object {
  return {
    type: 'object',
    properties: {
      volume: {
        type: 'object',
        properties: {
          name: createProperties.name,
          description: createProperties.description,
          display_name: createProperties.display_name,
          display_description: createProperties.display_description,
          metadata: metadataSchema,
        },
        additionalProperties: false,
        ...(version.atLeast('3.53')
          ? {
              anyOf: ['name', 'description', 'display_name', 'display_description', 'metadata'].map(
                (field) => ({
                  required: [field],
                }),
              ),
            }
          : {}),
      },
    },
    required: ['volume'],
    additionalProperties: false,
  };
}

export const metadataBodySchema = {
  type: 'object',
  properties: { metadata: metadataSchema },
  required: ['metadata'],
  additionalProperties: false,
};

export const metaItemBodySchema = {
  type: 'object',
  properties: { meta: { ...metadataSchema, minProperties: 1, maxProperties: 1 } },
  required: ['meta'],
  additionalProperties: false,
};

export const volumeIdParams = resourceParams('id');

export const metadataKeyParams = resourceParams('id', 'key');

const dateTime = { type: 'string' };
const dateTimeOrNull = { type: ['string', 'null'] };
const uuidOrNull = { type: ['string', 'null'] };

const attachmentsSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      server_id: uuidOrNull,
      attachment_id: { type: 'string' },
      attached_at: dateTimeOrNull,
      host_name: { type: ['string', 'null'] },
      volume_id: { type: 'string' },
      device: { type: ['string', 'null'] },
      id: { type: 'string' },
    },
    required: ['server_id', 'attachment_id', 'host_name', 'volume_id', 'device', 'id'],
    additionalProperties: false,
  },
};

/** Tempest's `common_show_volume` with the fields later microversions add. */
export const volumeSchema = {
  type: 'object',
  properties: {
    migration_status: { type: ['string', 'null'] },
    attachments: attachmentsSchema,
    links: linksSchema,
    availability_zone: { type: ['string', 'null'] },
    'os-vol-host-attr:host': { type: ['string', 'null'], pattern: '.+@.+#.+' },
    encrypted: { type: 'boolean' },
    updated_at: dateTimeOrNull,
    replication_status: { type: ['string', 'null'] },
    snapshot_id: uuidOrNull,
    id: { type: 'string' },
    size: { type: 'integer' },
    user_id: { type: 'string' },
    'os-vol-tenant-attr:tenant_id': { type: 'string' },
    'os-vol-mig-status-attr:migstat': { type: ['string', 'null'] },
    metadata: stringMap,
    status: { type: 'string' },
    volume_image_metadata: { type: ['object', 'null'] },
    description: { type: ['string', 'null'] },
    multiattach: { type: 'boolean' },
    source_volid: uuidOrNull,
    consistencygroup_id: uuidOrNull,
    'os-vol-mig-status-attr:name_id': uuidOrNull,
    name: { type: ['string', 'null'] },
    bootable: { type: 'string', enum: ['true', 'false'] },
    created_at: dateTime,
    volume_type: { type: ['string', 'null'] },
    group_id: uuidOrNull,
    provider_id: uuidOrNull,
    service_uuid: uuidOrNull,
    shared_targets: { type: ['boolean', 'null'] },
    cluster_name: { type: ['string', 'null'] },
    volume_type_id: uuidOrNull,
    encryption_key_id: uuidOrNull,
    consumes_quota: { type: 'boolean' },
  },
  required: [
    'attachments',
    'links',
    'encrypted',
    'updated_at',
    'replication_status',
    'id',
    'size',
    'user_id',
    'availability_zone',
    'metadata',
    'status',
    'description',
    'multiattach',
    'consistencygroup_id',
    'name',
    'bootable',
    'created_at',
    'volume_type',
    'snapshot_id',
    'source_volid',
  ],
  additionalProperties: false,
};

export const volumeResponse = {
  type: 'object',
  properties: { volume: volumeSchema },
  required: ['volume'],
  additionalProperties: false,
};

export const volumeDetailListResponse = listResponse('volumes', volumeSchema, { count: true });

export const volumeSummaryListResponse = listResponse(
  'volumes',
  {
    type: 'object',
    properties: { links: linksSchema, id: { type: 'string' }, name: { type: ['string', 'null'] } },
    required: ['links', 'id', 'name'],
    additionalProperties: false,
  },
  { count: true },
);

export const volumeSummaryResponse = {
  type: 'object',
  properties: {
    'volume-summary': {
      type: 'object',
      properties: {
        total_size: { type: 'integer' },
        total_count: { type: 'integer' },
        metadata: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      },
      required: ['total_size', 'total_count'],
      additionalProperties: false,
    },
  },
  required: ['volume-summary'],
  additionalProperties: false,
};
