import type { HostResources } from '../../../../src/compute/virt/types.js';

/** A QEMU host's report, as a driver's resource audit would give it. */
export function hostResources(name: string, overrides: Partial<HostResources> = {}): HostResources {
  return {
    hypervisorHostname: name,
    hypervisorType: 'QEMU',
    hypervisorVersion: 8002000,
    hostIp: '192.0.2.10',
    vcpus: 8,
    vcpusUsed: 2,
    memoryMb: 16384,
    memoryMbUsed: 4096,
    localGb: 100,
    localGbUsed: 20,
    diskAvailableLeast: 70,
    runningVms: 1,
    cpuInfo: {
      arch: 'x86_64',
      model: 'Nehalem',
      vendor: 'Intel',
      features: ['sse4.2'],
      topology: { sockets: 1, cores: 4, threads: 2 },
    },
    supportedInstances: [['x86_64', 'qemu', 'hvm']],
    ...overrides,
  };
}
