import type { Generated } from 'kysely';

/**
 * Compute's tables (0/1 integers for booleans and ISO-8601 text for times, as identity's). More
 * tables (instances and what hangs off them) join this schema as the service grows; each comes
 * with its own migration.
 */
export interface ComputeSchema {
  flavors: FlavorTable;
  flavor_extra_specs: FlavorExtraSpecTable;
  flavor_projects: FlavorProjectTable;
  key_pairs: KeyPairTable;
  services: ServiceTable;
  aggregates: AggregateTable;
  aggregate_hosts: AggregateHostTable;
  aggregate_metadata: AggregateMetadataTable;
  quotas: QuotaTable;
  quota_classes: QuotaClassTable;
  server_groups: ServerGroupTable;
  server_group_members: ServerGroupMemberTable;
  compute_nodes: ComputeNodeTable;
  instances: InstanceTable;
  instance_metadata: InstanceMetadataTable;
  instance_tags: InstanceTagTable;
  instance_faults: InstanceFaultTable;
  instance_actions: InstanceActionTable;
  instance_action_events: InstanceActionEventTable;
  block_device_mappings: BlockDeviceMappingTable;
  migrations: MigrationTable;
  request_specs: RequestSpecTable;
  console_auth_tokens: ConsoleAuthTokenTable;
}

/** A flavor. `flavorid` is what the API calls `id`; `id` is the internal key (Nova's too). */
export interface FlavorTable {
  id: Generated<number>;
  flavorid: string;
  /** Unique, as Nova's `flavors.name`. */
  name: string;
  memory_mb: number;
  vcpus: number;
  root_gb: number;
  ephemeral_gb: number;
  swap: number;
  rxtx_factor: number;
  vcpu_weight: number | null;
  disabled: number;
  is_public: number;
  description: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface FlavorExtraSpecTable {
  id: Generated<number>;
  flavor_id: number;
  key: string;
  value: string;
  created_at: string;
  updated_at: string | null;
}

/** The projects that may use a private flavor. */
export interface FlavorProjectTable {
  id: Generated<number>;
  flavor_id: number;
  project_id: string;
  created_at: string;
}

/** A key pair, unique by (user_id, name). `type` is `ssh` or `x509`. */
export interface KeyPairTable {
  id: Generated<number>;
  name: string;
  user_id: string;
  fingerprint: string;
  public_key: string;
  type: string;
  created_at: string;
  updated_at: string | null;
}

/**
 * A service process (nova-compute, nova-scheduler, nova-conductor), unique by (host, binary).
 * `last_seen_up` moves with each heartbeat; `disabled` and `forced_down` are the admin's flags.
 */
export interface ServiceTable {
  id: Generated<number>;
  uuid: string;
  host: string;
  binary: string;
  topic: string | null;
  report_count: number;
  disabled: number;
  disabled_reason: string | null;
  forced_down: number;
  last_seen_up: string | null;
  created_at: string;
  updated_at: string | null;
}

/** An admin-set limit: the project's when `user_id` is null, else one user's within it. -1 is unlimited. */
export interface QuotaTable {
  id: Generated<number>;
  project_id: string;
  user_id: string | null;
  resource: string;
  hard_limit: number;
}

/** A quota class's limit; the 'default' class overrides the configured defaults. */
export interface QuotaClassTable {
  id: Generated<number>;
  class_name: string;
  resource: string;
  hard_limit: number;
}

/** A host aggregate; its availability zone is its `availability_zone` metadata key. */
export interface AggregateTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  created_at: string;
  updated_at: string | null;
}

/** A compute host's membership of an aggregate, by the host's name as its services record it. */
export interface AggregateHostTable {
  id: Generated<number>;
  aggregate_id: number;
  host: string;
}

export interface AggregateMetadataTable {
  id: Generated<number>;
  aggregate_id: number;
  key: string;
  value: string;
}

/**
 * A server group. `uuid` is what the API calls `id`; `policy` is one of Nova's four; `rules` is a
 * JSON object (only `max_server_per_host`, only for anti-affinity).
 */
export interface ServerGroupTable {
  id: Generated<number>;
  uuid: string;
  name: string;
  project_id: string;
  user_id: string;
  policy: string;
  rules: string;
  created_at: string;
}

/** A server's membership of a group, filled when servers are booted into groups. */
export interface ServerGroupMemberTable {
  group_id: number;
  instance_uuid: string;
}

/**
 * A hypervisor as its compute host last reported it (Nova's `compute_nodes`). `uuid` is the API
 * id from 2.53 and the placement provider; `cpu_info` is JSON text; `service_id` is the host's
 * nova-compute service, null once that service is deleted.
 */
export interface ComputeNodeTable {
  id: Generated<number>;
  uuid: string;
  service_id: number | null;
  host: string;
  hypervisor_hostname: string;
  hypervisor_type: string;
  hypervisor_version: number;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  vcpus_used: number;
  memory_mb_used: number;
  local_gb_used: number;
  disk_available_least: number | null;
  running_vms: number;
  cpu_info: string;
  host_ip: string | null;
  created_at: string;
  updated_at: string | null;
}

/**
 * A server. `flavor`, `old_flavor` and `new_flavor` are JSON {@link FlavorSpec}s (the instance
 * keeps its own copy, so a flavor deleted later still shows); the size columns repeat the
 * current flavor's for usage and quota counting in SQL. `system_metadata` is a JSON string map
 * (the image's properties as `image_<key>`, shelve and resize bookkeeping); `network_info` a
 * JSON list of {@link InstanceVif}; `security_groups` a JSON list of names. `config_drive`,
 * `locked` and `deleted` are 0/1; `power_state` Nova's integer; `locked_by` 'owner' or 'admin'.
 */
export interface InstanceTable {
  id: Generated<number>;
  uuid: string;
  display_name: string;
  display_description: string | null;
  project_id: string;
  user_id: string;
  /** The image id, '' for a server booted from a volume. */
  image_ref: string;
  flavor: string;
  old_flavor: string | null;
  new_flavor: string | null;
  vcpus: number;
  memory_mb: number;
  root_gb: number;
  ephemeral_gb: number;
  key_name: string | null;
  key_data: string | null;
  user_data: string | null;
  config_drive: number;
  availability_zone: string | null;
  host: string | null;
  node: string | null;
  launched_on: string | null;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  locked: number;
  locked_by: string | null;
  locked_reason: string | null;
  reservation_id: string;
  launch_index: number;
  hostname: string;
  access_ip_v4: string | null;
  access_ip_v6: string | null;
  progress: number;
  root_device_name: string | null;
  system_metadata: string;
  network_info: string;
  security_groups: string;
  trusted_image_certificates: string | null;
  created_at: string;
  updated_at: string | null;
  scheduled_at: string | null;
  launched_at: string | null;
  terminated_at: string | null;
  deleted_at: string | null;
  deleted: number;
}

/** One network interface of a server as the API's `addresses` shows it (the network info cache). */
export interface InstanceVif {
  portId: string;
  macAddress: string;
  networkId: string;
  /** The network's name: the key of `addresses`. */
  networkLabel: string;
  /** Fixed addresses (with the subnet they come from) and the floating ones that map to them. */
  ips: { address: string; version: 4 | 6; type: 'fixed' | 'floating'; subnetId?: string }[];
  tag: string | null;
  /** The port was the user's (given at boot or attach): it is unbound, not deleted, when the server goes. */
  preserveOnDelete?: boolean;
  /** The port binding's VIF type (`bridge`, `ovs`...); `unbound` before the port is bound to a host. */
  vifType?: string;
  /** The host's device for the port: `tap` and the first 11 characters of its id. */
  devName?: string;
  mtu?: number | null;
  /** Whether Neutron reported the port ACTIVE when the info was built. */
  active?: boolean;
}

export interface InstanceMetadataTable {
  instance_uuid: string;
  key: string;
  value: string;
}

export interface InstanceTagTable {
  instance_uuid: string;
  tag: string;
}

/** Why a server went to ERROR (or a failed action): the API shows the newest as `fault`. */
export interface InstanceFaultTable {
  id: Generated<number>;
  instance_uuid: string;
  code: number;
  message: string;
  /** The traceback-like details, shown to admins (and to owners for non-500 faults). */
  details: string | null;
  host: string | null;
  created_at: string;
}

/** One API request acting on a server (`os-instance-actions`). */
export interface InstanceActionTable {
  id: Generated<number>;
  action: string;
  instance_uuid: string;
  request_id: string;
  user_id: string;
  project_id: string;
  start_time: string;
  finish_time: string | null;
  /** 'Error' once an event of the action failed, as Nova sets it. */
  message: string | null;
  updated_at: string | null;
}

/** A step of an action done by some service (`compute_reboot_instance`...), with its result. */
export interface InstanceActionEventTable {
  id: Generated<number>;
  action_id: number;
  event: string;
  /** 'Success' or 'Error', null while running. */
  result: string | null;
  traceback: string | null;
  host: string | null;
  details: string | null;
  start_time: string;
  finish_time: string | null;
}

/** Nova's block device mapping v2 row: the image or volume disks of a server. */
export interface BlockDeviceMappingTable {
  id: Generated<number>;
  uuid: string;
  instance_uuid: string;
  source_type: string;
  destination_type: string;
  device_name: string | null;
  boot_index: number | null;
  image_id: string | null;
  volume_id: string | null;
  snapshot_id: string | null;
  volume_size: number | null;
  volume_type: string | null;
  delete_on_termination: number;
  guest_format: string | null;
  disk_bus: string | null;
  device_type: string | null;
  tag: string | null;
  attachment_id: string | null;
  /** JSON of the volume connection once attached. */
  connection_info: string | null;
  created_at: string;
  updated_at: string | null;
}

/**
 * A move of a server: `migration_type` is resize, migration, live-migration or evacuation;
 * `status` follows Nova (pre-migrating, migrating, post-migrating, finished, confirmed,
 * reverted, error, done, accepted, running, completed, failed...).
 */
export interface MigrationTable {
  id: Generated<number>;
  uuid: string;
  instance_uuid: string;
  migration_type: string;
  status: string;
  source_compute: string | null;
  source_node: string | null;
  dest_compute: string | null;
  dest_node: string | null;
  dest_host: string | null;
  old_flavor_id: string | null;
  new_flavor_id: string | null;
  user_id: string | null;
  project_id: string | null;
  created_at: string;
  updated_at: string | null;
}

/** What a server was asked for when created, kept for scheduling its moves (JSON {@link StoredRequestSpec}). */
export interface RequestSpecTable {
  instance_uuid: string;
  spec: string;
}

/**
 * A console authorization (Nova's `console_auth_tokens`): the SHA-256 hex of the token, never the
 * token; where the console listens; the URL base it was given under, whose scheme browsers'
 * `Origin` must match; and when it stops opening anything.
 */
export interface ConsoleAuthTokenTable {
  id: Generated<number>;
  token_hash: string;
  console_type: string;
  host: string;
  port: number;
  instance_uuid: string;
  access_url_base: string;
  expires_at: string;
  created_at: string;
}
