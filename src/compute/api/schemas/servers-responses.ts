import { linksSchema } from './parameter-types.js';

/**
 * What the servers API answers, after Tempest's server schemas (compute/servers.py and the
 * v2_x ones): every field a microversion may add is listed, none other may appear.
 */

const nullableString = { type: ['string', 'null'] };
const bookmarked = {
  type: 'object',
  properties: { id: { type: 'string' }, links: linksSchema },
  required: ['id', 'links'],
  additionalProperties: false,
};

const address = {
  type: 'object',
  properties: {
    version: { enum: [4, 6] },
    addr: { type: 'string' },
    'OS-EXT-IPS:type': { type: 'string', enum: ['fixed', 'floating'] },
    'OS-EXT-IPS-MAC:mac_addr': { type: 'string' },
  },
  required: ['version', 'addr'],
  additionalProperties: false,
};
export const addressesSchema = {
  type: 'object',
  additionalProperties: { type: 'array', items: address },
};

const serverDetail = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string' },
    tenant_id: { type: 'string' },
    user_id: { type: 'string' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    hostId: { type: 'string' },
    image: { oneOf: [bookmarked, { type: 'string', maxLength: 0 }] },
    flavor: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        links: linksSchema,
        vcpus: { type: 'integer' },
        ram: { type: 'integer' },
        disk: { type: 'integer' },
        ephemeral: { type: 'integer' },
        swap: { type: 'integer' },
        original_name: { type: 'string' },
        extra_specs: { type: 'object', additionalProperties: { type: 'string' } },
      },
      additionalProperties: false,
    },
    created: { type: 'string' },
    updated: { type: 'string' },
    addresses: addressesSchema,
    accessIPv4: { type: 'string' },
    accessIPv6: { type: 'string' },
    links: linksSchema,
    'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
    fault: {
      type: 'object',
      properties: {
        code: { type: 'integer' },
        created: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'string' },
      },
      required: ['code', 'created', 'message'],
      additionalProperties: false,
    },
    progress: { type: 'integer' },
    'OS-EXT-AZ:availability_zone': { type: 'string' },
    config_drive: { type: 'string' },
    key_name: nullableString,
    'OS-SRV-USG:launched_at': nullableString,
    'OS-SRV-USG:terminated_at': nullableString,
    security_groups: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    },
    'OS-EXT-SRV-ATTR:host': nullableString,
    'OS-EXT-SRV-ATTR:instance_name': { type: 'string' },
    'OS-EXT-SRV-ATTR:hypervisor_hostname': nullableString,
    'OS-EXT-SRV-ATTR:reservation_id': nullableString,
    'OS-EXT-SRV-ATTR:launch_index': { type: 'integer' },
    'OS-EXT-SRV-ATTR:hostname': { type: 'string' },
    'OS-EXT-SRV-ATTR:kernel_id': nullableString,
    'OS-EXT-SRV-ATTR:ramdisk_id': nullableString,
    'OS-EXT-SRV-ATTR:root_device_name': nullableString,
    'OS-EXT-SRV-ATTR:user_data': nullableString,
    'OS-EXT-STS:task_state': nullableString,
    'OS-EXT-STS:vm_state': { type: 'string' },
    'OS-EXT-STS:power_state': { type: 'integer' },
    'os-extended-volumes:volumes_attached': {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, delete_on_termination: { type: 'boolean' } },
        required: ['id'],
        additionalProperties: false,
      },
    },
    host_status: { type: 'string' },
    locked: { type: 'boolean' },
    locked_reason: nullableString,
    description: nullableString,
    tags: { type: 'array', items: { type: 'string' } },
    trusted_image_certificates: { type: ['array', 'null'], items: { type: 'string' } },
    server_groups: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'name', 'status', 'links', 'tenant_id', 'user_id', 'metadata', 'created', 'updated'],
  additionalProperties: false,
};

export const serverResponse = {
  type: 'object',
  properties: { server: serverDetail },
  required: ['server'],
  additionalProperties: false,
};

const serversLinks = {
  type: 'array',
  items: { type: 'object', properties: { rel: { type: 'string' }, href: { type: 'string' } } },
};

export const serverDetailListResponse = {
  type: 'object',
  properties: { servers: { type: 'array', items: serverDetail }, servers_links: serversLinks },
  required: ['servers'],
  additionalProperties: false,
};

export const serverListResponse = {
  type: 'object',
  properties: {
    servers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' }, links: linksSchema },
        required: ['id', 'name', 'links'],
        additionalProperties: false,
      },
    },
    servers_links: serversLinks,
  },
  required: ['servers'],
  additionalProperties: false,
};

export const createServerResponse = {
  type: 'object',
  properties: {
    server: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        links: linksSchema,
        'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
        security_groups: { type: 'array' },
        adminPass: { type: 'string' },
      },
      required: ['id', 'links', 'OS-DCF:diskConfig', 'security_groups'],
      additionalProperties: false,
    },
    reservation_id: { type: 'string' },
  },
  additionalProperties: false,
};
