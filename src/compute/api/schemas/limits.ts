import { multiParam } from './parameter-types.js';

/** GET /limits: `?tenant_id`; unknown parameters are refused from 2.75 in the handler. */
export const limitsQuery = {
  type: 'object',
  properties: { tenant_id: multiParam() },
  additionalProperties: true,
};

/** Tempest's get_limit (v2_1, v2_36, v2_39, v2_57): absolute limits are integers, rate is empty. */
export const limitsResponse = {
  type: 'object',
  properties: {
    limits: {
      type: 'object',
      properties: {
        rate: { type: 'array', maxItems: 0 },
        absolute: { type: 'object', additionalProperties: { type: 'integer' } },
      },
      required: ['rate', 'absolute'],
      additionalProperties: false,
    },
  },
  required: ['limits'],
  additionalProperties: false,
};
