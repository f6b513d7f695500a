/** The typed shape of Stratus configuration and the JSON schema that checks it at start. */

export interface SecurityComplianceConfig {
  /** Failed logins before a user is locked out; 0 disables lockout. */
  lockout_failure_attempts: number;
  /** Seconds a locked-out user stays locked. */
  lockout_duration: number;
  /** How many previous passwords a new one must differ from; 0 disables the check. */
  unique_last_password_count: number;
  /** Days a password must be kept before its owner may change it again. */
  minimum_password_age: number;
  /** Days until a password expires; 0 means never. */
  password_expires_days: number;
}

export interface IdentityConfig {
  /** Token lifetime in seconds. */
  token_expiration: number;
  /** scrypt cost as log2(N) (with r=8, p=2: 8 MiB a lane at 13); each step doubles the time of one hash. */
  password_hash_cost: number;
  /** Fernet keys kept in the repository (primary + secondaries + staged). */
  max_active_keys: number;
  admin_password: string | null;
  demo_password: string | null;
  security_compliance: SecurityComplianceConfig;
}

export interface ImageConfig {
  /**
   * Where image data lives (Glance's `default_store`): `file` (a folder) or `object-store`
   * (objects in the object storage service, as glance_store's swift store keeps them).
   */
  store: 'file' | 'object-store';
  /** Where the `file` store keeps image data; default `<data_dir>/images`. */
  store_path: string | null;
  /**
   * The `object-store` store (glance_store's single-tenant swift store): the container in the
   * service project's account, and from what size (bytes) an image is kept as a dynamic large
   * object in segments of `large_object_chunk_size` (Swift refuses single objects over 5 GiB).
   */
  object_store: { container: string; large_object_size: number; large_object_chunk_size: number };
  /** Largest image in bytes (Glance's image_size_cap, 1 TiB by default). */
  image_size_cap: number;
  /** Per-project quotas; -1 is unlimited (Glance's unified-limit names). */
  quota: { image_count_total: number; image_size_total: number };
  /** The `web-download` import method: off by default, never to loopback, link-local or private
   * addresses unless their networks (CIDRs) are listed. */
  web_download: { enabled: boolean; allowed_networks: string[] };
}

export interface ComputeConfig {
  /**
   * The hypervisor of this machine's compute agents: `fake` (guests in memory, for tests and
   * scale runs) or `qemu` (real virtual machines; root, for their TAP devices).
   */
  virt_driver: 'fake' | 'qemu';
  /** The QEMU driver: KVM when usable (`auto` probes it), or forced; how many compute hosts this machine runs (named as the fake's), so resize and cold migration have somewhere to go. */
  qemu: { accel: 'auto' | 'kvm' | 'tcg'; hosts: number };
  /** Nova's `force_config_drive`: every instance gets a config drive, asked for or not. */
  force_config_drive: boolean;
  /** The compute agent's host name; default the machine's host name. */
  host: string | null;
  /** How many fake hosts `stratus up` runs (named `<host>`, then `<host>-2`...), for scale runs. */
  fake_hosts: number;
  /** The size of each fake host (a small real server by default; scale runs ask for more). */
  fake_host: { vcpus: number; memory_mb: number; local_gb: number };
  /** Nova's `allow_resize_to_same_host`; on by default since an all-in-one cloud has one host. */
  allow_resize_to_same_host: boolean;
  /** Seconds between a compute agent's heartbeats; a service is down after `service_down_time`. */
  report_interval: number;
  service_down_time: number;
  /** Seconds between resource audits (inventory to placement) and between power-state syncs. */
  update_resources_interval: number;
  sync_power_state_interval: number;
  /** Nova's `[api] max_limit`: the largest page of a list. */
  max_limit: number;
  /** Nova's `vif_plugging_timeout`: seconds a spawn waits for Neutron to plug each port; 0 does not wait. */
  vif_plugging_timeout: number;
  /** Nova's `vif_plugging_is_fatal`: a port not plugged in time fails the build. */
  vif_plugging_is_fatal: boolean;
}

export interface NetworkConfig {
  /** The network agent's data plane: `fake` (in memory) or `linux` (bridges, namespaces, dnsmasq, nftables; root). */
  driver: 'fake' | 'linux';
  /**
   * The tag on everything the Linux data plane makes (device aliases, firewall chains), so it only
   * ever lists and removes its own: two clouds on one machine each need their own (1 to 8
   * lower-case letters and digits).
   */
  data_plane_tag: string;
  /** The type of networks projects create (Neutron's `tenant_network_types`). */
  tenant_network_type: 'vxlan' | 'vlan' | 'local';
  /** VXLAN network identifiers handed to self-service networks, inclusive. */
  vni_ranges: { min: number; max: number };
  /** Physical networks flat provider networks may use (`flat_networks`). */
  flat_networks: string[];
  /** MTU of the physical network; VXLAN networks get 50 less. */
  physical_mtu: number;
  /** The `public` external network `stratus up` creates: its CIDR, and the host's address on it (br-ex). */
  public_cidr: string;
  /** Whether `stratus up` creates `public`, the demo project's `private` network and its router. */
  create_default_networks: boolean;
  /**
   * Physical network -> host interface, for flat and VLAN networks. Empty by default, so traffic
   * stays on this machine; mapping `public` to a real NIC puts the public network on that wire.
   */
  physical_interface_mappings: Record<string, string>;
  /** Compute's metadata service, where the metadata proxy sends instances' requests; null: `<public_url>/metadata`. */
  metadata_url: string | null;
  /** Neutron's `pagination_max_limit`: the largest page; 0 for no limit. */
  max_limit: number;
  /** Default per-project quotas (Neutron's `[quotas] quota_<resource>`); -1 is unlimited. */
  quota: Record<string, number>;
}

export interface ObjectStoreConfig {
  /**
   * A folder of prebuilt rings (`account.ring.json`, `container.ring.json`, `object.ring.json`,
   * made with `stratus object-store ring`) and the cluster's `hash_path_salt`: the proxy then
   * reaches the storage nodes the rings name over HTTP (nodes run with `stratus object-store
   * node`) and runs none itself. Null (the default): the all-in-one rings and storage node, in
   * process, under `<data_dir>/object-store`.
   */
  rings_dir: string | null;
  /** Seconds a storage node has to answer over HTTP before the proxy counts it down (Swift's `node_timeout`). */
  node_timeout: number;
  /** Seconds between the object, container and account replicators' passes (Swift's `interval`). */
  replication_interval: number;
  /** Seconds between the object auditor's passes. */
  audit_interval: number;
  /** Bytes per second the object auditor reads at most (Swift's `bytes_per_second`). */
  audit_bytes_per_second: number;
  /** Object files per second the object auditor checks at most (Swift's `files_per_second`). */
  audit_files_per_second: number;
}

/** One storage backend of the volume service (Cinder's `enabled_backends` entry). */
export interface VolumeBackendConfig {
  /** The backend's name: the `@backend` of its volume host and its `volume_backend_name`. */
  name: string;
  /** `file` (qcow2 or raw files made with qemu-img), `lvm` (a volume group; root) or `fake` (in memory). */
  driver: 'fake' | 'file' | 'lvm';
  /** `file`: the folder of the volume files; default `<data_dir>/volumes/<name>`. */
  path?: string;
  /** `file`: the on-disk format of new volumes. */
  format?: 'raw' | 'qcow2';
  /** `lvm`: the volume group holding the volumes. */
  volume_group?: string;
}

export interface VolumeConfig {
  /** The volume service's host name (Cinder's `host`); default the machine's. */
  host: string | null;
  /** The backends this host serves; each runs as its own cinder-volume service `host@name`. */
  backends: VolumeBackendConfig[];
  /** The availability zone of the volume services (Cinder's `storage_availability_zone`). */
  availability_zone: string;
  /** The volume type of volumes created without one (Cinder's `default_volume_type`). */
  default_volume_type: string;
  /** Seconds between service heartbeats, and how late one may be before os-services says `down`. */
  report_interval: number;
  service_down_time: number;
  /** Cinder's `osapi_max_limit`: the largest page of a list. */
  max_limit: number;
  /** Default per-project quotas (Cinder's `quota_<resource>`); -1 is unlimited. */
  quota: Record<string, number>;
}

export interface StratusConfig {
  /** Where state lives: databases, keys, generated credentials. Set by STRATUS_DATA_DIR. */
  data_dir: string;
  /** Address the API binds to. */
  host: string;
  /** The one API port of the all-in-one cloud. */
  port: number;
  /** Base URL clients use to reach the API; derived from host and port when unset. */
  public_url: string | null;
  region: string;
  log_level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `sqlite` (a file per service in data_dir) or a `postgres://` URL. */
  database_url: string;
  /** Largest request body accepted, in bytes. */
  max_request_body_size: number;
  identity: IdentityConfig;
  image: ImageConfig;
  compute: ComputeConfig;
  network: NetworkConfig;
  volume: VolumeConfig;
  object_store: ObjectStoreConfig;
  /** Policy rule overrides in oslo.policy's language, by rule name. */
  policy: Record<string, string>;
}

const integer = (minimum: number, maximum?: number) => ({
  type: 'integer',
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
});

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    data_dir: { type: 'string', minLength: 1 },
    host: { type: 'string', minLength: 1 },
    port: integer(0, 65535),
    public_url: { type: ['string', 'null'], pattern: '^https?://' },
    region: { type: 'string', minLength: 1 },
    log_level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    database_url: { type: 'string', pattern: '^(sqlite|postgres(ql)?://)' },
    max_request_body_size: integer(1024),
    identity: {
      type: 'object',
      additionalProperties: false,
      properties: {
        token_expiration: integer(60),
        password_hash_cost: integer(10, 20),
        max_active_keys: integer(2, 100),
        admin_password: { type: ['string', 'null'], minLength: 1 },
        demo_password: { type: ['string', 'null'], minLength: 1 },
        security_compliance: {
          type: 'object',
          additionalProperties: false,
          properties: {
            lockout_failure_attempts: integer(0),
            lockout_duration: integer(1),
            unique_last_password_count: integer(0),
            minimum_password_age: integer(0),
            password_expires_days: integer(0),
          },
        },
      },
    },
    object_store: {
      type: 'object',
      additionalProperties: false,
      properties: {
        rings_dir: { type: ['string', 'null'], minLength: 1 },
        node_timeout: integer(1),
        replication_interval: integer(1),
        audit_interval: integer(1),
        audit_bytes_per_second: integer(1),
        audit_files_per_second: integer(1),
      },
    },
    image: {
      type: 'object',
      additionalProperties: false,
      properties: {
        store: { enum: ['file', 'object-store'] },
        store_path: { type: ['string', 'null'], minLength: 1 },
        object_store: {
          type: 'object',
          additionalProperties: false,
          properties: {
            container: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[^/]+$' },
            large_object_size: integer(1, 5 * 1024 ** 3),
            large_object_chunk_size: integer(1, 5 * 1024 ** 3),
          },
        },
        image_size_cap: integer(1),
        quota: {
          type: 'object',
          additionalProperties: false,
          properties: { image_count_total: integer(-1), image_size_total: integer(-1) },
        },
        web_download: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean' },
            allowed_networks: { type: 'array', items: { type: 'string', minLength: 1 } },
          },
        },
      },
    },
    compute: {
      type: 'object',
      additionalProperties: false,
      properties: {
        virt_driver: { enum: ['fake', 'qemu'] },
        qemu: {
          type: 'object',
          additionalProperties: false,
          properties: { accel: { enum: ['auto', 'kvm', 'tcg'] }, hosts: integer(1, 16) },
        },
        force_config_drive: { type: 'boolean' },
        host: { type: ['string', 'null'], minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$' },
        fake_hosts: integer(1, 1000),
        fake_host: {
          type: 'object',
          additionalProperties: false,
          properties: { vcpus: integer(1), memory_mb: integer(1), local_gb: integer(1) },
        },
        allow_resize_to_same_host: { type: 'boolean' },
        report_interval: integer(1),
        service_down_time: integer(1),
        update_resources_interval: integer(1),
        sync_power_state_interval: integer(1),
        max_limit: integer(1),
        vif_plugging_timeout: integer(0),
        vif_plugging_is_fatal: { type: 'boolean' },
      },
    },
    network: {
      type: 'object',
      additionalProperties: false,
      properties: {
        driver: { enum: ['fake', 'linux'] },
        data_plane_tag: { type: 'string', pattern: '^[a-z0-9]{1,8}$' },
        tenant_network_type: { enum: ['vxlan', 'vlan', 'local'] },
        vni_ranges: {
          type: 'object',
          additionalProperties: false,
          properties: { min: integer(1, 16777215), max: integer(1, 16777215) },
        },
        flat_networks: { type: 'array', items: { type: 'string', minLength: 1 } },
        physical_mtu: integer(576, 9216),
        public_cidr: { type: 'string', minLength: 9 },
        create_default_networks: { type: 'boolean' },
        physical_interface_mappings: {
          type: 'object',
          additionalProperties: { type: 'string', minLength: 1 },
        },
        metadata_url: { type: ['string', 'null'], pattern: '^https?://' },
        max_limit: integer(0),
        quota: { type: 'object', additionalProperties: integer(-1) },
      },
    },
    volume: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: ['string', 'null'], minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$' },
        backends: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'driver'],
            properties: {
              name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' },
              driver: { enum: ['fake', 'file', 'lvm'] },
              path: { type: 'string', minLength: 1 },
              format: { enum: ['raw', 'qcow2'] },
              volume_group: { type: 'string', minLength: 1 },
            },
          },
        },
        availability_zone: { type: 'string', minLength: 1 },
        default_volume_type: { type: 'string', minLength: 1 },
        report_interval: integer(1),
        service_down_time: integer(1),
        max_limit: integer(1),
        quota: { type: 'object', additionalProperties: integer(-1) },
      },
    },
    policy: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export function defaultConfig(dataDir: string): StratusConfig {
  return {
    data_dir: dataDir,
    host: '127.0.0.1',
    port: 5000,
    public_url: null,
    region: 'RegionOne',
    log_level: 'info',
    database_url: 'sqlite',
    max_request_body_size: 1024 * 1024,
    identity: {
      token_expiration: 3600,
      password_hash_cost: 13,
      max_active_keys: 3,
      admin_password: null,
      demo_password: null,
      security_compliance: {
        lockout_failure_attempts: 0,
        lockout_duration: 1800,
        unique_last_password_count: 0,
        minimum_password_age: 0,
        password_expires_days: 0,
      },
    },
    object_store: {
      rings_dir: null,
      node_timeout: 10,
      replication_interval: 30,
      audit_interval: 30,
      audit_bytes_per_second: 10 * 1024 * 1024,
      audit_files_per_second: 20,
    },
    image: {
      store: 'file',
      store_path: null,
      // glance_store's swift defaults: 5 GiB, 200 MiB segments.
      object_store: {
        container: 'glance',
        large_object_size: 5 * 1024 ** 3,
        large_object_chunk_size: 200 * 1024 ** 2,
      },
      image_size_cap: 1024 ** 4,
      quota: { image_count_total: -1, image_size_total: -1 },
      web_download: { enabled: false, allowed_networks: [] },
    },
    compute: {
      virt_driver: 'fake',
      qemu: { accel: 'auto', hosts: 1 },
      force_config_drive: false,
      host: null,
      fake_hosts: 1,
      fake_host: { vcpus: 8, memory_mb: 16384, local_gb: 500 },
      allow_resize_to_same_host: true,
      report_interval: 10,
      service_down_time: 60,
      update_resources_interval: 60,
      sync_power_state_interval: 600,
      max_limit: 1000,
      vif_plugging_timeout: 300,
      vif_plugging_is_fatal: true,
    },
    network: {
      driver: 'fake',
      data_plane_tag: 'stratus',
      tenant_network_type: 'vxlan',
      vni_ranges: { min: 1, max: 1000 },
      flat_networks: ['public'],
      physical_mtu: 1500,
      public_cidr: '172.24.4.0/24',
      create_default_networks: true,
      physical_interface_mappings: {},
      metadata_url: null,
      max_limit: 0,
      quota: {
        network: 100,
        subnet: 100,
        subnetpool: -1,
        port: 500,
        router: 10,
        floatingip: 50,
        security_group: 10,
        security_group_rule: 100,
        rbac_policy: 10,
      },
    },
    volume: {
      host: null,
      backends: [{ name: 'file', driver: 'file', format: 'raw' }],
      availability_zone: 'nova',
      default_volume_type: '__DEFAULT__',
      report_interval: 10,
      service_down_time: 60,
      max_limit: 1000,
      quota: {
        volumes: 10,
        snapshots: 10,
        gigabytes: 1000,
        backups: 10,
        backup_gigabytes: 1000,
        groups: 10,
        per_volume_gigabytes: -1,
      },
    },
    policy: {},
  };
}
