import { collectionLinks, description, entityLinks, idString, identityName } from './resource-fields.js';

/** Keystone's group schemas (keystone/identity/schema.py): other attributes are kept. */
const groupProperties = { description, domain_id: idString, name: identityName };

export const createGroupBody = {
  type: 'object',
  required: ['group'],
  properties: {
    group: { type: 'object', required: ['name'], properties: groupProperties, additionalProperties: true },
  },
} as const;

export const updateGroupBody = {
  type: 'object',
  required: ['group'],
  properties: {
    group: { type: 'object', properties: groupProperties, minProperties: 1, additionalProperties: true },
  },
} as const;

export const groupEntity = {
  type: 'object',
  required: ['id', 'name', 'domain_id', 'description', 'links'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    domain_id: { type: 'string' },
    description: { type: ['string', 'null'] },
    /** In a user's group list: when the membership ends (null: never). */
    membership_expires_at: { type: ['string', 'null'] },
    links: entityLinks,
  },
  additionalProperties: true,
} as const;

export const groupResponse = {
  type: 'object',
  required: ['group'],
  properties: { group: groupEntity },
} as const;

export const groupListResponse = {
  type: 'object',
  required: ['groups', 'links'],
  properties: { groups: { type: 'array', items: groupEntity }, links: collectionLinks },
} as const;
