import type { GuestDevices } from '../driver.js';
import { InterfaceAttachFailed } from '../errors.js';
import { PowerState } from '../power-state.js';
import type { InstanceInfo, InstanceSpec, VifSpec, VolumeConnection } from '../types.js';

/** A guest of the fake hypervisor: what a real one would keep in its domain definition and state. */
export interface FakeGuest {
  spec: InstanceSpec;
  powerState: PowerState;
  rescued: boolean;
  /** True while this is the receiving end of a live migration not yet finished. */
  incoming: boolean;
  /** False for a guest whose root disk is a volume: its root takes no local disk. */
  imageBacked: boolean;
  /** Attached volumes by guest device (mountpoint). */
  volumes: Map<string, VolumeConnection>;
  /** The sizes volumes were extended to, by volume id (absent in state files written before extends). */
  volumeSizes?: Record<string, number>;
  /** Plugged NICs by port id. */
  interfaces: Map<string, VifSpec>;
  console: string[];
  vncPort: number;
  /** When the guest was created on this host: its diagnostics' uptime counts from here. */
  launchedAt: Date;
}

/** A copy of a guest that shares nothing mutable with it (the resize backup of a guest). */
export function copyGuest(guest: FakeGuest): FakeGuest {
  return {
    ...guest,
    volumes: new Map(guest.volumes),
    ...(guest.volumeSizes ? { volumeSizes: { ...guest.volumeSizes } } : {}),
    interfaces: new Map(guest.interfaces),
    console: [...guest.console],
  };
}

/** The local disk a guest takes, in GB: its root (unless volume-backed), ephemeral and swap disks. */
export function localDiskGb(guest: FakeGuest): number {
  const { rootGb, ephemeralGb, swapMb } = guest.spec.flavor;
  return (guest.imageBacked ? rootGb : 0) + ephemeralGb + Math.ceil(swapMb / 1024);
}

/** The guest as `instanceInfo` reports it. */
export function guestInfo(guest: FakeGuest): InstanceInfo {
  return {
    uuid: guest.spec.uuid,
    name: guest.spec.name,
    powerState: guest.powerState,
    rescued: guest.rescued,
    vcpus: guest.spec.flavor.vcpus,
    memoryMb: guest.spec.flavor.memoryMb,
    volumes: [...guest.volumes].map(([mountpoint, connection]) => {
      const sizeBytes = guest.volumeSizes?.[connection.volumeId];
      return { volumeId: connection.volumeId, mountpoint, ...(sizeBytes === undefined ? {} : { sizeBytes }) };
    }),
    interfaces: [...guest.interfaces.values()].map((vif) => ({ portId: vif.id, macAddress: vif.macAddress })),
  };
}

/**
 * A new guest for `instance` with the given devices, launched at `launchedAt` and not yet started
 * (NOSTATE). `previous`, the guest it replaces in a same-host resize, hands over its console log.
 */
export function newGuest(
  instance: InstanceSpec,
  devices: Partial<GuestDevices>,
  vncPort: number,
  launchedAt: Date,
  previous?: FakeGuest,
): FakeGuest {
  const volumes = devices.blockDeviceInfo?.volumes ?? [];
  return {
    spec: instance,
    powerState: PowerState.NOSTATE,
    rescued: false,
    incoming: false,
    imageBacked: instance.image !== null && !volumes.some((volume) => volume.bootIndex === 0),
    volumes: new Map(volumes.map((volume) => [volume.mountpoint, volume.connection])),
    interfaces: new Map((devices.networkInfo ?? []).map((vif) => [vif.id, vif])),
    console: previous ? [...previous.console] : [],
    vncPort,
    launchedAt,
  };
}

/** Throws `InterfaceAttachFailed` when a port is already plugged on the host: a port plugs once per host. */
export function checkPortsFree(guests: Iterable<FakeGuest>, instanceUuid: string, vifs: VifSpec[]): void {
  for (const guest of guests) {
    for (const vif of vifs) {
      if (guest.interfaces.has(vif.id)) throw new InterfaceAttachFailed(instanceUuid, vif.id);
    }
  }
}

/** The bytes of a guest's root disk: a recognisable header, then zeros up to `size`. */
export function diskImage(guest: FakeGuest, size: number): Buffer {
  const disk = Buffer.alloc(size);
  disk.write(`STRATUS FAKE DISK\ninstance ${guest.spec.uuid}\nflavor ${guest.spec.flavor.name}\n`);
  return disk;
}
