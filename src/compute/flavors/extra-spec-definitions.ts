/**
 * The extra specs Nova Zed knows (nova/api/validation/extra_specs/*.py), as data: a name with
 * `{parameter}` placeholders, what its value must be, and each placeholder's pattern. Checked on
 * write from microversion 2.86. Standard resource classes and traits are matched by their shape
 * (`[A-Z0-9_]+`) rather than against os-resource-classes and os-traits, whose lists belong to
 * placement.
 */
export interface ExtraSpecDefinition {
  name: string;
  value:
    | { type: 'int'; min?: number; max?: number }
    | { type: 'bool' }
    | { type: 'str'; pattern?: string; enum?: readonly string[] };
  parameters?: ReadonlyArray<{ name: string; pattern: string }>;
  deprecated?: boolean;
}

export const EXTRA_SPEC_DEFINITIONS: readonly ExtraSpecDefinition[] = [
  // hw
  { name: 'hw:cpu_realtime', value: { type: 'bool' } },
  {
    name: 'hw:cpu_realtime_mask',
    value: { type: 'str', pattern: '(\\^)?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' },
  },
  { name: 'hw:hide_hypervisor_id', value: { type: 'bool' } },
  { name: 'hw:cpu_policy', value: { type: 'str', enum: ['dedicated', 'shared', 'mixed'] } },
  { name: 'hw:cpu_thread_policy', value: { type: 'str', enum: ['prefer', 'isolate', 'require'] } },
  { name: 'hw:emulator_threads_policy', value: { type: 'str', enum: ['isolate', 'share'] } },
  {
    name: 'hw:cpu_dedicated_mask',
    value: { type: 'str', pattern: '\\^?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' },
  },
  {
    name: 'hw:mem_page_size',
    value: { type: 'str', pattern: '(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)' },
  },
  { name: 'hw:locked_memory', value: { type: 'bool' } },
  { name: 'hw:numa_nodes', value: { type: 'int', min: 1 } },
  {
    name: 'hw:numa_cpus.{num}',
    value: { type: 'str', pattern: '\\^?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*' },
    parameters: [{ name: 'num', pattern: '\\d+' }],
  },
  {
    name: 'hw:numa_mem.{num}',
    value: { type: 'int', min: 1 },
    parameters: [{ name: 'num', pattern: '\\d+' }],
  },
  {
    name: 'hw:pci_numa_affinity_policy',
    value: { type: 'str', enum: ['required', 'preferred', 'legacy', 'socket'] },
  },
  { name: 'hw:cpu_sockets', value: { type: 'int', min: 1 } },
  { name: 'hw:cpu_cores', value: { type: 'int', min: 1 } },
  { name: 'hw:cpu_threads', value: { type: 'int', min: 1 } },
  { name: 'hw:max_cpu_sockets', value: { type: 'int', min: 1 } },
  { name: 'hw:max_cpu_cores', value: { type: 'int', min: 1 } },
  { name: 'hw:max_cpu_threads', value: { type: 'int', min: 1 } },
  { name: 'hw:boot_menu', value: { type: 'bool' } },
  { name: 'hw:vif_multiqueue_enabled', value: { type: 'bool' } },
  { name: 'hw:mem_encryption', value: { type: 'bool' } },
  { name: 'hw:pmem', value: { type: 'str', pattern: '([a-zA-Z0-9_]+(,)?)+' } },
  { name: 'hw:pmu', value: { type: 'bool' } },
  { name: 'hw:serial_port_count', value: { type: 'int', min: 0 } },
  { name: 'hw:tpm_model', value: { type: 'str', enum: ['tpm-tis', 'tpm-crb'] } },
  { name: 'hw:tpm_version', value: { type: 'str', enum: ['1.2', '2.0'] } },
  {
    name: 'hw:watchdog_action',
    value: { type: 'str', enum: ['none', 'pause', 'poweroff', 'reset', 'disabled'] },
  },
  { name: 'hw:viommu_model', value: { type: 'str', enum: ['intel', 'smmuv3', 'virtio', 'auto'] } },
  { name: 'hw:ephemeral_encryption', value: { type: 'bool' } },
  { name: 'hw:ephemeral_encryption_format', value: { type: 'str', enum: ['plain', 'luks', 'luksv2'] } },
  // hw_rng
  { name: 'hw_rng:allowed', value: { type: 'bool' } },
  { name: 'hw_rng:rate_bytes', value: { type: 'int', min: 0 } },
  { name: 'hw_rng:rate_period', value: { type: 'int', min: 0 } },
  // hw_video
  { name: 'hw_video:ram_max_mb', value: { type: 'int', min: 0 } },
  // os
  { name: 'os:secure_boot', value: { type: 'str', enum: ['disabled', 'required'] } },
  {
    name: 'os:resolution',
    value: {
      type: 'str',
      enum: ['1024x768', '1280x1024', '1600x1200', '1920x1200', '2560x1600', '3840x2160'],
    },
  },
  { name: 'os:monitors', value: { type: 'int', min: 1, max: 8 } },
  { name: 'os:vram', value: { type: 'str', enum: ['64', '128', '256', '512', '1024'] } },
  // null
  { name: 'hide_hypervisor_id', value: { type: 'bool' } },
  { name: 'group_policy', value: { type: 'str', enum: ['isolate', 'none'] } },
  // capabilities
  { name: 'capabilities:id', value: { type: 'str' } },
  { name: 'capabilities:uuid', value: { type: 'str' } },
  { name: 'capabilities:service_id', value: { type: 'str' } },
  { name: 'capabilities:host', value: { type: 'str' } },
  { name: 'capabilities:vcpus', value: { type: 'str' } },
  { name: 'capabilities:memory_mb', value: { type: 'str' } },
  { name: 'capabilities:local_gb', value: { type: 'str' } },
  { name: 'capabilities:vcpus_used', value: { type: 'str' } },
  { name: 'capabilities:memory_mb_used', value: { type: 'str' } },
  { name: 'capabilities:local_gb_used', value: { type: 'str' } },
  { name: 'capabilities:hypervisor_type', value: { type: 'str' } },
  { name: 'capabilities:hypervisor_version', value: { type: 'str' } },
  { name: 'capabilities:hypervisor_hostname', value: { type: 'str' } },
  { name: 'capabilities:free_ram_mb', value: { type: 'str' } },
  { name: 'capabilities:free_disk_gb', value: { type: 'str' } },
  { name: 'capabilities:current_workload', value: { type: 'str' } },
  { name: 'capabilities:running_vms', value: { type: 'str' } },
  { name: 'capabilities:disk_available_least', value: { type: 'str' } },
  { name: 'capabilities:host_ip', value: { type: 'str' } },
  { name: 'capabilities:mapped', value: { type: 'str' } },
  { name: 'capabilities:cpu_allocation_ratio', value: { type: 'str' } },
  { name: 'capabilities:ram_allocation_ratio', value: { type: 'str' } },
  { name: 'capabilities:disk_allocation_ratio', value: { type: 'str' } },
  { name: 'capabilities:total_usable_ram_mb', value: { type: 'str' } },
  { name: 'capabilities:total_usable_disk_gb', value: { type: 'str' } },
  { name: 'capabilities:disk_mb_used', value: { type: 'str' } },
  { name: 'capabilities:free_disk_mb', value: { type: 'str' } },
  { name: 'capabilities:vcpus_total', value: { type: 'str' } },
  { name: 'capabilities:vcpus_used', value: { type: 'str' } },
  { name: 'capabilities:num_instances', value: { type: 'str' } },
  { name: 'capabilities:num_io_ops', value: { type: 'str' } },
  { name: 'capabilities:failed_builds', value: { type: 'str' } },
  { name: 'capabilities:aggregates', value: { type: 'str' } },
  { name: 'capabilities:cell_uuid', value: { type: 'str' } },
  { name: 'capabilities:updated', value: { type: 'str' } },
  {
    name: 'capabilities:cpu_info{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:metrics{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:stats{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:numa_topology{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:supported_hv_specs{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:pci_device_pools{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:nodename{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:pci_stats{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:supported_instances{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:limits{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  {
    name: 'capabilities:instances{filter}',
    value: { type: 'str' },
    parameters: [{ name: 'filter', pattern: '(:\\w+)*' }],
  },
  // quota
  { name: 'quota:cpu_limit', value: { type: 'int', min: 0 } },
  { name: 'quota:cpu_reservation', value: { type: 'int' } },
  { name: 'quota:cpu_shares_level', value: { type: 'str', enum: ['custom', 'high', 'normal', 'low'] } },
  { name: 'quota:cpu_shares_share', value: { type: 'int', min: 0 } },
  { name: 'quota:memory_limit', value: { type: 'int', min: 0 } },
  { name: 'quota:memory_reservation', value: { type: 'int' } },
  { name: 'quota:memory_shares_level', value: { type: 'str', enum: ['custom', 'high', 'normal', 'low'] } },
  { name: 'quota:memory_shares_share', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_io_limit', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_io_reservation', value: { type: 'int' } },
  { name: 'quota:disk_io_shares_level', value: { type: 'str', enum: ['custom', 'high', 'normal', 'low'] } },
  { name: 'quota:disk_io_shares_share', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_limit', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_reservation', value: { type: 'int' } },
  { name: 'quota:vif_shares_level', value: { type: 'str', enum: ['custom', 'high', 'normal', 'low'] } },
  { name: 'quota:vif_shares_share', value: { type: 'int', min: 0 } },
  { name: 'quota:cpu_shares', value: { type: 'int', min: 0 } },
  { name: 'quota:cpu_period', value: { type: 'int', min: 0 } },
  { name: 'quota:cpu_quota', value: { type: 'int' } },
  { name: 'quota:disk_read_bytes_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_read_iops_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_write_bytes_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_write_iops_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_total_bytes_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:disk_total_iops_sec', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_inbound_average', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_inbound_peak', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_inbound_burst', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_outbound_average', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_outbound_peak', value: { type: 'int', min: 0 } },
  { name: 'quota:vif_outbound_burst', value: { type: 'int', min: 0 } },
  // accel
  { name: 'accel:device_profile', value: { type: 'str' } },
  // pci_passthrough
  { name: 'pci_passthrough:alias', value: { type: 'str', pattern: '[^:]+:\\d+(?:\\s*,\\s*[^:]+:\\d+)*' } },
  // vmware
  { name: 'vmware:hw_version', value: { type: 'str' } },
  { name: 'vmware:storage_policy', value: { type: 'str' } },
  // aggregate_instance_extra_specs
  {
    name: 'aggregate_instance_extra_specs:{key}',
    value: { type: 'str' },
    parameters: [{ name: 'key', pattern: '.+' }],
  },
  // resources and trait: any class or trait name (the standard lists live in placement)
  {
    name: 'resources{group}:{resource}',
    value: { type: 'int' },
    parameters: [
      { name: 'group', pattern: '([a-zA-Z0-9_-]{1,64})?' },
      { name: 'resource', pattern: '[A-Z0-9_]+' },
    ],
  },
  {
    name: 'trait{group}:{trait}',
    value: { type: 'str', enum: ['required', 'forbidden'] },
    parameters: [
      { name: 'group', pattern: '([a-zA-Z0-9_-]{1,64})?' },
      { name: 'trait', pattern: '[A-Z0-9_]+' },
    ],
  },
];
