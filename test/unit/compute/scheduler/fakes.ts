import type { HostCandidate } from '../../../../src/compute/scheduler/allocation-candidates.js';
import type { HostState } from '../../../../src/compute/scheduler/host-state.js';
import type { RequestSpec } from '../../../../src/compute/scheduler/request-spec.js';

/** A healthy, empty host with room, as Nova's FakeHostState; fields override. */
export function fakeHost(host: string, overrides: Partial<HostState> = {}): HostState {
  return {
    host,
    nodename: `${host}-node`,
    uuid: `rp-${host}`,
    aggregates: [],
    service: { disabled: false, up: true },
    vcpusTotal: 8,
    vcpusUsed: 0,
    cpuAllocationRatio: 1,
    totalUsableRamMb: 8192,
    freeRamMb: 8192,
    totalUsableDiskGb: 100,
    freeDiskMb: 100 * 1024,
    numInstances: 0,
    instances: new Set(),
    failedBuilds: 0,
    hypervisorType: 'QEMU',
    hypervisorVersion: 6000000,
    cpuInfo: {},
    supportedInstances: [['x86_64', 'qemu', 'hvm']],
    ...overrides,
  };
}

/** A request for one small instance with nothing special; fields override. */
export function fakeSpec(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return {
    flavor: { vcpus: 1, memoryMb: 512, rootGb: 1, ephemeralGb: 0, extraSpecs: {} },
    imageProperties: {},
    availabilityZone: null,
    instanceGroup: null,
    sameHost: [],
    differentHost: [],
    instanceUuids: ['inst-1'],
    ignoreHosts: [],
    forceHosts: [],
    forceNodes: [],
    requestedDestination: null,
    ...overrides,
  };
}

/** One allocation candidate for each host, as placement would offer for the flavor. */
export function candidatesFor(hosts: HostState[]): HostCandidate[] {
  return hosts.map((host) => ({
    providerUuid: host.uuid,
    allocationRequest: {
      allocations: { [host.uuid]: { resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } } },
    },
  }));
}

/** A seeded source in [0, 1) (mulberry32), so random picks repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ignoreNote = () => {};
