import { fqdn } from './services.js';

/**
 * Nova's aggregate schemas (nova/api/openstack/compute/schemas/aggregates.py, the 2.1 forms).
 * The `name` and `az_name` formats are checked in the handler, as Ajv has no Python classes.
 */
const name = { type: 'string', minLength: 1, maxLength: 255 };
const availabilityZone = { type: ['string', 'null'], minLength: 1, maxLength: 255 };

function wrapped(key: string, inner: object) {
  return { type: 'object', properties: { [key]: inner }, required: [key], additionalProperties: false };
}

export const createAggregateBody = wrapped('aggregate', {
  type: 'object',
  properties: { name, availability_zone: availabilityZone },
  required: ['name'],
  additionalProperties: false,
});

export const updateAggregateBody = wrapped('aggregate', {
  type: 'object',
  properties: { name, availability_zone: availabilityZone },
  additionalProperties: false,
  anyOf: [{ required: ['name'] }, { required: ['availability_zone'] }],
});

const hostBody = {
  type: 'object',
  properties: { host: fqdn },
  required: ['host'],
  additionalProperties: false,
};

/** `parameter_types.metadata` with null values allowed: a null removes its key. */
const metadataWithNull = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: ['string', 'null'], maxLength: 255 } },
  additionalProperties: false,
};

/** The action bodies by action name; the handler refuses names beside the one it runs. */
export const AGGREGATE_ACTIONS = {
  add_host: hostBody,
  remove_host: hostBody,
  set_metadata: {
    type: 'object',
    properties: { metadata: metadataWithNull },
    required: ['metadata'],
    additionalProperties: false,
  },
};

export const aggregateActionBody = {
  type: 'object',
  properties: AGGREGATE_ACTIONS,
  minProperties: 1,
  additionalProperties: true,
};

/** `aggregate_images_v2_81`: at least one image, each by uuid. */
export const aggregateImagesBody = {
  type: 'object',
  properties: {
    cache: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
            pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$',
          },
        },
        required: ['id'],
        additionalProperties: false,
      },
    },
  },
  required: ['cache'],
  additionalProperties: false,
};

export const aggregateIdParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

/** Tempest's aggregate (v2_1), with uuid from 2.41 (v2_41). */
const aggregateProperties = {
  availability_zone: { type: ['string', 'null'] },
  created_at: { type: 'string' },
  deleted: { type: 'boolean' },
  deleted_at: { type: ['string', 'null'] },
  hosts: { type: 'array', items: { type: 'string' } },
  id: { type: 'integer' },
  metadata: { type: 'object', additionalProperties: { type: 'string' } },
  name: { type: 'string' },
  updated_at: { type: ['string', 'null'] },
  uuid: { type: 'string' },
};
const aggregateRequired = [
  'availability_zone',
  'created_at',
  'deleted',
  'deleted_at',
  'id',
  'name',
  'updated_at',
];

const aggregate = {
  type: 'object',
  properties: aggregateProperties,
  required: [...aggregateRequired, 'hosts', 'metadata'],
  additionalProperties: false,
};

export const aggregateResponse = wrapped('aggregate', aggregate);

/** Create answers without hosts and metadata, as Nova did before aggregates were objects. */
export const createAggregateResponse = wrapped('aggregate', {
  type: 'object',
  properties: aggregateProperties,
  required: aggregateRequired,
  additionalProperties: false,
});

export const aggregateListResponse = wrapped('aggregates', { type: 'array', items: aggregate });
