import { anyQuery, link, providerParams } from './common.js';

const nameField = { type: 'string', maxLength: 200 };
const uuidField = { type: 'string', format: 'uuid' };
const parentField = { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] };

/** POST /resource_providers, by microversion. */
export const createProviderBody = {
  '1.0': {
    type: 'object',
    properties: { name: nameField, uuid: uuidField },
    required: ['name'],
    additionalProperties: false,
  },
  '1.14': {
    type: 'object',
    properties: { name: nameField, uuid: uuidField, parent_provider_uuid: parentField },
    required: ['name'],
    additionalProperties: false,
  },
};

/** PUT /resource_providers/{uuid}, by microversion. */
export const updateProviderBody = {
  '1.0': { type: 'object', properties: { name: nameField }, required: ['name'], additionalProperties: false },
  '1.14': {
    type: 'object',
    properties: { name: nameField, parent_provider_uuid: parentField },
    required: ['name'],
    additionalProperties: false,
  },
};

/** The query parameters GET /resource_providers takes at each microversion. */
function listQuery(names: Record<string, object>) {
  return { type: 'object', properties: names, additionalProperties: false };
}
const listBase = { name: { type: 'string' }, uuid: uuidField };
const list13 = { ...listBase, member_of: { type: 'string' } };
const list14 = { ...list13, resources: { type: 'string' } };
const list114 = { ...list14, in_tree: uuidField };
export const listProvidersQuery = {
  '1.0': listQuery(listBase),
  '1.3': listQuery(list13),
  '1.4': listQuery(list14),
  '1.14': listQuery(list114),
  '1.18': listQuery({ ...list114, required: { type: 'string' } }),
};

export const provider = {
  type: 'object',
  properties: {
    uuid: { type: 'string' },
    name: { type: 'string' },
    generation: { type: 'integer' },
    links: { type: 'array', items: link },
    parent_provider_uuid: { type: ['string', 'null'] },
    root_provider_uuid: { type: ['string', 'null'] },
  },
  required: ['uuid', 'name', 'generation', 'links'],
  additionalProperties: true,
} as const;

export const providerListResponse = {
  type: 'object',
  properties: { resource_providers: { type: 'array', items: provider } },
  required: ['resource_providers'],
  additionalProperties: true,
} as const;

export { anyQuery, providerParams };
