import { linksSchema, multiParam } from './parameter-types.js';

/**
 * Nova's instance action schemas (nova/api/openstack/compute/schemas/instance_actions.py): the
 * list takes `limit`, `marker` and `changes-since` from 2.58, `changes-before` from 2.66, and
 * nothing else then; the handler applies the microversion's query schema.
 */
export const instanceActionsQuery = { type: 'object', additionalProperties: true };

const dateTime = { type: 'string', format: 'date-time' };
const single = (items: object) => ({ ...multiParam(items), maxItems: 1 });

export const listQueryV258 = {
  type: 'object',
  properties: {
    limit: single({ type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 }),
    marker: single({ type: 'string' }),
    'changes-since': single(dateTime),
  },
  additionalProperties: false,
};

export const listQueryV266 = {
  ...listQueryV258,
  properties: { ...listQueryV258.properties, 'changes-before': single(dateTime) },
};

export const instanceActionParams = {
  type: 'object',
  properties: { server_id: { type: 'string' }, request_id: { type: 'string' } },
  required: ['server_id'],
};

const nullableString = { type: ['string', 'null'] };

/** Tempest's instance action (v2_1 `instance_action`, `updated_at` from 2.58). */
const action = {
  type: 'object',
  properties: {
    action: { type: 'string' },
    instance_uuid: { type: 'string' },
    request_id: { type: 'string' },
    user_id: { type: 'string' },
    project_id: { type: 'string' },
    start_time: { type: 'string' },
    message: nullableString,
    updated_at: nullableString,
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          event: { type: 'string' },
          start_time: { type: 'string' },
          finish_time: nullableString,
          result: nullableString,
          traceback: nullableString,
          host: nullableString,
          hostId: { type: 'string' },
          details: nullableString,
        },
        required: ['event', 'start_time', 'finish_time', 'result'],
        additionalProperties: false,
      },
    },
  },
  required: ['action', 'instance_uuid', 'request_id', 'user_id', 'project_id', 'start_time', 'message'],
  additionalProperties: false,
};

export const instanceActionListResponse = {
  type: 'object',
  properties: { instanceActions: { type: 'array', items: action }, links: linksSchema },
  required: ['instanceActions'],
  additionalProperties: false,
};

export const instanceActionResponse = {
  type: 'object',
  properties: { instanceAction: action },
  required: ['instanceAction'],
  additionalProperties: false,
};
