import { nullableText } from './common-schemas.js';

/** What a backend reports of a pool (Tempest's `get_pools_with_detail` capabilities, and the rest Cinder shows). */
const poolCapabilities = {
  type: 'object',
  properties: {
    pool_name: { type: 'string' },
    volume_backend_name: { type: 'string' },
    vendor_name: { type: 'string' },
    driver_version: { type: 'string' },
    storage_protocol: { type: 'string' },
    total_capacity_gb: { type: 'number' },
    free_capacity_gb: { type: 'number' },
    provisioned_capacity_gb: { type: 'number' },
    reserved_percentage: { type: 'integer' },
    thin_provisioning_support: { type: 'boolean' },
    thick_provisioning_support: { type: 'boolean' },
    max_over_subscription_ratio: { type: 'string' },
    QoS_support: { type: 'boolean' },
    backend_state: { type: 'string', enum: ['up', 'down'] },
    timestamp: nullableText,
  },
  additionalProperties: false,
};

/** `GET /scheduler-stats/get_pools`: each pool's name, with `?detail=true` its capabilities too. */
export const poolListResponse = {
  type: 'object',
  properties: {
    pools: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, capabilities: poolCapabilities },
        required: ['name'],
        additionalProperties: false,
      },
    },
  },
  required: ['pools'],
  additionalProperties: false,
};
