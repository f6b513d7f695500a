import { nullableText, resourceParams } from './common-schemas.js';

/** `GET /os-hosts/{host}`. */
export const hostParams = resourceParams('host');

/** Tempest's `list_hosts`: each enabled service by host, as the deprecated os-hosts shows it. */
export const hostListResponse = {
  type: 'object',
  properties: {
    hosts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          host_name: { type: 'string' },
          service: { type: 'string' },
          zone: { type: 'string' },
          'service-status': { type: 'string', enum: ['available', 'unavailable'] },
          'service-state': { type: 'string', enum: ['enabled', 'disabled'] },
          'last-update': nullableText,
        },
        required: ['host_name', 'service', 'zone', 'service-status', 'service-state', 'last-update'],
        additionalProperties: false,
      },
    },
  },
  required: ['hosts'],
  additionalProperties: false,
};

/** Tempest's `show_host`: the figures are text, as Cinder gives them. */
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
              volume_count: { type: 'string' },
              total_volume_gb: { type: 'string' },
              snapshot_count: { type: 'string' },
              total_snapshot_gb: { type: 'string' },
            },
            required: [
              'host',
              'project',
              'volume_count',
              'total_volume_gb',
              'snapshot_count',
              'total_snapshot_gb',
            ],
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
