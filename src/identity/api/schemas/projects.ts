import {
  collectionLinks,
  description,
  enabled,
  entityLinks,
  nullableIdString,
  resourceName,
  resourceOptions,
  tagList,
  tagName,
} from './resource-fields.js';

/** Keystone's project schemas (keystone/resource/schema.py): other attributes are kept. */
const projectProperties = {
  name: resourceName,
  description,
  domain_id: nullableIdString,
  parent_id: nullableIdString,
  enabled,
  is_domain: { type: 'boolean' },
  tags: tagList,
  options: { ...resourceOptions, additionalProperties: false },
};

export const createProjectBody = {
  type: 'object',
  required: ['project'],
  properties: {
    project: {
      type: 'object',
      required: ['name'],
      properties: projectProperties,
      additionalProperties: true,
    },
  },
} as const;

export const updateProjectBody = {
  type: 'object',
  required: ['project'],
  properties: {
    project: { type: 'object', properties: projectProperties, minProperties: 1, additionalProperties: true },
  },
} as const;

export const projectEntity = {
  type: 'object',
  required: [
    'id',
    'name',
    'domain_id',
    'description',
    'enabled',
    'parent_id',
    'is_domain',
    'tags',
    'options',
    'links',
  ],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    domain_id: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    parent_id: { type: ['string', 'null'] },
    is_domain: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    options: { type: 'object' },
    links: entityLinks,
    /** `?parents_as_ids` / `?subtree_as_ids`: nested ids; `_as_list`: `[{project}]`. */
    parents: { type: ['object', 'array', 'null'] },
    subtree: { type: ['object', 'array', 'null'] },
  },
  additionalProperties: true,
} as const;

export const projectResponse = {
  type: 'object',
  required: ['project'],
  properties: { project: projectEntity },
} as const;

export const projectListResponse = {
  type: 'object',
  required: ['projects', 'links'],
  properties: { projects: { type: 'array', items: projectEntity }, links: collectionLinks },
} as const;

/** `PUT /v3/projects/{id}/tags`. */
export const replaceTagsBody = {
  type: 'object',
  required: ['tags'],
  properties: { tags: tagList },
} as const;

export const tagsResponse = {
  type: 'object',
  required: ['tags', 'links'],
  properties: { tags: { type: 'array', items: { type: 'string' } }, links: entityLinks },
} as const;

export const tagParams = {
  type: 'object',
  required: ['project_id', 'value'],
  properties: { project_id: { type: 'string', minLength: 1 }, value: tagName },
} as const;
