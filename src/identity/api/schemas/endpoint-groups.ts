import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/**
 * Keystone's endpoint_group_create/update. A group has no extra attributes: Keystone refuses
 * any other key with a 400, and so does this schema. Which filter keys are allowed is checked
 * by the endpoint group rules, with Keystone's message.
 */
const endpointGroupProperties = {
  id: { type: 'string' },
  name: { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' },
  description: { type: ['string', 'null'] },
  filters: { type: 'object', additionalProperties: true },
} as const;

export const endpointGroupCreateBody = {
  type: 'object',
  required: ['endpoint_group'],
  properties: {
    endpoint_group: {
      type: 'object',
      required: ['name', 'filters'],
      properties: endpointGroupProperties,
      additionalProperties: false,
    },
  },
} as const;

export const endpointGroupUpdateBody = {
  type: 'object',
  required: ['endpoint_group'],
  properties: {
    endpoint_group: {
      type: 'object',
      properties: endpointGroupProperties,
      minProperties: 1,
      additionalProperties: false,
    },
  },
} as const;

export const endpointGroupParams = pathParams('endpoint_group_id');
export const endpointGroupProjectParams = pathParams('endpoint_group_id', 'project_id');
export const projectParams = pathParams('project_id');
export const projectEndpointParams = pathParams('project_id', 'endpoint_id');
export const endpointParams = pathParams('endpoint_id');

export const endpointGroupListQuery = {
  type: 'object',
  properties: { name: { type: 'string' } },
} as const;

const endpointGroupEntity = {
  type: 'object',
  required: ['id', 'name', 'description', 'filters', 'links'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    filters: { type: 'object' },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const endpointGroupResponse = memberEnvelope('endpoint_group', endpointGroupEntity);
export const endpointGroupListResponse = collectionEnvelope('endpoint_groups', endpointGroupEntity);

export const projectEndpointGroupResponse = memberEnvelope('project_endpoint_group', {
  type: 'object',
  required: ['endpoint_group_id', 'project_id', 'links'],
  properties: {
    endpoint_group_id: { type: 'string' },
    project_id: { type: 'string' },
    links: selfLinkSchema,
  },
});

export const noContent = { type: 'null' } as const;
