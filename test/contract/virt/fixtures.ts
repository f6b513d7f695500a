import { randomUUID } from 'node:crypto';
import type { GuestDevices } from '../../../src/compute/virt/driver.js';
import type {
  FlavorSpec,
  InstanceSpec,
  MigrationSpec,
  SpawnOptions,
  VifSpec,
  VolumeMapping,
} from '../../../src/compute/virt/types.js';

/** A small flavor, like m1.tiny with an ephemeral disk. */
export function flavorSpec(overrides: Partial<FlavorSpec> = {}): FlavorSpec {
  return {
    id: '1',
    name: 'm1.tiny',
    vcpus: 1,
    memoryMb: 512,
    rootGb: 1,
    ephemeralGb: 0,
    swapMb: 0,
    extraSpecs: {},
    ...overrides,
  };
}

/** An image-backed instance with a fresh uuid. */
export function instanceSpec(overrides: Partial<InstanceSpec> = {}): InstanceSpec {
  const uuid = randomUUID();
  return {
    uuid,
    name: `instance-${uuid.slice(0, 8)}`,
    hostname: 'vm-1',
    projectId: 'project-1',
    userId: 'user-1',
    flavor: flavorSpec(),
    image: { id: randomUUID(), name: 'cirros', diskFormat: 'qcow2', containerFormat: 'bare', properties: {} },
    metadata: {},
    userData: null,
    keyData: null,
    keyName: null,
    configDrive: false,
    availabilityZone: null,
    ...overrides,
  };
}

/** No NICs, one root disk. */
export function noDevices(): GuestDevices {
  return {
    networkInfo: [],
    blockDeviceInfo: { rootDeviceName: '/dev/vda', swap: null, ephemerals: [], volumes: [] },
  };
}

export function spawnOptions(overrides: Partial<SpawnOptions> = {}): SpawnOptions {
  return { ...noDevices(), adminPassword: null, injectedFiles: [], ...overrides };
}

export function vifSpec(overrides: Partial<VifSpec> = {}): VifSpec {
  return {
    id: randomUUID(),
    macAddress: 'fa:16:3e:00:00:01',
    networkId: randomUUID(),
    fixedIps: [{ ipAddress: '10.0.0.5', subnetId: randomUUID() }],
    type: 'bridge',
    devName: null,
    mtu: 1500,
    tag: null,
    ...overrides,
  };
}

export function volumeMapping(mountpoint: string, volumeId: string = randomUUID()): VolumeMapping {
  return {
    connection: { volumeId, driverVolumeType: 'local', data: { device_path: `/tmp/${volumeId}` } },
    mountpoint,
    bootIndex: null,
    tag: null,
  };
}

export function migrationSpec(
  instance: InstanceSpec,
  sourceHost: string,
  destHost: string,
  newFlavor: FlavorSpec,
): MigrationSpec {
  return { uuid: randomUUID(), sourceHost, destHost, oldFlavor: instance.flavor, newFlavor };
}
