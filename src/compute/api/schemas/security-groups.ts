import { multiParam } from './parameter-types.js';

/**
 * Nova's security group proxy schemas (nova/api/openstack/compute/schemas/security_groups.py):
 * a group's name and description are required text up to 255 characters; a rule's ports,
 * protocol and CIDR are not validated by the schema (the handler checks them as Nova does).
 */
const groupBody = {
  type: 'object',
  properties: {
    security_group: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 0, maxLength: 255 },
        description: { type: 'string', minLength: 0, maxLength: 255 },
      },
      required: ['name', 'description'],
      additionalProperties: true,
    },
  },
  required: ['security_group'],
  additionalProperties: true,
};

export const createGroupSchema = groupBody;
export const updateGroupSchema = groupBody;

export const createRuleSchema = {
  type: 'object',
  properties: {
    security_group_rule: {
      type: 'object',
      properties: {
        group_id: { type: ['string', 'null'], format: 'uuid' },
        parent_group_id: { type: 'string', format: 'uuid' },
        to_port: {},
        from_port: {},
        ip_protocol: {},
        cidr: {},
      },
      required: ['parent_group_id'],
      additionalProperties: true,
    },
  },
  required: ['security_group_rule'],
  additionalProperties: true,
};

export const groupListQuery = {
  type: 'object',
  properties: {
    limit: multiParam({ type: 'integer', minimum: 0 }),
    offset: multiParam({ type: 'integer', minimum: 0 }),
    all_tenants: multiParam(),
  },
  additionalProperties: true,
};

export const groupIdParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

export const serverGroupsParams = {
  type: 'object',
  properties: { server_id: { type: 'string' } },
  required: ['server_id'],
};

const rule = {
  type: 'object',
  properties: {
    from_port: { type: ['integer', 'null'], minimum: -1 },
    group: {
      type: 'object',
      properties: { name: { type: 'string' }, tenant_id: { type: 'string' } },
      additionalProperties: false,
    },
    id: { type: 'string' },
    ip_protocol: { type: ['string', 'null'] },
    ip_range: {
      type: 'object',
      properties: { cidr: { type: 'string' } },
      additionalProperties: false,
    },
    parent_group_id: { type: 'string' },
    to_port: { type: ['integer', 'null'], minimum: -1 },
  },
  required: ['from_port', 'group', 'id', 'ip_protocol', 'ip_range', 'parent_group_id', 'to_port'],
  additionalProperties: false,
};

const group = {
  type: 'object',
  properties: {
    description: { type: ['string', 'null'] },
    id: { type: 'string' },
    name: { type: 'string' },
    rules: { type: 'array', items: rule },
    tenant_id: { type: 'string' },
  },
  required: ['description', 'id', 'name', 'rules', 'tenant_id'],
  additionalProperties: false,
};

export const groupResponse = {
  type: 'object',
  properties: { security_group: group },
  required: ['security_group'],
  additionalProperties: false,
};

export const groupListResponse = {
  type: 'object',
  properties: { security_groups: { type: 'array', items: group } },
  required: ['security_groups'],
  additionalProperties: false,
};

export const ruleResponse = {
  type: 'object',
  properties: { security_group_rule: rule },
  required: ['security_group_rule'],
  additionalProperties: false,
};
