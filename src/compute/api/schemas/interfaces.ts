import { tagSchema } from './servers.js';

/**
 * Nova's interface attachment schemas (nova/api/openstack/compute/schemas/attach_interfaces.py):
 * `tag` from 2.49; the body may be left out. The handler applies the microversion's schema.
 */
function createBody(withTag: boolean) {
  return {
    type: 'object',
    properties: {
      interfaceAttachment: {
        type: 'object',
        properties: {
          net_id: { type: 'string', format: 'uuid' },
          port_id: { type: 'string', format: 'uuid' },
          fixed_ips: {
            type: 'array',
            minItems: 1,
            maxItems: 1,
            items: {
              type: 'object',
              properties: { ip_address: { type: 'string', oneOf: [{ format: 'ipv4' }, { format: 'ipv6' }] } },
              required: ['ip_address'],
              additionalProperties: false,
            },
          },
          ...(withTag ? { tag: tagSchema } : {}),
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}

export const createInterfaceSchemas = [
  { max: '2.48', schema: createBody(false) },
  { min: '2.49', schema: createBody(true) },
];

export const interfaceBodyShape = {};

export const interfaceParams = {
  type: 'object',
  properties: { server_id: { type: 'string' }, port_id: { type: 'string' } },
  required: ['server_id'],
};

const interfaceAttachment = {
  type: 'object',
  properties: {
    net_id: { type: 'string' },
    port_id: { type: 'string' },
    mac_addr: { type: 'string' },
    port_state: { type: 'string' },
    fixed_ips: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        properties: { subnet_id: { type: 'string' }, ip_address: { type: 'string' } },
        required: ['ip_address'],
        additionalProperties: false,
      },
    },
    tag: { type: ['string', 'null'] },
  },
  required: ['net_id', 'port_id', 'mac_addr', 'port_state', 'fixed_ips'],
  additionalProperties: false,
};

export const interfaceListResponse = {
  type: 'object',
  properties: { interfaceAttachments: { type: 'array', items: interfaceAttachment } },
  required: ['interfaceAttachments'],
  additionalProperties: false,
};

export const interfaceResponse = {
  type: 'object',
  properties: { interfaceAttachment },
  required: ['interfaceAttachment'],
  additionalProperties: false,
};
