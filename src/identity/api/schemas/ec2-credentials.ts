import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

export const ec2CreateBody = {
  type: 'object',
  required: ['tenant_id'],
  properties: { tenant_id: { type: 'string', minLength: 1 } },
  additionalProperties: true,
} as const;

export const ec2UserParams = pathParams('user_id');
export const ec2CredentialParams = pathParams('user_id', 'credential_id');

const ec2Entity = {
  type: 'object',
  required: ['user_id', 'tenant_id', 'access', 'secret', 'trust_id', 'links'],
  properties: {
    user_id: { type: 'string' },
    tenant_id: { type: ['string', 'null'] },
    access: { type: 'string' },
    secret: { type: 'string' },
    trust_id: { type: ['string', 'null'] },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const ec2Response = memberEnvelope('credential', ec2Entity);
export const ec2ListResponse = collectionEnvelope('credentials', ec2Entity);
