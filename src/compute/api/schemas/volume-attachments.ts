import { booleanParameter, multiParam } from './parameter-types.js';
import { tagSchema } from './servers.js';

/**
 * Nova's volume attachment schemas (nova/api/openstack/compute/schemas/volumes.py): create with
 * `tag` from 2.49 and `delete_on_termination` from 2.79; update with the whole attachment from
 * 2.85. The handlers apply the microversion's schema; routes give Fastify the outer shape.
 */
const volumeId = { type: 'string', format: 'uuid' };
const device = { type: ['string', 'null'], pattern: '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$' };

function attachmentBody(properties: Record<string, object>) {
  return {
    type: 'object',
    properties: {
      volumeAttachment: { type: 'object', properties, required: ['volumeId'], additionalProperties: false },
    },
    required: ['volumeAttachment'],
    additionalProperties: false,
  };
}

export const createAttachmentSchemas = [
  { max: '2.48', schema: attachmentBody({ volumeId, device }) },
  { min: '2.49', max: '2.78', schema: attachmentBody({ volumeId, device, tag: tagSchema }) },
  {
    min: '2.79',
    schema: attachmentBody({ volumeId, device, tag: tagSchema, delete_on_termination: booleanParameter }),
  },
];

export const updateAttachmentSchemas = [
  { max: '2.84', schema: attachmentBody({ volumeId }) },
  {
    min: '2.85',
    schema: attachmentBody({
      volumeId,
      device,
      tag: tagSchema,
      delete_on_termination: booleanParameter,
      serverId: { type: 'string', format: 'uuid' },
      id: { type: 'string', format: 'uuid' },
    }),
  },
];

export const attachmentBodyShape = { type: 'object' };

const nonNegativeInteger = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 };
export function attachmentListQuery(strict: boolean) {
  return {
    type: 'object',
    properties: { limit: multiParam(nonNegativeInteger), offset: multiParam(nonNegativeInteger) },
    additionalProperties: !strict,
  };
}
export const attachmentQueryShape = { type: 'object', additionalProperties: true };

export const attachmentParams = {
  type: 'object',
  properties: { server_id: { type: 'string' }, volume_id: { type: 'string' } },
  required: ['server_id'],
};

const attachment = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    volumeId: { type: 'string' },
    serverId: { type: 'string' },
    device: { type: ['string', 'null'] },
    tag: { type: ['string', 'null'] },
    delete_on_termination: { type: 'boolean' },
    attachment_id: { type: ['string', 'null'] },
    bdm_uuid: { type: 'string' },
  },
  required: ['volumeId', 'serverId'],
  additionalProperties: false,
};

export const attachmentListResponse = {
  type: 'object',
  properties: { volumeAttachments: { type: 'array', items: attachment } },
  required: ['volumeAttachments'],
  additionalProperties: false,
};

export const attachmentResponse = {
  type: 'object',
  properties: { volumeAttachment: attachment },
  required: ['volumeAttachment'],
  additionalProperties: false,
};
