import { CONSUMER_TYPE_PATTERN, GROUP_PATTERN_1_33, RC_PATTERN, UUID_PATTERN } from './common.js';

/** Placement's allocation request schemas by microversion (placement/schemas/allocation.py). */

const amounts = {
  type: 'object',
  minProperties: 1,
  patternProperties: { [RC_PATTERN]: { type: 'integer', minimum: 1 } },
  additionalProperties: false,
};
const owner = { type: 'string', minLength: 1, maxLength: 255 };

/** Before 1.12: a list of `{resource_provider: {uuid}, resources}`. */
const listForm = {
  type: 'object',
  properties: {
    allocations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          resource_provider: {
            type: 'object',
            properties: { uuid: { type: 'string', format: 'uuid' } },
            additionalProperties: false,
            required: ['uuid'],
          },
          resources: amounts,
        },
        required: ['resource_provider', 'resources'],
        additionalProperties: false,
      },
    },
  },
  required: ['allocations'],
  additionalProperties: false,
};

const listForm18 = {
  ...listForm,
  properties: { ...listForm.properties, project_id: owner, user_id: owner },
  required: ['allocations', 'project_id', 'user_id'],
};

/** From 1.12: allocations by provider uuid, with the project and user. */
function dictForm(minProviders: number, extra: Record<string, object> = {}, required: string[] = []) {
  return {
    type: 'object',
    properties: {
      allocations: {
        type: 'object',
        minProperties: minProviders,
        patternProperties: {
          [UUID_PATTERN]: {
            type: 'object',
            properties: { generation: { type: 'integer' }, resources: amounts },
            required: ['resources'],
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      project_id: owner,
      user_id: owner,
      ...extra,
    },
    additionalProperties: false,
    required: ['allocations', 'project_id', 'user_id', ...required],
  };
}

const consumerGeneration = { consumer_generation: { type: ['integer', 'null'] } };
const mappings = {
  mappings: {
    type: 'object',
    minProperties: 1,
    patternProperties: {
      [GROUP_PATTERN_1_33]: { type: 'array', minItems: 1, items: { type: 'string', format: 'uuid' } },
    },
  },
};
const consumerType = {
  consumer_type: { type: 'string', pattern: CONSUMER_TYPE_PATTERN, minLength: 1, maxLength: 255 },
};

const v128 = dictForm(0, consumerGeneration, ['consumer_generation']);
const v134 = dictForm(0, { ...consumerGeneration, ...mappings }, ['consumer_generation']);
const v138 = dictForm(0, { ...consumerGeneration, ...mappings, ...consumerType }, [
  'consumer_generation',
  'consumer_type',
]);

/** PUT /allocations/{consumer_uuid}. */
export const putAllocationsBody = {
  '1.0': listForm,
  '1.8': listForm18,
  '1.12': dictForm(1),
  '1.28': v128,
  '1.34': v134,
  '1.38': v138,
};

/** POST /allocations: one entry per consumer uuid. */
function byConsumer(entry: object, minConsumers = 1) {
  return {
    type: 'object',
    minProperties: minConsumers,
    additionalProperties: false,
    patternProperties: { [UUID_PATTERN]: entry },
  };
}
export const postAllocationsBody = {
  '1.13': byConsumer(dictForm(0)),
  '1.28': byConsumer(v128),
  '1.34': byConsumer(v134),
  '1.38': byConsumer(v138),
};

/** The allocations part of POST /reshaper: as POST /allocations, possibly empty. */
export const reshaperAllocations = {
  '1.30': byConsumer(v128, 0),
  '1.34': byConsumer(v134, 0),
  '1.38': byConsumer(v138, 0),
};

export const consumerParams = {
  type: 'object',
  properties: { consumer_uuid: { type: 'string' } },
  required: ['consumer_uuid'],
} as const;

export const consumerAllocationsResponse = {
  type: 'object',
  properties: {
    allocations: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { generation: { type: 'integer' }, resources: { type: 'object' } },
        required: ['resources'],
        additionalProperties: true,
      },
    },
    project_id: { type: 'string' },
    user_id: { type: 'string' },
    consumer_generation: { type: ['integer', 'null'] },
    consumer_type: { type: 'string' },
  },
  required: ['allocations'],
  additionalProperties: true,
} as const;

export const providerAllocationsResponse = {
  type: 'object',
  properties: {
    resource_provider_generation: { type: 'integer' },
    allocations: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { resources: { type: 'object' }, consumer_generation: { type: ['integer', 'null'] } },
        required: ['resources'],
        additionalProperties: true,
      },
    },
  },
  required: ['resource_provider_generation', 'allocations'],
  additionalProperties: true,
} as const;
