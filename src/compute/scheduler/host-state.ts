/** A host aggregate as the scheduler sees it: its metadata drives AZs, extra specs and multipliers. */
export interface Aggregate {
  name: string;
  metadata: Record<string, string>;
}

/** The compute service of a host: disabled by an operator, or down when its heartbeat is late. */
export interface ServiceStatus {
  disabled: boolean;
  disabledReason?: string | null;
  /** Whether its heartbeat is recent (the caller's service group check, with its own clock). */
  up: boolean;
}

/** One guest the hypervisor can run: [architecture, hypervisor type, vm mode], all canonical. */
export type SupportedInstance = [architecture: string, hypervisorType: string, vmMode: string];

/**
 * What the scheduler knows of one compute node, as Nova's HostState: the resource figures come
 * from placement's provider summary and the node's own report, the rest from the node's record.
 * selectDestinations works on copies and changes them as it places each instance of a request.
 */
export interface HostState {
  host: string;
  nodename: string;
  /** The uuid of the node's resource provider in placement. */
  uuid: string;
  aggregates: Aggregate[];
  service: ServiceStatus;

  vcpusTotal: number;
  vcpusUsed: number;
  cpuAllocationRatio: number;
  totalUsableRamMb: number;
  freeRamMb: number;
  totalUsableDiskGb: number;
  freeDiskMb: number;

  numInstances: number;
  /** Uuids of the instances on the node (the group filters and weighers look only at these). */
  instances: Set<string>;
  /** Builds that failed here lately; the agent resets it on a success. */
  failedBuilds: number;

  hypervisorType: string | null;
  /** Nova's integer form: 6.0.0 is 6000000 (1000 per part). */
  hypervisorVersion: number | null;
  cpuInfo: Record<string, unknown>;
  supportedInstances: SupportedInstance[];
}

/** Nova's `(host, node) ram: ...MB disk: ...MB instances: ...` shape for log lines. */
export function describeHost(host: HostState): string {
  return (
    `(${host.host}, ${host.nodename}) ram: ${host.freeRamMb}MB disk: ${host.freeDiskMb}MB ` +
    `instances: ${host.numInstances}`
  );
}

/** A copy the scheduler may change without touching the caller's data. */
export function copyHostState(host: HostState): HostState {
  return { ...host, instances: new Set(host.instances) };
}
