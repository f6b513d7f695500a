/**
 * Fastify schemas of the image routes. Request bodies are checked by hand where Glance has its
 * own messages (JSON patch, create against the image schema); entity schemas stay permissive
 * (`additionalProperties: true`), since images carry any extra properties.
 */

export const imageParams = {
  type: 'object',
  required: ['image_id'],
  properties: { image_id: { type: 'string' } },
} as const;

export const memberParams = {
  type: 'object',
  required: ['image_id', 'member_id'],
  properties: { image_id: { type: 'string' }, member_id: { type: 'string' } },
} as const;

export const tagParams = {
  type: 'object',
  required: ['image_id', 'tag_value'],
  properties: { image_id: { type: 'string' }, tag_value: { type: 'string' } },
} as const;

const nullable = (type: string) => ({ type: [type, 'null'] });

export const imageEntity = {
  type: 'object',
  required: ['id', 'status', 'visibility', 'protected', 'os_hidden', 'tags', 'self', 'file', 'schema'],
  properties: {
    id: { type: 'string' },
    name: nullable('string'),
    status: { type: 'string' },
    visibility: { type: 'string' },
    owner: nullable('string'),
    size: nullable('integer'),
    virtual_size: nullable('integer'),
    checksum: nullable('string'),
    os_hash_algo: nullable('string'),
    os_hash_value: nullable('string'),
    disk_format: nullable('string'),
    container_format: nullable('string'),
    min_disk: { type: 'integer' },
    min_ram: { type: 'integer' },
    protected: { type: 'boolean' },
    os_hidden: { type: 'boolean' },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    self: { type: 'string' },
    file: { type: 'string' },
    schema: { type: 'string' },
    stores: { type: 'string' },
  },
  additionalProperties: true,
} as const;

export const imageListResponse = {
  type: 'object',
  required: ['images', 'first', 'schema'],
  properties: {
    images: { type: 'array', items: imageEntity },
    first: { type: 'string' },
    next: { type: 'string' },
    schema: { type: 'string' },
  },
} as const;

export const memberEntity = {
  type: 'object',
  required: ['member_id', 'image_id', 'status', 'created_at', 'updated_at', 'schema'],
  properties: {
    member_id: { type: 'string' },
    image_id: { type: 'string' },
    status: { enum: ['pending', 'accepted', 'rejected'] },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
    schema: { type: 'string' },
  },
  additionalProperties: true,
} as const;

export const memberListResponse = {
  type: 'object',
  required: ['members', 'schema'],
  properties: { members: { type: 'array', items: memberEntity }, schema: { type: 'string' } },
} as const;

/** A JSON object body whose fields are read by hand, with Glance's own messages. */
export const objectBody = { type: 'object' } as const;

/** The query of a list: any filter name is allowed (extra properties filter too). */
export const anyQuery = { type: 'object', additionalProperties: true } as const;

export const noContent = { type: 'null' } as const;
