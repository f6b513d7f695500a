/**
 * Nova's floating IP proxy schemas (nova/api/openstack/compute/schemas/floating_ips.py and
 * floating_ip_pools.py): the create body is optional, with an optional pool.
 */
export const createFloatingIpSchema = {
  type: ['object', 'null'],
  properties: { pool: { type: ['string', 'null'] } },
};

const ipAddress = { type: 'string', oneOf: [{ format: 'ipv4' }, { format: 'ipv6' }] };

export const addFloatingIpSchema = {
  type: 'object',
  properties: {
    addFloatingIp: {
      type: 'object',
      properties: { address: ipAddress, fixed_address: ipAddress },
      required: ['address'],
      additionalProperties: false,
    },
  },
  required: ['addFloatingIp'],
  additionalProperties: false,
};

export const removeFloatingIpSchema = {
  type: 'object',
  properties: {
    removeFloatingIp: {
      type: 'object',
      properties: { address: ipAddress },
      required: ['address'],
      additionalProperties: false,
    },
  },
  required: ['removeFloatingIp'],
  additionalProperties: false,
};

export const floatingIpParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

const floatingIp = {
  type: 'object',
  properties: {
    fixed_ip: { type: ['string', 'null'] },
    id: { type: 'string' },
    instance_id: { type: ['string', 'null'] },
    ip: { type: 'string' },
    pool: { type: 'string' },
  },
  required: ['fixed_ip', 'id', 'instance_id', 'ip', 'pool'],
  additionalProperties: false,
};

export const floatingIpResponse = {
  type: 'object',
  properties: { floating_ip: floatingIp },
  required: ['floating_ip'],
  additionalProperties: false,
};

export const floatingIpListResponse = {
  type: 'object',
  properties: { floating_ips: { type: 'array', items: floatingIp } },
  required: ['floating_ips'],
  additionalProperties: false,
};

export const poolListResponse = {
  type: 'object',
  properties: {
    floating_ip_pools: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      },
    },
  },
  required: ['floating_ip_pools'],
  additionalProperties: false,
};
