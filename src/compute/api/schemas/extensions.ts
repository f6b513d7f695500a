/** Tempest's v2_1 extensions schemas. */
const extension = {
  type: 'object',
  properties: {
    alias: { type: 'string' },
    description: { type: 'string' },
    links: { type: 'array' },
    name: { type: 'string' },
    namespace: { type: 'string' },
    updated: { type: 'string' },
  },
  required: ['alias', 'description', 'links', 'name', 'namespace', 'updated'],
  additionalProperties: false,
};

export const extensionListResponse = {
  type: 'object',
  properties: { extensions: { type: 'array', items: extension } },
  required: ['extensions'],
  additionalProperties: false,
};

export const extensionResponse = {
  type: 'object',
  properties: { extension },
  required: ['extension'],
  additionalProperties: false,
};

export const aliasParams = { type: 'object', properties: { alias: { type: 'string' } }, required: ['alias'] };
