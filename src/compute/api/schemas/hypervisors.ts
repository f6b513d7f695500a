import { linksSchema, multiParam } from './parameter-types.js';

/**
 * GET /os-hypervisors and /detail: Nova's query schemas differ by microversion (none before 2.33,
 * paging from 2.33, pattern and with_servers with unknown names refused from 2.53), and one route
 * serves them all; so the values arrive as text and the handler applies the request's rules.
 */
export const hypervisorListQuery = {
  type: 'object',
  properties: {
    limit: multiParam(),
    marker: multiParam(),
    hypervisor_hostname_pattern: multiParam(),
    with_servers: multiParam(),
  },
  additionalProperties: true,
};

export const HYPERVISOR_LIST_PARAMETERS = Object.keys(hypervisorListQuery.properties);

/** GET /os-hypervisors/{id}: with_servers from 2.53, checked in the handler likewise. */
export const hypervisorShowQuery = {
  type: 'object',
  properties: { with_servers: multiParam() },
  additionalProperties: true,
};

/** The `{id}` of show and uptime, or the pattern of search and servers. */
export const hypervisorIdParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

const integer = { type: 'integer' };

/**
 * Tempest's hypervisor detail across v2_1, v2_28 (cpu_info an object), v2_53 (uuid ids,
 * servers) and v2_88 (resource fields gone, uptime in); the brief form is its first four keys.
 */
const hypervisor = {
  type: 'object',
  properties: {
    id: { type: ['integer', 'string'] },
    hypervisor_hostname: { type: 'string' },
    state: { type: 'string', enum: ['up', 'down'] },
    status: { type: 'string', enum: ['enabled', 'disabled'] },
    hypervisor_type: { type: 'string' },
    hypervisor_version: integer,
    host_ip: { type: ['string', 'null'] },
    service: {
      type: 'object',
      properties: {
        id: { type: ['integer', 'string'] },
        host: { type: 'string' },
        disabled_reason: { type: ['string', 'null'] },
      },
      required: ['id', 'host', 'disabled_reason'],
      additionalProperties: false,
    },
    vcpus: integer,
    memory_mb: integer,
    local_gb: integer,
    vcpus_used: integer,
    memory_mb_used: integer,
    local_gb_used: integer,
    free_ram_mb: integer,
    free_disk_gb: integer,
    current_workload: integer,
    running_vms: integer,
    disk_available_least: { type: ['integer', 'null'] },
    cpu_info: { type: ['string', 'object'] },
    uptime: { type: ['string', 'null'] },
    servers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, uuid: { type: 'string' } },
        required: ['name', 'uuid'],
        additionalProperties: false,
      },
    },
  },
  required: ['id', 'hypervisor_hostname', 'state', 'status'],
  additionalProperties: false,
};

export const hypervisorListResponse = {
  type: 'object',
  properties: { hypervisors: { type: 'array', items: hypervisor }, hypervisors_links: linksSchema },
  required: ['hypervisors'],
  additionalProperties: false,
};

/** Show and uptime. */
export const hypervisorResponse = {
  type: 'object',
  properties: { hypervisor },
  required: ['hypervisor'],
  additionalProperties: false,
};

/** The sums `statistics` answers, as Tempest's hypervisor_statistics lists them. */
export const STATISTICS_FIELDS = [
  'count',
  'vcpus',
  'memory_mb',
  'local_gb',
  'vcpus_used',
  'memory_mb_used',
  'local_gb_used',
  'free_ram_mb',
  'free_disk_gb',
  'current_workload',
  'running_vms',
  'disk_available_least',
] as const;

export const hypervisorStatisticsResponse = {
  type: 'object',
  properties: {
    hypervisor_statistics: {
      type: 'object',
      properties: Object.fromEntries(STATISTICS_FIELDS.map((field) => [field, integer])),
      required: [...STATISTICS_FIELDS],
      additionalProperties: false,
    },
  },
  required: ['hypervisor_statistics'],
  additionalProperties: false,
};
