import { linksSchema, multiParam } from './parameter-types.js';

/**
 * Nova's usage query schemas (nova/api/openstack/compute/schemas/simple_tenant_usage.py):
 * `start`, `end` (and `detailed` for the list), paging from 2.40, nothing else from 2.75. The
 * handler applies the microversion's schema.
 */
export const usageQueryShape = { type: 'object', additionalProperties: true };

const nonNegativeInteger = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 };

export function usageQuerySchema(withDetailed: boolean, paging: boolean, strict: boolean) {
  return {
    type: 'object',
    properties: {
      start: multiParam(),
      end: multiParam(),
      ...(withDetailed ? { detailed: multiParam() } : {}),
      ...(paging ? { limit: multiParam(nonNegativeInteger), marker: multiParam() } : {}),
    },
    additionalProperties: !strict,
  };
}

export const usageTenantParams = {
  type: 'object',
  properties: { tenant_id: { type: 'string' } },
  required: ['tenant_id'],
};

const serverUsage = {
  type: 'object',
  properties: {
    instance_id: { type: 'string' },
    name: { type: 'string' },
    hours: { type: 'number' },
    memory_mb: { type: 'integer' },
    local_gb: { type: 'integer' },
    vcpus: { type: 'integer' },
    tenant_id: { type: 'string' },
    flavor: { type: 'string' },
    started_at: { type: 'string' },
    ended_at: { type: ['string', 'null'] },
    state: { type: 'string' },
    uptime: { type: 'integer' },
  },
  required: ['instance_id', 'name', 'hours', 'memory_mb', 'local_gb', 'vcpus', 'tenant_id', 'flavor'],
  additionalProperties: false,
};

const tenantUsage = {
  type: 'object',
  properties: {
    tenant_id: { type: 'string' },
    total_local_gb_usage: { type: 'number' },
    total_vcpus_usage: { type: 'number' },
    total_memory_mb_usage: { type: 'number' },
    total_hours: { type: 'number' },
    start: { type: 'string' },
    stop: { type: 'string' },
    server_usages: { type: 'array', items: serverUsage },
  },
  additionalProperties: false,
};

export const usageListResponse = {
  type: 'object',
  properties: {
    tenant_usages: { type: 'array', items: { ...tenantUsage, required: ['tenant_id', 'start', 'stop'] } },
    tenant_usages_links: linksSchema,
  },
  required: ['tenant_usages'],
  additionalProperties: false,
};

/** A project without usage in the period shows `{}`. */
export const usageShowResponse = {
  type: 'object',
  properties: { tenant_usage: tenantUsage, tenant_usage_links: linksSchema },
  required: ['tenant_usage'],
  additionalProperties: false,
};
