/** `GET /servers/{server_id}/diagnostics`. */
export const serverDiagnosticsParams = {
  type: 'object',
  properties: { server_id: { type: 'string' } },
  required: ['server_id'],
};

const integerOrNull = { type: ['integer', 'null'] };

/** An object of exactly `fields`, integers or null unless `types` says otherwise. */
const objectOf = (fields: string[], types: Record<string, object> = {}) => ({
  type: 'object',
  properties: Object.fromEntries(fields.map((name) => [name, types[name] ?? integerOrNull])),
  required: fields,
  additionalProperties: false,
});

const NIC_FIELDS = [
  'mac_address',
  'rx_octets',
  'rx_errors',
  'rx_drop',
  'rx_packets',
  'rx_rate',
  'tx_octets',
  'tx_errors',
  'tx_drop',
  'tx_packets',
  'tx_rate',
];

/** Tempest's v2_48 `show_server_diagnostics`: the standard object. */
const standardDiagnostics = objectOf(
  [
    'state',
    'driver',
    'hypervisor',
    'hypervisor_os',
    'uptime',
    'config_drive',
    'num_cpus',
    'num_nics',
    'num_disks',
    'memory_details',
    'cpu_details',
    'nic_details',
    'disk_details',
  ],
  {
    state: { type: 'string', enum: ['pending', 'running', 'paused', 'shutdown', 'crashed', 'suspended'] },
    driver: { type: 'string', enum: ['libvirt', 'xenapi', 'vmwareapi', 'ironic', 'hyperv'] },
    hypervisor: { type: ['string', 'null'] },
    hypervisor_os: { type: ['string', 'null'] },
    config_drive: { type: 'boolean' },
    num_cpus: { type: 'integer' },
    num_nics: { type: 'integer' },
    num_disks: { type: 'integer' },
    memory_details: objectOf(['maximum', 'used']),
    cpu_details: { type: 'array', items: objectOf(['id', 'time', 'utilisation']) },
    nic_details: {
      type: 'array',
      items: objectOf(NIC_FIELDS, { mac_address: { type: ['string', 'null'] } }),
    },
    disk_details: {
      type: 'array',
      items: objectOf(['read_bytes', 'read_requests', 'write_bytes', 'write_requests', 'errors_count']),
    },
  },
);

/** Before 2.48 the driver's flat counters (`cpu0_time`, `vda_read`, `memory`...); from 2.48 the object. */
export const serverDiagnosticsResponse = {
  anyOf: [standardDiagnostics, { type: 'object', additionalProperties: { type: 'integer' } }],
};
