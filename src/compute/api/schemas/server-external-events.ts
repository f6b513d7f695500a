import { Microversion } from '../../../common/http/microversion.js';

/** The event names each microversion accepts, by the microversion that added them. */
const EVENT_NAMES: [string, string][] = [
  ['2.1', 'network-changed'],
  ['2.1', 'network-vif-plugged'],
  ['2.1', 'network-vif-unplugged'],
  ['2.1', 'network-vif-deleted'],
  ['2.51', 'volume-extended'],
  ['2.76', 'power-update'],
  ['2.82', 'accelerator-request-bound'],
  ['2.93', 'volume-reimaged'],
];

/** `external_event_obj.EVENT_STATUSES`. */
const EVENT_STATUSES = ['failed', 'completed', 'in-progress'];

/** Nova's `create` schema of the names up to microversion `since`. */
function createSchema(since: string) {
  return {
    type: 'object',
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            server_uuid: { type: 'string', format: 'uuid' },
            name: {
              type: 'string',
              enum: EVENT_NAMES.filter(([added]) => Microversion.parse(since).atLeast(added)).map(
                ([, name]) => name,
              ),
            },
            status: { type: 'string', enum: EVENT_STATUSES },
            tag: { type: 'string', maxLength: 255 },
          },
          required: ['server_uuid', 'name'],
          additionalProperties: false,
        },
      },
    },
    required: ['events'],
    additionalProperties: false,
  };
}

/** `create`, `create_v251`, `create_v276`, `create_v282` and `create_v293`, by the microversion they start at. */
const CREATE_SCHEMAS = [...new Set(EVENT_NAMES.map(([added]) => added))].map((since) => ({
  since,
  schema: createSchema(since),
}));

/** The body schema of the request's microversion. */
export function externalEventsSchema(version: Microversion): object {
  return CREATE_SCHEMAS.filter(({ since }) => version.atLeast(since)).at(-1)!.schema;
}

/** The events as given, each with its `status` and `code` (Tempest's `create`, any name). */
export const externalEventsResponse = {
  type: 'object',
  properties: {
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          server_uuid: { type: 'string' },
          name: { type: 'string' },
          status: { type: 'string', enum: EVENT_STATUSES },
          tag: { type: 'string' },
          code: { type: 'integer' },
        },
        required: ['server_uuid', 'name', 'status', 'code'],
        additionalProperties: false,
      },
    },
  },
  required: ['events'],
  additionalProperties: false,
};
