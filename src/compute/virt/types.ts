import type { PowerState } from './power-state.js';

/** The sizes of a flavor, as the instance was given them (Nova keeps a copy on the instance). */
export interface FlavorSpec {
  /** The flavor's API id (`flavorid`), kept for logs and the guest's metadata. */
  id: string;
  name: string;
  vcpus: number;
  memoryMb: number;
  /** Root disk size; 0 means "the image's size" (and nothing for a volume-backed instance). */
  rootGb: number;
  ephemeralGb: number;
  swapMb: number;
  extraSpecs: Record<string, string>;
}

/**
 * What a driver needs to know of the image an instance boots from: Glance's image fields that
 * shape the guest (formats, minimums) and its `properties` (hw_disk_bus, hw_vif_model, os_type...).
 */
export interface ImageMeta {
  id: string;
  name?: string;
  diskFormat?: string;
  containerFormat?: string;
  minDiskGb?: number;
  minRamMb?: number;
  sizeBytes?: number;
  properties: Record<string, string>;
}

/** An instance as the agent hands it to the driver: everything that shapes the guest. */
export interface InstanceSpec {
  uuid: string;
  /** The hypervisor-side name, as Nova's `instance_name_template` (e.g. `instance-0000002a`). */
  name: string;
  /** The guest's host name (the server's `OS-EXT-SRV-ATTR:hostname`). */
  hostname: string;
  projectId: string;
  userId: string;
  flavor: FlavorSpec;
  /** The image the root disk comes from; null for an instance booted from a volume. */
  image: ImageMeta | null;
  metadata: Record<string, string>;
  /** Base64 user data, passed to the guest through the config drive or metadata service. */
  userData: string | null;
  /** The public key of the server's key pair, if it has one. */
  keyData: string | null;
  keyName: string | null;
  /** Whether the guest gets a config drive. */
  configDrive: boolean;
  availabilityZone: string | null;
}

/** A fixed IP of a port, as Neutron gives it. */
export interface FixedIp {
  ipAddress: string;
  subnetId: string;
}

/**
 * One virtual NIC (Nova's VIF): a Neutron port bound to this host. The network driver plugs the
 * host side (bridge, TAP); the virt driver gives the guest a NIC with this MAC.
 */
export interface VifSpec {
  /** The port id. */
  id: string;
  macAddress: string;
  networkId: string;
  fixedIps: FixedIp[];
  /** The VIF type from the port binding (`bridge`, `ovs`, `tap`...). */
  type: string;
  /** The host device the NIC is plugged into (`tapXXXXXXXX-XX`). */
  devName: string | null;
  mtu: number | null;
  /** A device tag the guest sees in its metadata (2.32+), if the user gave one. */
  tag: string | null;
}

/**
 * How the host reaches a volume: Cinder's `connection_info` for one attachment, after the
 * volume service initialised the connection for this host's connector.
 */
export interface VolumeConnection {
  volumeId: string;
  /** `local` (a path on this host), `nbd`, `iscsi`... */
  driverVolumeType: string;
  data: Record<string, unknown>;
}

/** A volume attached to a guest at a device name. */
export interface VolumeMapping {
  connection: VolumeConnection;
  /** The guest device, e.g. `/dev/vdb`. */
  mountpoint: string;
  /** 0 for the boot volume; null for a data volume. */
  bootIndex: number | null;
  /** A device tag the guest sees in its metadata, if any. */
  tag: string | null;
}

/** Local disks and volumes of an instance (Nova's `block_device_info`). */
export interface BlockDeviceInfo {
  rootDeviceName: string;
  swap: { deviceName: string; sizeMb: number } | null;
  ephemerals: { deviceName: string; sizeGb: number }[];
  volumes: VolumeMapping[];
}

/** What `spawn` is given beside the instance. */
export interface SpawnOptions {
  networkInfo: VifSpec[];
  blockDeviceInfo: BlockDeviceInfo;
  /** The password the user asked for (`adminPass`), for drivers that can inject it. */
  adminPassword: string | null;
  /** Files to place in the guest (the deprecated `personality`, before 2.57). */
  injectedFiles: { path: string; contents: string }[];
  /** Leave the guest SHUTDOWN instead of RUNNING when false (unshelve of a stopped server). Default true. */
  powerOn?: boolean;
}

/** A guest as the hypervisor reports it (Nova's InstanceInfo, plus what the agent shows). */
export interface InstanceInfo {
  uuid: string;
  name: string;
  powerState: PowerState;
  /** True while the guest runs from a rescue image. */
  rescued: boolean;
  vcpus: number;
  memoryMb: number;
  /** Attached volumes; `sizeBytes` is the size the guest sees when the driver knows it (after an extend). */
  volumes: { volumeId: string; mountpoint: string; sizeBytes?: number }[];
  interfaces: { portId: string; macAddress: string }[];
}

/** The CPU of the host, as `os-hypervisors` shows `cpu_info` (2.28+ as an object). */
export interface CpuInfo {
  arch: string;
  model: string;
  vendor: string;
  features: string[];
  topology: { sockets: number; cores: number; threads: number };
}

/**
 * The host as its agent reports it to placement (inventory) and to `os-hypervisors`: totals, what
 * the hypervisor's guests use, and what the hypervisor is.
 */
export interface HostResources {
  /** The node name placement and os-hypervisors know this host by. */
  hypervisorHostname: string;
  /** `QEMU`, `fake`... (os-hypervisors `hypervisor_type`). */
  hypervisorType: string;
  /** The version as Nova encodes it: major * 1,000,000 + minor * 1,000 + patch. */
  hypervisorVersion: number;
  hostIp: string;
  vcpus: number;
  vcpusUsed: number;
  memoryMb: number;
  memoryMbUsed: number;
  localGb: number;
  localGbUsed: number;
  /** Disk left for guests after the worst-case growth of their disks (os-hypervisors `disk_available_least`). */
  diskAvailableLeast: number;
  runningVms: number;
  cpuInfo: CpuInfo;
  /** The [architecture, hypervisor type, VM mode] triples guests may ask for (`supported_instances`). */
  supportedInstances: [string, string, string][];
}

/** Where a guest's VNC server listens, for the console proxy to connect to. */
export interface VncConsole {
  host: string;
  port: number;
  /** A path the proxy needs beyond host and port, if any. */
  internalAccessPath: string | null;
}

/** What the volume service needs to export a volume to this host (os-brick's connector). */
export interface VolumeConnector {
  ip: string;
  host: string;
  initiator: string;
  multipath: boolean;
  platform: string;
  osType: string;
}

/** A cold migration or resize, as source and destination drivers see it. */
export interface MigrationSpec {
  /** The migration record's uuid, for logs. */
  uuid: string;
  sourceHost: string;
  destHost: string;
  oldFlavor: FlavorSpec;
  newFlavor: FlavorSpec;
}

/** The disks `migrateDiskAndPowerOff` moved, handed to the destination's `finishMigration`. */
export interface MigratedDisk {
  /** The guest device the disk backs (`vda`...). */
  device: string;
  /** The disk's format on the destination (`qcow2`, `raw`). */
  format: string;
  virtualSizeGb: number;
}

/** The facts a live migration carries from destination to source and back. */
export interface LiveMigrationData {
  sourceHost: string;
  destHost: string;
  /** Whether local disks are copied too (no shared storage). */
  blockMigration: boolean;
  /** The guest's power state when the memory copy finished; the destination resumes it so. */
  powerState?: PowerState;
}

/** The snapshot image a driver produced, in the image service's terms. */
export interface SnapshotImageFormat {
  diskFormat: string;
  containerFormat: string;
}

/** One virtual CPU of a guest's diagnostics. */
export interface CpuDiagnostics {
  id: number | null;
  /** CPU time used, in nanoseconds. */
  timeNs: number | null;
  /** Percent busy, when the hypervisor can tell. */
  utilisation: number | null;
}

/** One NIC of a guest's diagnostics: counters since the guest started. */
export interface NicDiagnostics {
  /** The host-side device (`tapXXXXXXXX-XX`) that names its counters in the pre-2.48 view. */
  device: string | null;
  macAddress: string | null;
  rxOctets: number | null;
  rxErrors: number | null;
  rxDrop: number | null;
  rxPackets: number | null;
  rxRate: number | null;
  txOctets: number | null;
  txErrors: number | null;
  txDrop: number | null;
  txPackets: number | null;
  txRate: number | null;
}

/** One disk of a guest's diagnostics: counters since the guest started. */
export interface DiskDiagnostics {
  /** The guest device (`vda`) that names its counters in the pre-2.48 view. */
  device: string | null;
  readBytes: number | null;
  readRequests: number | null;
  writeBytes: number | null;
  writeRequests: number | null;
  errorsCount: number | null;
}

/**
 * What the hypervisor reports of one guest (Nova's Diagnostics object): shown by
 * `GET /servers/{id}/diagnostics` as it is from 2.48, and as the driver's flat counters before.
 */
export interface InstanceDiagnostics {
  powerState: PowerState;
  /** Nova's driver name (`libvirt`, `vmwareapi`, `ironic`...): the API enumerates these. */
  driver: string;
  /** The hypervisor under the driver (`kvm`, `qemu`...). */
  hypervisor: string | null;
  hypervisorOs: string | null;
  /** Seconds since the guest was launched. */
  uptimeSec: number | null;
  configDrive: boolean;
  memory: { maximumMb: number | null; usedMb: number | null };
  cpus: CpuDiagnostics[];
  nics: NicDiagnostics[];
  disks: DiskDiagnostics[];
}
