import { nullableText, resourceParams } from './common-schemas.js';

/** `GET /capabilities/{host}`: the volume service's host (`host@backend`). */
export const capabilitiesParams = resourceParams('host');

/** One documented extra spec of a backend (Tempest's `property_info`). */
const propertyInfo = {
  type: 'object',
  properties: { title: { type: 'string' }, description: { type: 'string' }, type: { type: 'string' } },
  required: ['title', 'description', 'type'],
  additionalProperties: false,
};

/** Tempest's `show_backend_capabilities`. */
export const capabilitiesResponse = {
  type: 'object',
  properties: {
    namespace: { type: 'string', pattern: '^OS::Storage::Capabilities::.+$' },
    vendor_name: { type: 'string' },
    volume_backend_name: { type: 'string' },
    pool_name: nullableText,
    driver_version: { type: 'string' },
    storage_protocol: { type: 'string' },
    display_name: nullableText,
    description: nullableText,
    visibility: nullableText,
    replication_targets: { type: 'array', items: { type: 'string' } },
    properties: { type: 'object', additionalProperties: propertyInfo },
  },
  required: [
    'namespace',
    'vendor_name',
    'volume_backend_name',
    'pool_name',
    'driver_version',
    'storage_protocol',
    'display_name',
    'description',
    'visibility',
    'replication_targets',
    'properties',
  ],
  additionalProperties: false,
};
