/**
 * The response of `GET /allocation_candidates`, loose enough for every microversion: the
 * allocations are a list before 1.12 and a map by provider after.
 */
const amounts = { type: 'object', additionalProperties: { type: 'integer' } } as const;

const allocationRequest = {
  type: 'object',
  required: ['allocations'],
  properties: {
    allocations: {
      anyOf: [
        {
          type: 'array',
          items: {
            type: 'object',
            required: ['resource_provider', 'resources'],
            properties: {
              resource_provider: {
                type: 'object',
                required: ['uuid'],
                properties: { uuid: { type: 'string' } },
                additionalProperties: true,
              },
              resources: amounts,
            },
            additionalProperties: true,
          },
        },
        {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['resources'],
            properties: { resources: amounts },
            additionalProperties: true,
          },
        },
      ],
    },
    mappings: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
  additionalProperties: true,
} as const;

const providerSummary = {
  type: 'object',
  required: ['resources'],
  properties: {
    resources: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['capacity', 'used'],
        properties: { capacity: { type: 'integer' }, used: { type: 'integer' } },
        additionalProperties: true,
      },
    },
    traits: { type: 'array', items: { type: 'string' } },
    parent_provider_uuid: { type: ['string', 'null'] },
    root_provider_uuid: { type: 'string' },
  },
  additionalProperties: true,
} as const;

export const allocationCandidatesResponse = {
  type: 'object',
  required: ['allocation_requests', 'provider_summaries'],
  properties: {
    allocation_requests: { type: 'array', items: allocationRequest },
    provider_summaries: { type: 'object', additionalProperties: providerSummary },
  },
  additionalProperties: true,
} as const;
