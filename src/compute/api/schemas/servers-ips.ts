import { addressesSchema } from './servers-responses.js';

/** `GET /servers/{id}/ips` and `/ips/{network}` (views/addresses.py). */
export const ipsParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

export const networkIpsParams = {
  type: 'object',
  properties: { id: { type: 'string' }, network: { type: 'string' } },
  required: ['id', 'network'],
};

export const ipsResponse = {
  type: 'object',
  properties: { addresses: addressesSchema },
  required: ['addresses'],
  additionalProperties: false,
};

export const networkIpsResponse = addressesSchema;
