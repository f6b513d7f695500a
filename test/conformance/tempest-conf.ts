/**
 * tempest.conf for the cloud: admin credentials from the cloud's openrc, dynamic credentials
 * (Tempest creates its own projects and users), Keystone v3 only with the identity features the
 * cloud offers, Glance v2, Nova, Neutron, Cinder v3 and Swift when the cloud serves them, and
 * every other service marked unavailable so nothing waits for objects. With real guests, SSH validation:
 * Tempest logs into its servers through floating IPs. Option names are those of Tempest 33's
 * tempest/config.py.
 */
import { SECURITY_COMPLIANCE } from './cloud.js';
import type { ObjectStoreFacts } from './object-store-tempest.js';
import type { OpenRc } from './openrc.js';
import type { ComputeResources } from './tempest-compute.js';
import { PUBLIC_NETWORK_NAME, type NetworkFacts } from './tempest-network.js';
import type { VolumeFacts } from './volume-tempest.js';

export interface TempestConfInput {
  admin: OpenRc;
  /** The workspace's logs/ and lock directory. */
  logDir: string;
  lockPath: string;
  /** Whether the cloud supports application credentials' access rules (see probeAccessRules). */
  accessRules: boolean;
  /** Present when the cloud serves images: the import methods it offers (probeImportMethods). */
  image?: { importMethods: readonly string[] };
  /** Present when the cloud serves compute: what its tests boot from, and how many hosts it has. */
  compute?: ComputeResources & { hosts: number };
  /** Present when the cloud serves networks: what its network API says of itself (probeNetwork). */
  network?: NetworkFacts;
  /** Present when the cloud serves block storage: what its volume API says of itself (probeVolume). */
  volume?: VolumeFacts;
  /** Present when the cloud serves object storage: what its `/info` lists (probeObjectStore). */
  objectStore?: ObjectStoreFacts;
  /** Present when the cloud's guests are real and reachable: Tempest logs into them as `sshUser`. */
  validation?: { sshUser: string };
}

type Sections = Record<string, Record<string, string | number | boolean>>;

/** Services Tempest knows besides identity, image, compute, network, volume and swift; none runs here. */
const OTHER_SERVICES = ['horizon'];

/**
 * Formats Tempest registers images in: Tempest's own defaults, all of which Glance accepts by
 * default. The order matters: ListUserImagesTest uploads random bytes as the first six
 * (container, disk) pairs and then lists by disk_format raw, so raw must be among the first six
 * disk formats (Glance's own order, ami ari aki vhd vhdx vmdk raw ..., would leave it out).
 */
const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova'];
const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'vhdx'];

/**
 * [image] and [image-feature-enabled]: the v2 API only, the public endpoint (a catalog may list
 * no other), the formats above, import tested when glance-direct is offered, and os_glance_*
 * properties reserved (refused from users) as in Glance since Wallaby. Image locations and
 * caching are not offered.
 */
function imageSections(region: string, importMethods: readonly string[]): Sections {
  return {
    image: {
      region,
      endpoint_type: 'public',
      build_timeout: 120,
      build_interval: 1,
      container_formats: CONTAINER_FORMATS.join(','),
      disk_formats: DISK_FORMATS.join(','),
      image_caching_enabled: false,
    },
    'image-feature-enabled': {
      api_v1: false,
      api_v2: true,
      import_image: importMethods.includes('glance-direct'),
      os_glance_reserved: true,
      manage_locations: false,
    },
  };
}

/**
 * How long a server may take to become ACTIVE, and (Tempest waits as long) to answer SSH: a
 * real guest under TCG on a busy machine boots in a minute or two.
 */
const BUILD_TIMEOUT_S = { fake: 60, real: 300 };

/**
 * [compute] and [compute-feature-enabled]: the hypervisor's hosts (migrations need two), the
 * microversions served, and the features the cloud has. Consoles need the QEMU proxy, guests
 * reach the metadata service only when they are real (which is also when Tempest can log in to
 * look), and interface attach needs the network service. Volumes are attached and booted from
 * when the cloud serves block storage ([service_available] cinder); swapping them, attaching one
 * to several servers or an encrypted one, and live-migrating a server booted from one are not
 * offered.
 */
function computeSections(
  region: string,
  compute: NonNullable<TempestConfInput['compute']>,
  withNetwork: boolean,
  realGuests: boolean,
): Sections {
  const migrations = compute.hosts > 1;
  return {
    compute: {
      region,
      endpoint_type: 'public',
      image_ref: compute.imageRef,
      image_ref_alt: compute.imageRefAlt,
      flavor_ref: compute.flavorRef,
      flavor_ref_alt: compute.flavorRefAlt,
      build_timeout: BUILD_TIMEOUT_S[realGuests ? 'real' : 'fake'],
      build_interval: 1,
      min_compute_nodes: compute.hosts,
      min_microversion: '2.1',
      max_microversion: '2.93',
    },
    'compute-feature-enabled': {
      resize: true,
      cold_migration: migrations,
      live_migration: migrations,
      block_migration_for_live_migration: migrations,
      block_migrate_cinder_iscsi: false,
      vnc_console: false,
      spice_console: false,
      serial_console: false,
      rescue: true,
      stable_rescue: false,
      change_password: false,
      pause: true,
      suspend: true,
      shelve: true,
      shelve_migrate: false,
      snapshot: true,
      console_output: true,
      interface_attach: withNetwork,
      config_drive: true,
      personality: false,
      metadata_service: realGuests,
      volume_multiattach: false,
      attach_encrypted_volume: false,
      swap_volume: false,
      volume_backed_live_migration: false,
      hostname_fqdn_sanitization: true,
      unified_limits: false,
      // The filters Stratus's scheduler runs (src/compute/scheduler/default-scheduler.ts).
      scheduler_enabled_filters: [
        'ComputeFilter',
        'AvailabilityZoneFilter',
        'ImagePropertiesFilter',
        'ServerGroupAntiAffinityFilter',
        'ServerGroupAffinityFilter',
        'SameHostFilter',
        'DifferentHostFilter',
        'AggregateInstanceExtraSpecsFilter',
      ].join(','),
    },
  };
}

/**
 * [network] and [network-feature-enabled]: Tempest's default project CIDRs (apart from the
 * cloud's own `private` 10.0.0.0/26 and `public` 172.24.4.0/24), the `public` network for
 * floating IPs and router gateways, and exactly the extensions the API lists, so Tempest tests
 * what the cloud says it has and skips the rest. Project networks are not reachable from the
 * test runner (no SSH validation).
 */
function networkSections(region: string, network: NetworkFacts): Sections {
  const has = (alias: string) => network.extensions.includes(alias);
  return {
    network: {
      region,
      endpoint_type: 'public',
      project_network_cidr: '10.100.0.0/16',
      project_network_mask_bits: 28,
      project_network_v6_cidr: '2001:db8::/48',
      project_network_v6_mask_bits: 64,
      project_networks_reachable: false,
      public_network_id: network.publicNetworkId,
      floating_network_name: PUBLIC_NETWORK_NAME,
      build_timeout: 60,
      build_interval: 1,
      shared_physical_network: false,
    },
    'network-feature-enabled': {
      ipv6: true,
      ipv6_subnet_attributes: network.ipv6SubnetAttributes,
      api_extensions: network.extensions.join(','),
      port_admin_state_change: true,
      port_security: has('port-security'),
      floating_ips: has('router') && network.publicNetworkId !== '',
    },
  };
}

/**
 * [validation]: log into servers by SSH with a key pair Tempest makes, through a floating IP on
 * `public` (reachable from this machine), IPv4, with security groups that open SSH and ICMP.
 * The SSH and ping timeouts leave room for a TCG guest's boot.
 */
function validationSections(validation: TempestConfInput['validation']): Sections {
  if (!validation) return { validation: { run_validation: false } };
  return {
    validation: {
      run_validation: true,
      connect_method: 'floating',
      auth_method: 'keypair',
      ip_version_for_ssh: 4,
      image_ssh_user: validation.sshUser,
      image_alt_ssh_user: validation.sshUser,
      security_group: true,
      security_group_rules: true,
      ssh_timeout: BUILD_TIMEOUT_S.real,
      ping_timeout: BUILD_TIMEOUT_S.real,
      connect_timeout: 60,
    },
  };
}

/**
 * [volume] and [volume-feature-enabled]: Cinder v3 at the microversions Stratus serves, by the
 * catalog type the cloud lists, its backends as the scheduler reports them, 1 GiB volumes.
 * Backups, snapshots and clones are offered; managing existing storage is not (optional in
 * Cinder). An attached volume can be extended when there is a compute service to tell the guest.
 */
function volumeSections(region: string, volume: VolumeFacts, withCompute: boolean): Sections {
  return {
    volume: {
      region,
      endpoint_type: 'public',
      catalog_type: volume.catalogType,
      build_timeout: 120,
      build_interval: 1,
      min_microversion: '3.0',
      max_microversion: '3.70',
      ...(volume.backendNames.length > 0 ? { backend_names: volume.backendNames.join(',') } : {}),
      ...(volume.vendorName ? { vendor_name: volume.vendorName } : {}),
      ...(volume.storageProtocol ? { storage_protocol: volume.storageProtocol } : {}),
      volume_size: 1,
      volume_size_extend: 1,
      disk_format: 'raw',
    },
    'volume-feature-enabled': {
      multi_backend: volume.backendNames.length > 1,
      backup: true,
      snapshot: true,
      clone: true,
      manage_snapshot: false,
      manage_volume: false,
      api_extensions: 'all',
      extend_attached_volume: withCompute,
      extend_attached_encrypted_volume: false,
    },
  };
}

/**
 * [object-storage] and [object-storage-feature-enabled]: Swift by the catalog's public endpoint,
 * Tempest's users given keystoneauth's operator role (member) and the reseller admin role
 * (ResellerAdmin, which identity's bootstrap makes), and exactly the capabilities `/info`
 * lists, so Tempest tests the middlewares the proxy runs and skips the rest. Container sync
 * and versioning are tested when their middleware is listed.
 */
function objectStoreSections(region: string, objectStore: ObjectStoreFacts): Sections {
  const has = (name: string) => objectStore.capabilities.includes(name);
  return {
    'object-storage': {
      region,
      endpoint_type: 'public',
      operator_role: 'member',
      reseller_admin_role: 'ResellerAdmin',
      build_timeout: 30,
    },
    'object-storage-feature-enabled': {
      discoverability: objectStore.discoverable,
      discoverable_apis: objectStore.capabilities.join(','),
      container_sync: has('container_sync'),
      object_versioning: has('versioned_writes') || has('object_versioning'),
      tempurl_digest_hashlib: 'sha256',
    },
  };
}

/**
 * Whether Tempest gives each of its projects a network, subnet and router to `public`, as a real
 * cloud's users have (compute tests then boot servers with a NIC on it): when routers exist.
 */
const isolatedNetworks = (network: NetworkFacts | undefined) =>
  network !== undefined && network.extensions.includes('router') && network.publicNetworkId !== '';

export function tempestConf({
  admin,
  logDir,
  lockPath,
  accessRules,
  image,
  compute,
  network,
  volume,
  objectStore,
  validation,
}: TempestConfInput): string {
  const region = admin.OS_REGION_NAME ?? 'RegionOne';
  const userDomain = admin.OS_USER_DOMAIN_NAME ?? 'Default';
  const sections: Sections = {
    DEFAULT: { log_dir: logDir, log_file: 'tempest.log' },
    oslo_concurrency: { lock_path: lockPath },
    auth: {
      use_dynamic_credentials: true,
      create_isolated_networks: isolatedNetworks(network),
      admin_username: admin.OS_USERNAME,
      admin_password: admin.OS_PASSWORD,
      admin_project_name: admin.OS_PROJECT_NAME,
      admin_domain_name: userDomain,
      admin_user_domain_name: userDomain,
      admin_project_domain_name: admin.OS_PROJECT_DOMAIN_NAME ?? 'Default',
      default_credentials_domain_name: 'Default',
      // Empty: Tempest's own users get the 'member' role, as on a default Keystone.
      tempest_roles: '',
    },
    identity: {
      uri_v3: admin.OS_AUTH_URL,
      auth_version: 'v3',
      region,
      // A catalog may list only public endpoints; Tempest's default would be the admin one.
      v3_endpoint_type: 'public',
      admin_role: 'admin',
      default_domain_id: 'default',
      user_lockout_failure_attempts: SECURITY_COMPLIANCE.lockout_failure_attempts,
      user_lockout_duration: SECURITY_COMPLIANCE.lockout_duration,
      user_unique_last_password_count: SECURITY_COMPLIANCE.unique_last_password_count,
    },
    'identity-feature-enabled': {
      api_v2: false,
      api_v2_admin: false,
      api_v3: true,
      trust: true,
      security_compliance: true,
      application_credentials: true,
      access_rules: accessRules,
      project_tags: true,
      domain_specific_drivers: false,
      immutable_user_source: false,
    },
    ...(image ? imageSections(region, image.importMethods) : {}),
    ...(compute ? computeSections(region, compute, network !== undefined, validation !== undefined) : {}),
    ...(network ? networkSections(region, network) : {}),
    ...(volume ? volumeSections(region, volume, compute !== undefined) : {}),
    ...(objectStore ? objectStoreSections(region, objectStore) : {}),
    service_available: {
      glance: image !== undefined,
      nova: compute !== undefined,
      neutron: network !== undefined,
      cinder: volume !== undefined,
      swift: objectStore !== undefined,
      ...Object.fromEntries(OTHER_SERVICES.map((service) => [service, false])),
    },
    ...validationSections(validation),
  };
  return Object.entries(sections)
    .map(([name, options]) => {
      // oslo.config substitutes $name in values; $$ is a literal dollar (passwords may hold one).
      const lines = Object.entries(options).map(
        ([key, value]) => `${key} = ${String(value).replaceAll('$', () => '$$')}`,
      );
      return `[${name}]\n${lines.join('\n')}\n`;
    })
    .join('\n');
}
