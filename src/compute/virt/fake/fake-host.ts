import type { CpuInfo, HostResources } from '../types.js';
import { localDiskGb, type FakeGuest } from './fake-guest.js';

/** The size and identity of a fake host; every field has a default of a small real server. */
export interface FakeHostOptions {
  vcpus?: number;
  memoryMb?: number;
  localGb?: number;
  hostIp?: string;
  /** The host's address for VNC consoles. */
  vncHost?: string;
  cpuInfo?: CpuInfo;
}

export const defaultFakeHost = {
  vcpus: 8,
  memoryMb: 16384,
  localGb: 500,
  hostIp: '192.168.0.1',
  vncHost: '127.0.0.1',
  cpuInfo: {
    arch: 'x86_64',
    model: 'Nehalem',
    vendor: 'Intel',
    features: ['pge', 'clflush'],
    topology: { sockets: 4, cores: 1, threads: 2 },
  } satisfies CpuInfo,
};

/** The fake hypervisor's version, 1.0 in Nova's integer encoding. */
const fakeHypervisorVersion = 1000;

/**
 * The host's report: its totals, and what its guests use, counted from the guests themselves so
 * the figures cannot drift. Like a real hypervisor the fake overcommits freely; placement is what
 * keeps hosts within their allocation ratios.
 */
export function hostReport(
  hostname: string,
  host: Required<FakeHostOptions>,
  guests: Iterable<FakeGuest>,
): HostResources {
  let vcpusUsed = 0;
  let memoryMbUsed = 0;
  let localGbUsed = 0;
  let runningVms = 0;
  for (const guest of guests) {
    vcpusUsed += guest.spec.flavor.vcpus;
    memoryMbUsed += guest.spec.flavor.memoryMb;
    localGbUsed += localDiskGb(guest);
    runningVms += 1;
  }
  return {
    hypervisorHostname: hostname,
    hypervisorType: 'fake',
    hypervisorVersion: fakeHypervisorVersion,
    hostIp: host.hostIp,
    vcpus: host.vcpus,
    vcpusUsed,
    memoryMb: host.memoryMb,
    memoryMbUsed,
    localGb: host.localGb,
    localGbUsed,
    diskAvailableLeast: host.localGb - localGbUsed,
    runningVms,
    cpuInfo: structuredClone(host.cpuInfo),
    supportedInstances: [['x86_64', 'fake', 'hvm']],
  };
}

/** The host's uptime as `uptime` prints it, e.g. ` 10:04:02 up 3 days,  2:05,  0 users,  load average: 0.00, 0.00, 0.00`. */
export function uptimeLine(now: Date, bootedAt: Date): string {
  const minutes = Math.floor(Math.max(0, now.getTime() - bootedAt.getTime()) / 60_000);
  const days = Math.floor(minutes / 1440);
  const clock = `${Math.floor((minutes % 1440) / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  const up = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${clock.padStart(5)}` : clock.padStart(5);
  const time = now.toISOString().slice(11, 19);
  return ` ${time} up ${up},  0 users,  load average: 0.00, 0.00, 0.00`;
}
