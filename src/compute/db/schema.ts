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
