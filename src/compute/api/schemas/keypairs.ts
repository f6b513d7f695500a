import { linksSchema, multiParam } from './parameter-types.js';

/** POST /os-keypairs, the widest form (2.10+); fields a microversion lacks are refused in the handler. */
export const createKeypairBody = {
  type: 'object',
  properties: {
    keypair: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        type: { type: 'string', enum: ['ssh', 'x509'] },
        public_key: { type: 'string' },
        user_id: { type: 'string' },
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  required: ['keypair'],
  additionalProperties: false,
};

export const keypairQuery = {
  type: 'object',
  properties: {
    user_id: multiParam(),
    limit: multiParam({ type: 'integer', minimum: 0 }),
    marker: multiParam(),
  },
  additionalProperties: true,
};

export const keypairNameParams = {
  type: 'object',
  properties: { name: { type: 'string' } },
  required: ['name'],
};

const keypairFields = {
  name: { type: 'string' },
  public_key: { type: 'string' },
  fingerprint: { type: 'string' },
  type: { type: 'string' },
  user_id: { type: 'string' },
};

export const keypairListResponse = {
  type: 'object',
  properties: {
    keypairs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          keypair: {
            type: 'object',
            properties: keypairFields,
            required: ['name', 'public_key', 'fingerprint'],
            additionalProperties: false,
          },
        },
        required: ['keypair'],
        additionalProperties: false,
      },
    },
    keypairs_links: linksSchema,
  },
  required: ['keypairs'],
  additionalProperties: false,
};

/** Tempest's create_keypair (v2.1 and v2.2). */
export const keypairCreateResponse = {
  type: 'object',
  properties: {
    keypair: {
      type: 'object',
      properties: { ...keypairFields, private_key: { type: 'string' } },
      required: ['fingerprint', 'name', 'public_key', 'user_id'],
      additionalProperties: false,
    },
  },
  required: ['keypair'],
  additionalProperties: false,
};

/** Tempest's get_keypair. */
export const keypairShowResponse = {
  type: 'object',
  properties: {
    keypair: {
      type: 'object',
      properties: {
        ...keypairFields,
        deleted: { type: 'boolean' },
        created_at: { type: 'string' },
        updated_at: { type: ['string', 'null'] },
        deleted_at: { type: ['string', 'null'] },
        id: { type: 'integer' },
      },
      required: [
        'public_key',
        'name',
        'fingerprint',
        'user_id',
        'deleted',
        'created_at',
        'updated_at',
        'deleted_at',
        'id',
      ],
      additionalProperties: false,
    },
  },
  required: ['keypair'],
  additionalProperties: false,
};
