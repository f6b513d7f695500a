import { booleanSchema } from '../volumes/request-validation.js';

/** Cinder's `description`: printable characters (horizontal spaces allowed), up to 255. */
const description = {
  type: ['string', 'null'],
  minLength: 0,
  maxLength: 255,
  pattern: '^[^\\p{C}\\p{Zl}\\p{Zp}]*$',
};

/**
 * Cinder's `extra_specs` (keys of `[a-zA-Z0-9-_:. /]`, or without spaces for the extra specs
 * API). Cinder also takes null values; the table keeps text, so null is refused here.
 */
export function extraSpecsSchema(keyPattern: string) {
  return {
    type: 'object',
    patternProperties: { [keyPattern]: { type: 'string', maxLength: 255 } },
    additionalProperties: false,
  };
}
const SPEC_KEY = '^[a-zA-Z0-9-_:. /]{1,255}$';
export const SPEC_KEY_NO_SPACES = '^[a-zA-Z0-9-_:.]{1,255}$';

/** cinder/api/schemas/volume_types.py `create`. */
export const createTypeSchema = {
  type: 'object',
  properties: {
    volume_type: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        description,
        extra_specs: extraSpecsSchema(SPEC_KEY),
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
  properties: { extra_specs: extraSpecsSchema(SPEC_KEY_NO_SPACES) },
  required: ['extra_specs'],
  additionalProperties: false,
};

/** cinder/api/schemas/types_extra_specs.py `update`: exactly one spec. */
export const updateExtraSpecSchema = {
  ...extraSpecsSchema(SPEC_KEY_NO_SPACES),
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

export const typeParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, type_id: { type: 'string' } },
  required: ['type_id'],
};

export const extraSpecParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, type_id: { type: 'string' }, key: { type: 'string' } },
  required: ['type_id', 'key'],
};

export const defaultTypeParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, target_project_id: { type: 'string' } },
  required: ['target_project_id'],
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

export const typeListResponse = {
  type: 'object',
  properties: { volume_types: { type: 'array', items: typeView }, volume_type_links: links },
  required: ['volume_types'],
  additionalProperties: false,
};

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
