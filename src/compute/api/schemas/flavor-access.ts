import { flavorIdParams } from './flavors.js';

const tenant = {
  type: 'object',
  properties: { tenant: { type: 'string', minLength: 1, maxLength: 255 } },
  required: ['tenant'],
  additionalProperties: false,
};

/** POST /flavors/{id}/action: one of addTenantAccess and removeTenantAccess. */
export const flavorActionBody = {
  type: 'object',
  properties: { addTenantAccess: tenant, removeTenantAccess: tenant },
  minProperties: 1,
  additionalProperties: true,
};

export const flavorActionParams = flavorIdParams;

export const flavorAccessResponse = {
  type: 'object',
  properties: {
    flavor_access: {
      type: 'array',
      items: {
        type: 'object',
        properties: { flavor_id: { type: 'string' }, tenant_id: { type: 'string' } },
        required: ['flavor_id', 'tenant_id'],
        additionalProperties: false,
      },
    },
  },
  required: ['flavor_access'],
  additionalProperties: false,
};
