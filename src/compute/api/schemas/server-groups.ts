import { SERVER_GROUP_POLICIES } from '../../server-groups/server-groups-repo.js';
import { multiParam } from './parameter-types.js';

/**
 * Nova's server group schemas (nova/api/openstack/compute/schemas/server_groups.py). One body
 * schema takes both shapes (`policies` before 2.64, `policy` and `rules` from it); the handler
 * holds each microversion to its own, as Nova's per-version schemas do. The name format and
 * `max_server_per_host`'s minimum are checked there too, for Nova's messages.
 */
export const createServerGroupBody = {
  type: 'object',
  properties: {
    server_group: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        policies: {
          type: 'array',
          items: { type: 'string', enum: SERVER_GROUP_POLICIES },
          minItems: 1,
          maxItems: 1,
        },
        policy: { type: 'string', enum: SERVER_GROUP_POLICIES },
        rules: {
          type: 'object',
          properties: {
            // parameter_types.positive_integer: an integer, or a string of digits.
            max_server_per_host: { type: ['integer', 'string'], pattern: '^[0-9]*$', minLength: 1 },
          },
          additionalProperties: false,
        },
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  required: ['server_group'],
  additionalProperties: false,
};

/** `server_groups_query_param`; unknown parameters are refused from 2.75 in the handler. */
export const serverGroupQuery = {
  type: 'object',
  properties: {
    all_projects: multiParam(),
    limit: multiParam({ type: 'integer', minimum: 0 }),
    offset: multiParam({ type: 'integer', minimum: 0 }),
  },
  additionalProperties: true,
};

export const serverGroupIdParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

/**
 * Tempest's server group (v2_1 `common_server_group`, v2_13 adds project_id and user_id, v2_64
 * swaps policies and metadata for policy and rules).
 */
const serverGroup = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    policies: { type: 'array', items: { type: 'string' } },
    metadata: { type: 'object', additionalProperties: false },
    policy: { type: 'string' },
    rules: {
      type: 'object',
      properties: { max_server_per_host: { type: 'integer' } },
      additionalProperties: false,
    },
    members: { type: 'array', items: { type: 'string' } },
    project_id: { type: 'string' },
    user_id: { type: 'string' },
  },
  required: ['id', 'name', 'members'],
  additionalProperties: false,
};

export const serverGroupResponse = {
  type: 'object',
  properties: { server_group: serverGroup },
  required: ['server_group'],
  additionalProperties: false,
};

export const serverGroupListResponse = {
  type: 'object',
  properties: { server_groups: { type: 'array', items: serverGroup } },
  required: ['server_groups'],
  additionalProperties: false,
};
