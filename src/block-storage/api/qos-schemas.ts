import { metadataSchema } from '../volumes/request-validation.js';
import { linksSchema, listResponse, resourceParams, stringMap } from './common-schemas.js';

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
 * cinder/api/schemas/qos_specs.py `set`: specs as Cinder's `extra_specs`. Cinder also takes null
 * values; the table keeps text, so null is refused here.
 */
export const setQosSchema = {
  type: 'object',
  properties: { qos_specs: metadataSchema },
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

export const qosParams = resourceParams('qos_id');

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
  properties: { qos_specs: qosView, links: linksSchema },
  required: ['qos_specs', 'links'],
  additionalProperties: false,
};

export const qosListResponse = listResponse('qos_specs', qosView);

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
