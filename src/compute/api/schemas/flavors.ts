import { FLAVOR_SORT_KEYS } from '../../flavors/list-flavors.js';
import { booleanParameter, linksSchema, multiParam } from './parameter-types.js';

const MAX_INT = 0x7fffffff;

/** `flavor_param_positive` / `flavor_param_non_negative`: an integer, or a string of digits. */
function flavorInteger(minimum: number) {
  return { type: ['integer', 'string'], pattern: '^[0-9]+$', minimum, maximum: MAX_INT };
}

const description = { type: ['string', 'null'], maxLength: 65535 };

/** POST /flavors (description is checked against the microversion in the handler). */
export const createFlavorBody = {
  type: 'object',
  properties: {
    flavor: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        id: {
          type: ['string', 'number', 'null'],
          minLength: 1,
          maxLength: 255,
          pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
        },
        ram: flavorInteger(1),
        vcpus: flavorInteger(1),
        disk: flavorInteger(0),
        'OS-FLV-EXT-DATA:ephemeral': flavorInteger(0),
        swap: flavorInteger(0),
        rxtx_factor: {
          type: ['number', 'string'],
          pattern: '^[0-9]+(\\.[0-9]+)?$',
          exclusiveMinimum: 0,
          maximum: 3.40282e38,
        },
        'os-flavor-access:is_public': booleanParameter,
        description,
      },
      required: ['name', 'ram', 'vcpus', 'disk'],
      additionalProperties: false,
    },
  },
  required: ['flavor'],
  additionalProperties: false,
};

/** PUT /flavors/{id} (2.55): the description only. */
export const updateFlavorBody = {
  type: 'object',
  properties: {
    flavor: {
      type: 'object',
      properties: { description },
      required: ['description'],
      additionalProperties: false,
    },
  },
  required: ['flavor'],
  additionalProperties: false,
};

/** The query of GET /flavors and /flavors/detail; unknown parameters are refused from 2.75 in the handler. */
export const flavorListQuery = {
  type: 'object',
  properties: {
    limit: multiParam({ type: 'integer', minimum: 0 }),
    marker: multiParam(),
    is_public: multiParam(),
    minRam: multiParam(),
    minDisk: multiParam(),
    sort_key: multiParam({ type: 'string', enum: FLAVOR_SORT_KEYS }),
    sort_dir: multiParam({ type: 'string', enum: ['asc', 'desc'] }),
  },
  additionalProperties: true,
};

export const FLAVOR_LIST_PARAMETERS = Object.keys(flavorListQuery.properties);

export const flavorIdParams = {
  type: 'object',
  properties: { flavor_id: { type: 'string' } },
  required: ['flavor_id'],
};

const flavorBrief = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    links: linksSchema,
    description: { type: ['string', 'null'] },
  },
  required: ['id', 'name', 'links'],
  additionalProperties: true,
};

/** Tempest's common_flavor_info, with 2.55's description and 2.61's extra_specs. */
export const flavorSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    links: linksSchema,
    ram: { type: 'integer' },
    vcpus: { type: 'integer' },
    swap: { type: ['integer', 'string'] },
    disk: { type: 'integer' },
    'OS-FLV-DISABLED:disabled': { type: 'boolean' },
    'os-flavor-access:is_public': { type: 'boolean' },
    rxtx_factor: { type: ['number', 'string'] },
    'OS-FLV-EXT-DATA:ephemeral': { type: 'integer' },
    description: { type: ['string', 'null'] },
    extra_specs: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['id', 'name', 'links', 'ram', 'vcpus', 'swap', 'disk'],
  additionalProperties: true,
};

export const flavorResponse = {
  type: 'object',
  properties: { flavor: flavorSchema },
  required: ['flavor'],
  additionalProperties: false,
};

export const flavorListResponse = {
  type: 'object',
  properties: { flavors: { type: 'array', items: flavorBrief }, flavors_links: linksSchema },
  required: ['flavors'],
  additionalProperties: false,
};

export const flavorDetailListResponse = {
  type: 'object',
  properties: { flavors: { type: 'array', items: flavorSchema }, flavors_links: linksSchema },
  required: ['flavors'],
  additionalProperties: false,
};
