import type { HostState } from './host-state.js';

/** A provider summary from GET /allocation_candidates. */
export interface ProviderSummary {
  resources: Record<string, { capacity: number; used: number }>;
}

export type HostResources = Pick<
  HostState,
  | 'vcpusTotal'
  | 'vcpusUsed'
  | 'cpuAllocationRatio'
  | 'totalUsableRamMb'
  | 'freeRamMb'
  | 'totalUsableDiskGb'
  | 'freeDiskMb'
>;

/**
 * A host's resource figures from its provider summary: placement's capacity already counts the
 * allocation ratio and the reserved amount, so the ratio here is 1. A class the provider lacks
 * counts as none.
 */
export function resourcesFromProviderSummary(summary: ProviderSummary): HostResources {
  const of = (resourceClass: string) => summary.resources[resourceClass] ?? { capacity: 0, used: 0 };
  const vcpu = of('VCPU');
  const ram = of('MEMORY_MB');
  const disk = of('DISK_GB');
  return {
    vcpusTotal: vcpu.capacity,
    vcpusUsed: vcpu.used,
    cpuAllocationRatio: 1,
    totalUsableRamMb: ram.capacity,
    freeRamMb: ram.capacity - ram.used,
    totalUsableDiskGb: disk.capacity,
    freeDiskMb: (disk.capacity - disk.used) * 1024,
  };
}
