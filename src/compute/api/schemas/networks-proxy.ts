/**
 * Nova's os-networks and os-tenant-networks answers (schemas/networks.py, tenant_networks.py):
 * only the id and name (`label`) are known since nova-network went; the other fields are null
 * (os-networks) or the text `None` (`cidr` of os-tenant-networks, as Nova has always shown it).
 */
const nullable = { type: ['string', 'null'] };

/** The fields of an os-networks network: every user sees these; admins see more, all null. */
export const NETWORK_FIELDS = [
  'id',
  'cidr',
  'netmask',
  'gateway',
  'broadcast',
  'dns1',
  'dns2',
  'cidr_v6',
  'gateway_v6',
  'label',
  'netmask_v6',
] as const;

export const NETWORK_ADMIN_FIELDS = [
  'created_at',
  'updated_at',
  'deleted_at',
  'deleted',
  'injected',
  'bridge',
  'vlan',
  'vpn_public_address',
  'vpn_public_port',
  'vpn_private_address',
  'dhcp_start',
  'project_id',
  'host',
  'bridge_interface',
  'multi_host',
  'priority',
  'rxtx_base',
  'mtu',
  'dhcp_server',
  'enable_dhcp',
  'share_address',
] as const;

const network = {
  type: 'object',
  properties: Object.fromEntries(
    [...NETWORK_FIELDS, ...NETWORK_ADMIN_FIELDS].map((field) => [
      field,
      field === 'id' ? { type: 'string' } : {},
    ]),
  ),
  required: ['id', 'label'],
  additionalProperties: false,
};

const tenantNetwork = {
  type: 'object',
  properties: { id: { type: 'string' }, cidr: { type: 'string' }, label: nullable },
  required: ['id', 'cidr', 'label'],
  additionalProperties: false,
};

export const networkParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

export const networkResponse = {
  type: 'object',
  properties: { network },
  required: ['network'],
  additionalProperties: false,
};

export const networkListResponse = {
  type: 'object',
  properties: { networks: { type: 'array', items: network } },
  required: ['networks'],
  additionalProperties: false,
};

export const tenantNetworkResponse = {
  type: 'object',
  properties: { network: tenantNetwork },
  required: ['network'],
  additionalProperties: false,
};

export const tenantNetworkListResponse = {
  type: 'object',
  properties: { networks: { type: 'array', items: tenantNetwork } },
  required: ['networks'],
  additionalProperties: false,
};
