import {
  collectionLinks,
  description,
  enabled,
  entityLinks,
  resourceName,
  resourceOptions,
  tagList,
} from './resource-fields.js';

/** Keystone's domain schemas (keystone/resource/schema.py): other attributes are kept. */
const domainProperties = {
  name: resourceName,
  description,
  enabled,
  tags: tagList,
  options: resourceOptions,
};

export const createDomainBody = {
  type: 'object',
  required: ['domain'],
  properties: {
    domain: {
      type: 'object',
      required: ['name'],
      properties: { ...domainProperties, explicit_domain_id: { type: 'string' } },
      additionalProperties: true,
    },
  },
} as const;

export const updateDomainBody = {
  type: 'object',
  required: ['domain'],
  properties: {
    domain: { type: 'object', properties: domainProperties, minProperties: 1, additionalProperties: true },
  },
} as const;

export const domainEntity = {
  type: 'object',
  required: ['id', 'name', 'description', 'enabled', 'tags', 'options', 'links'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    options: { type: 'object' },
    links: entityLinks,
  },
  additionalProperties: true,
} as const;

export const domainResponse = {
  type: 'object',
  required: ['domain'],
  properties: { domain: domainEntity },
} as const;

export const domainListResponse = {
  type: 'object',
  required: ['domains', 'links'],
  properties: { domains: { type: 'array', items: domainEntity }, links: collectionLinks },
} as const;
