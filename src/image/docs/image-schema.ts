import type { JsonSchema } from '../validation/json-schema-check.js';
import { CONTAINER_FORMATS, DISK_FORMATS } from '../model/formats.js';
import { CUSTOM_IMAGE_PROPERTIES } from './custom-image-properties.js';

/**
 * The image schema Glance serves at `/v2/schemas/image` and validates requests against: its
 * base properties, then the deployment's custom ones (Debian's schema-image.json), marked
 * `is_base: false`. Extra properties are free-form strings. Property order and wording are
 * upstream's: the `openstack` CLI reads this document to validate its own requests.
 */

const UUID_PATTERN =
  '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$';

export const IMAGE_STATUSES = [
  'queued',
  'saving',
  'active',
  'killed',
  'deleted',
  'uploading',
  'importing',
  'pending_delete',
  'deactivated',
] as const;

export const VISIBILITIES = ['community', 'public', 'private', 'shared'] as const;

const nullableString = ['null', 'string'];

function baseProperties(): Record<string, JsonSchema> {
  return {
    id: { type: 'string', description: 'An identifier for the image', pattern: UUID_PATTERN },
    name: { type: nullableString, description: 'Descriptive name for the image', maxLength: 255 },
    status: {
      type: 'string',
      readOnly: true,
      description: 'Status of the image',
      enum: [...IMAGE_STATUSES],
    },
    visibility: { type: 'string', description: 'Scope of image accessibility', enum: [...VISIBILITIES] },
    protected: { type: 'boolean', description: 'If true, image will not be deletable.' },
    os_hidden: {
      type: 'boolean',
      description: 'If true, image will not appear in default image list response.',
    },
    checksum: {
      type: nullableString,
      readOnly: true,
      description: 'md5 hash of image contents.',
      maxLength: 32,
    },
    os_hash_algo: {
      type: nullableString,
      readOnly: true,
      description: 'Algorithm to calculate the os_hash_value',
      maxLength: 64,
    },
    os_hash_value: {
      type: nullableString,
      readOnly: true,
      description: 'Hexdigest of the image contents using the algorithm specified by the os_hash_algo',
      maxLength: 128,
    },
    owner: { type: nullableString, description: 'Owner of the image', maxLength: 255 },
    size: { type: ['null', 'integer'], readOnly: true, description: 'Size of image file in bytes' },
    virtual_size: {
      type: ['null', 'integer'],
      readOnly: true,
      description: 'Virtual size of image in bytes',
    },
    container_format: {
      type: nullableString,
      description: 'Format of the container',
      enum: [null, ...CONTAINER_FORMATS],
    },
    disk_format: { type: nullableString, description: 'Format of the disk', enum: [null, ...DISK_FORMATS] },
    created_at: { type: 'string', readOnly: true, description: 'Date and time of image registration' },
    updated_at: {
      type: 'string',
      readOnly: true,
      description: 'Date and time of the last image modification',
    },
    tags: {
      type: 'array',
      description: 'List of strings related to the image',
      items: { type: 'string', maxLength: 255 },
    },
    direct_url: {
      type: 'string',
      readOnly: true,
      description: 'URL to access the image file kept in external store',
    },
    min_ram: { type: 'integer', description: 'Amount of ram (in MB) required to boot image.' },
    min_disk: { type: 'integer', description: 'Amount of disk space (in GB) required to boot image.' },
    self: { type: 'string', readOnly: true, description: 'An image self url' },
    file: { type: 'string', readOnly: true, description: 'An image file url' },
    stores: {
      type: 'string',
      readOnly: true,
      description:
        'Store in which image data resides.  Only present when the operator has enabled multiple stores.  May be a comma-separated list of store identifiers.',
    },
    schema: { type: 'string', readOnly: true, description: 'An image schema url' },
    locations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          url: { type: 'string', maxLength: 255 },
          metadata: { type: 'object' },
          validation_data: {
            description:
              "Values to be used to populate the corresponding image properties. If the image status is not 'queued', values must exactly match those already contained in the image properties.",
            type: 'object',
            writeOnly: true,
            additionalProperties: false,
            properties: {
              checksum: { type: 'string', minLength: 32, maxLength: 32 },
              os_hash_algo: { type: 'string', maxLength: 64 },
              os_hash_value: { type: 'string', maxLength: 128 },
            },
            required: ['os_hash_algo', 'os_hash_value'],
          },
        },
        required: ['url', 'metadata'],
      },
      description: 'A set of URLs to access the image file kept in external store',
    },
  };
}

/** `/v2/schemas/image`, also what create and PATCH validate against. */
export function imageSchema(): JsonSchema & { name: string; links: object[] } {
  const properties = baseProperties();
  for (const [name, property] of Object.entries(CUSTOM_IMAGE_PROPERTIES)) {
    properties[name] = { ...property, is_base: false };
  }
  return {
    name: 'image',
    properties,
    additionalProperties: { type: 'string' },
    links: [
      { rel: 'self', href: '{self}' },
      { rel: 'enclosure', href: '{file}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  };
}

/** `/v2/schemas/images`: the collection of image documents with its links. */
export function imagesSchema(): object {
  return {
    name: 'images',
    properties: {
      images: { type: 'array', items: imageSchema() },
      first: { type: 'string' },
      next: { type: 'string' },
      schema: { type: 'string' },
    },
    links: [
      { rel: 'first', href: '{first}' },
      { rel: 'next', href: '{next}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  };
}

/** The base (core) properties: a PATCH on any other name is a custom property. */
export const BASE_PROPERTY_NAMES: ReadonlySet<string> = new Set(Object.keys(baseProperties()));
