import { linksSchema } from './parameter-types.js';

/**
 * Nova's image proxy API (images.py, image_metadata.py): Zed validates no query parameter of it
 * (filters and `property-*` pass through to Glance); the metadata bodies are those of server
 * metadata (schemas/image_metadata.py). Answers as Tempest's v2_1 images schemas have them.
 */
export const imageListQuery = { type: 'object', additionalProperties: true };

export const imageParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

export const imageMetadataParams = {
  type: 'object',
  properties: { image_id: { type: 'string' }, key: { type: 'string' } },
  required: ['image_id'],
};

const nullableString = { type: ['string', 'null'] };

const imageLinks = {
  type: 'array',
  items: {
    type: 'object',
    properties: { rel: { type: 'string' }, href: { type: 'string' }, type: { type: 'string' } },
    required: ['rel', 'href'],
    additionalProperties: false,
  },
};

const imageSummary = {
  type: 'object',
  properties: { id: { type: 'string' }, name: nullableString, links: imageLinks },
  required: ['id', 'name', 'links'],
  additionalProperties: false,
};

const imageDetail = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: nullableString,
    minRam: { type: 'integer', minimum: 0 },
    minDisk: { type: 'integer', minimum: 0 },
    // Glance keeps strings, but Nova shows its JSON properties parsed.
    metadata: { type: 'object' },
    created: nullableString,
    updated: nullableString,
    status: { enum: ['ACTIVE', 'SAVING', 'DELETED', 'ERROR', 'UNKNOWN'] },
    progress: { enum: [0, 25, 50, 100] },
    'OS-EXT-IMG-SIZE:size': { type: 'integer' },
    'OS-DCF:diskConfig': { enum: ['AUTO', 'MANUAL'] },
    links: imageLinks,
    server: {
      type: 'object',
      properties: { id: { type: 'string' }, links: linksSchema },
      required: ['id', 'links'],
      additionalProperties: false,
    },
  },
  required: [
    'id',
    'name',
    'minRam',
    'minDisk',
    'metadata',
    'created',
    'updated',
    'status',
    'progress',
    'OS-EXT-IMG-SIZE:size',
    'links',
  ],
  additionalProperties: false,
};

export const imageListResponse = {
  type: 'object',
  properties: { images: { type: 'array', items: imageSummary }, images_links: linksSchema },
  required: ['images'],
  additionalProperties: false,
};

export const imageDetailListResponse = {
  type: 'object',
  properties: { images: { type: 'array', items: imageDetail }, images_links: linksSchema },
  required: ['images'],
  additionalProperties: false,
};

export const imageResponse = {
  type: 'object',
  properties: { image: imageDetail },
  required: ['image'],
  additionalProperties: false,
};

export const imageMetadataResponse = {
  type: 'object',
  properties: { metadata: { type: 'object' } },
  required: ['metadata'],
  additionalProperties: false,
};

export const imageMetaItemResponse = {
  type: 'object',
  properties: { meta: { type: 'object' } },
  required: ['meta'],
  additionalProperties: false,
};
