import { MAX_INT } from '../../inventories/inventories.js';
import { RC_PATTERN } from './common.js';

/** The largest float upstream stores for allocation_ratio. */
const SQL_SP_FLOAT_MAX = 3.40282e38;

const count = (minimum: number) => ({ type: 'integer', maximum: MAX_INT, minimum });

const recordProperties = {
  resource_provider_generation: { type: 'integer' },
  total: count(1),
  reserved: count(0),
  min_unit: count(1),
  max_unit: count(1),
  step_size: count(1),
  allocation_ratio: { type: 'number', maximum: SQL_SP_FLOAT_MAX },
};

/** PUT /resource_providers/{uuid}/inventories/{class}: one record with the generation read. */
export const updateInventoryBody = {
  type: 'object',
  properties: recordProperties,
  required: ['total', 'resource_provider_generation'],
  additionalProperties: false,
};

/** POST /resource_providers/{uuid}/inventories: one record naming its class. */
export const createInventoryBody = {
  type: 'object',
  properties: { ...recordProperties, resource_class: { type: 'string', pattern: RC_PATTERN } },
  required: ['total', 'resource_class'],
  additionalProperties: false,
};

/** PUT /resource_providers/{uuid}/inventories: every record, by class. */
export const setInventoriesBody = {
  type: 'object',
  properties: {
    resource_provider_generation: { type: 'integer' },
    inventories: {
      type: 'object',
      patternProperties: {
        [RC_PATTERN]: {
          type: 'object',
          properties: recordProperties,
          required: ['total'],
          additionalProperties: false,
        },
      },
    },
  },
  required: ['resource_provider_generation', 'inventories'],
  additionalProperties: false,
};

export const inventoryParams = {
  type: 'object',
  properties: { uuid: { type: 'string' }, resource_class: { type: 'string' } },
  required: ['uuid', 'resource_class'],
} as const;

const inventoryRecord = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    reserved: { type: 'integer' },
    min_unit: { type: 'integer' },
    max_unit: { type: 'integer' },
    step_size: { type: 'integer' },
    allocation_ratio: { type: 'number' },
  },
  required: ['total', 'reserved', 'min_unit', 'max_unit', 'step_size', 'allocation_ratio'],
  additionalProperties: true,
} as const;

export const inventoryResponse = {
  ...inventoryRecord,
  properties: { ...inventoryRecord.properties, resource_provider_generation: { type: 'integer' } },
} as const;

export const inventoriesResponse = {
  type: 'object',
  properties: {
    resource_provider_generation: { type: 'integer' },
    inventories: { type: 'object', additionalProperties: inventoryRecord },
  },
  required: ['resource_provider_generation', 'inventories'],
  additionalProperties: true,
} as const;
