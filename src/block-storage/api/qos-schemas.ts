/** cinder/api/schemas/qos_specs.py `create`: a name, and any specs beside it. */
export const createQosSchema = {
  type: 'object',
  properties: {
    qos_specs: {
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
      additionalProperties: true,
    },
  },
  required: ['qos_specs'],
  additionalProperties: false,
};

/**
 * cinder/api/schemas/qos_specs.py `set`: specs keyed `[a-zA-Z0-9-_:. /]`. Cinder also takes
 * null values; the table keeps text, so null is refused here.
 */
export const setQosSchema = {
  type: 'object',
  properties: {
    qos_specs: {
      type: 'object',
      patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } },
      additionalProperties: false,
    },
  },
  required: ['qos_specs'],
  additionalProperties: false,
};

/** cinder/api/schemas/qos_specs.py `unset`. */
export const deleteKeysSchema = {
  type: 'object',
  properties: {
    keys: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 }, uniqueItems: true },
  },
  required: ['keys'],
  additionalProperties: false,
};

export const qosParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, qos_id: { type: 'string' } },
  required: ['qos_id'],
};

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const links = {
  type: 'array',
  items: {
    type: 'object',
    properties: { rel: { type: 'string' }, href: { type: 'string' } },
    required: ['rel', 'href'],
    additionalProperties: false,
  },
};
const qosView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    consumer: { type: 'string' },
    specs: stringMap,
  },
  required: ['id', 'name', 'consumer', 'specs'],
  additionalProperties: false,
};

export const qosResponse = {
  type: 'object',
  properties: { qos_specs: qosView, links },
  required: ['qos_specs', 'links'],
  additionalProperties: false,
};

export const qosListResponse = {
  type: 'object',
  properties: { qos_specs: { type: 'array', items: qosView }, qos_specs_links: links },
  required: ['qos_specs'],
  additionalProperties: false,
};

/** PUT /qos-specs/{id} answers the specs it was given. */
export const qosSetResponse = {
  type: 'object',
  properties: { qos_specs: stringMap },
  required: ['qos_specs'],
  additionalProperties: false,
};

export const qosAssociationsResponse = {
  type: 'object',
  properties: {
    qos_associations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          association_type: { type: 'string' },
          id: { type: 'string' },
          name: { type: 'string' },
        },
        required: ['association_type', 'id', 'name'],
        additionalProperties: false,
      },
    },
  },
  required: ['qos_associations'],
  additionalProperties: false,
};
