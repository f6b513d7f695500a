import { booleanParameter, multiParam } from './parameter-types.js';

/** `parameter_types.fqdn`: host names as Nova's services table holds them (underscores allowed). */
export const fqdn = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' };
const reason = { type: 'string', minLength: 1, maxLength: 255 };

/** GET /os-services; unknown parameters are refused from 2.75 in the handler. */
export const serviceListQuery = {
  type: 'object',
  properties: { host: multiParam(), binary: multiParam() },
  additionalProperties: true,
};

export const SERVICE_LIST_PARAMETERS = Object.keys(serviceListQuery.properties);

/**
 * PUT /os-services/{id}: the union of Nova's three bodies (`service_update`, `_v211` and
 * `_v2_53`); the handler narrows it to the request's microversion, since one route serves all.
 */
export const updateServiceBody = {
  type: 'object',
  properties: {
    host: fqdn,
    binary: { type: 'string', minLength: 1, maxLength: 255 },
    disabled_reason: reason,
    forced_down: booleanParameter,
    status: { type: 'string', enum: ['enabled', 'disabled'] },
  },
  additionalProperties: false,
};

/** An action name (before 2.53), a uuid (from 2.53), or an integer id or uuid to delete. */
export const serviceIdParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

/** Tempest's list_services item: id integer before 2.53 and a uuid from then; forced_down from 2.11. */
const serviceDetail = {
  type: 'object',
  properties: {
    id: { type: ['integer', 'string'] },
    zone: { type: 'string' },
    host: { type: 'string' },
    state: { type: 'string' },
    binary: { type: 'string' },
    status: { type: 'string' },
    updated_at: { type: ['string', 'null'] },
    disabled_reason: { type: ['string', 'null'] },
    forced_down: { type: 'boolean' },
  },
  required: ['id', 'zone', 'host', 'state', 'binary', 'status', 'updated_at', 'disabled_reason'],
  additionalProperties: false,
};

export const serviceListResponse = {
  type: 'object',
  properties: { services: { type: 'array', items: serviceDetail } },
  required: ['services'],
  additionalProperties: false,
};

/**
 * PUT's answer: the action forms echo host and binary with status (and disabled_reason) or
 * forced_down; the 2.53 form is a full service detail.
 */
export const updateServiceResponse = {
  type: 'object',
  properties: {
    service: {
      type: 'object',
      properties: serviceDetail.properties,
      required: ['host', 'binary'],
      additionalProperties: false,
    },
  },
  required: ['service'],
  additionalProperties: false,
};
