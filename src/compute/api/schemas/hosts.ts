/**
 * Nova's os-hosts schemas (schemas/hosts.py). The update body's `anyOf` sits inside
 * `properties` upstream, so it requires nothing: a body with neither field is valid.
 */
const enableOrDisable = {
  type: 'string',
  enum: ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE'],
};

export const hostUpdateBody = {
  type: 'object',
  properties: { status: enableOrDisable, maintenance_mode: enableOrDisable },
  additionalProperties: false,
};

/** `zone` (a string, maybe repeated); anything else is ignored, as upstream keeps it. */
export const hostListQuery = { type: 'object', additionalProperties: true };

export const hostParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

/** Tempest's v2_1 hosts schemas. */
export const hostListResponse = {
  type: 'object',
  properties: {
    hosts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { host_name: { type: 'string' }, service: { type: 'string' }, zone: { type: 'string' } },
        required: ['host_name', 'service', 'zone'],
        additionalProperties: false,
      },
    },
  },
  required: ['hosts'],
  additionalProperties: false,
};

export const hostShowResponse = {
  type: 'object',
  properties: {
    host: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          resource: {
            type: 'object',
            properties: {
              host: { type: 'string' },
              project: { type: 'string' },
              cpu: { type: 'integer' },
              memory_mb: { type: 'integer' },
              disk_gb: { type: 'integer' },
            },
            required: ['host', 'project', 'cpu', 'memory_mb', 'disk_gb'],
            additionalProperties: false,
          },
        },
        required: ['resource'],
        additionalProperties: false,
      },
    },
  },
  required: ['host'],
  additionalProperties: false,
};

export const hostUpdateResponse = {
  type: 'object',
  properties: {
    host: { type: 'string' },
    status: { enum: ['enabled', 'disabled'] },
    maintenance_mode: { enum: ['on_maintenance', 'off_maintenance'] },
  },
  required: ['host'],
  additionalProperties: false,
};

export const hostPowerActionResponse = {
  type: 'object',
  properties: { host: { type: 'string' }, power_action: { enum: ['startup', 'shutdown', 'reboot'] } },
  required: ['host', 'power_action'],
  additionalProperties: false,
};
