import { booleanSchema, metadataSchema } from '../volumes/request-validation.js';
import { description, listResponse, resourceParams, stringMap } from './common-schemas.js';

const SPEC_KEY_NO_SPACES = '^[a-zA-Z0-9-_:.]{1,255}$';

/**
 * The extra specs API's: Cinder's `extra_specs` with keys without spaces. Cinder also takes null
 * values; the table keeps text, so null is refused here.
 */
const extraSpecsNoSpaces = {
  ...metadataSchema,
  patternProperties: { [SPEC_KEY_NO_SPACES]: { type: 'string', maxLength: 255 } },
};

/** cinder/api/schemas/volume_types.py `create`. */
export const createTypeSchema = {
  type: 'object',
  properties: {
    volume_type: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        description,
        extra_specs: metadataSchema,
        'os-volume-type-access:is_public': booleanSchema,
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  required: ['volume_type'],
  additionalProperties: false,
};

/** cinder/api/schemas/volume_types.py `update`. */
export const updateTypeSchema = {
  type: 'object',
  properties: {
    volume_type: {
      type: 'object',
      properties: {
        name: { type: ['string', 'null'], minLength: 1, maxLength: 255 },
        description,
        is_public: booleanSchema,
      },
      additionalProperties: false,
    },
  },
  required: ['volume_type'],
  additionalProperties: false,
};

/** cinder/api/schemas/types_extra_specs.py `create`. */
export const createExtraSpecsSchema = {
  type: 'object',
  properties: { extra_specs: extraSpecsNoSpaces },
  required: ['extra_specs'],
  additionalProperties: false,
};

/** cinder/api/schemas/types_extra_specs.py `update`: exactly one spec. */
export const updateExtraSpecSchema = {
  ...extraSpecsNoSpaces,
  minProperties: 1,
  maxProperties: 1,
};

/** cinder/api/schemas/volume_type_access.py, for `addProjectAccess` or `removeProjectAccess`. */
export function projectAccessSchema(action: 'addProjectAccess' | 'removeProjectAccess') {
  return {
    type: 'object',
    properties: {
      [action]: {
        type: 'object',
        properties: { project: { type: 'string', format: 'uuid' } },
        required: ['project'],
        additionalProperties: false,
      },
    },
    required: [action],
    additionalProperties: false,
  };
}

/** cinder/api/schemas/default_types.py `create_or_update`. */
export const setDefaultTypeSchema = {
  type: 'object',
  properties: {
    default_type: {
      type: 'object',
      properties: { volume_type: { type: 'string', minLength: 1, maxLength: 255 } },
      required: ['volume_type'],
      additionalProperties: false,
    },
  },
  // Cinder does not require it, then fails with a 500 without it; a 400 says it better.
  required: ['default_type'],
};

export const typeParams = resourceParams('type_id');

export const extraSpecParams = resourceParams('type_id', 'key');

export const defaultTypeParams = resourceParams('target_project_id');

const typeView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    is_public: { type: 'boolean' },
    description: { type: ['string', 'null'] },
    extra_specs: stringMap,
    qos_specs_id: { type: ['string', 'null'] },
    'os-volume-type-access:is_public': { type: 'boolean' },
  },
  required: ['id', 'name', 'is_public', 'description'],
  additionalProperties: false,
};

export const typeResponse = {
  type: 'object',
  properties: { volume_type: typeView },
  required: ['volume_type'],
  additionalProperties: false,
};

export const typeListResponse = listResponse('volume_types', typeView, { linksKey: 'volume_type_links' });

export const extraSpecsResponse = {
  type: 'object',
  properties: { extra_specs: stringMap },
  required: ['extra_specs'],
  additionalProperties: false,
};

/** One spec, `{"<key>": "<value>"}`. */
export const extraSpecResponse = { ...stringMap, minProperties: 1, maxProperties: 1 };

export const typeAccessResponse = {
  type: 'object',
  properties: {
    volume_type_access: {
      type: 'array',
      items: {
        type: 'object',
        properties: { volume_type_id: { type: 'string' }, project_id: { type: 'string' } },
        required: ['volume_type_id', 'project_id'],
        additionalProperties: false,
      },
    },
  },
  required: ['volume_type_access'],
  additionalProperties: false,
};

const defaultTypeView = {
  type: 'object',
  properties: { project_id: { type: 'string' }, volume_type_id: { type: 'string' } },
  required: ['project_id', 'volume_type_id'],
  additionalProperties: false,
};

export const defaultTypeResponse = {
  type: 'object',
  properties: { default_type: defaultTypeView },
  required: ['default_type'],
  additionalProperties: false,
};

export const defaultTypeListResponse = {
  type: 'object',
  properties: { default_types: { type: 'array', items: defaultTypeView } },
  required: ['default_types'],
  additionalProperties: false,
};
