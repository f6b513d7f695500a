/** The flavor of the instances asked for, with its extra specs. */
export interface Flavor {
  vcpus: number;
  memoryMb: number;
  rootGb: number;
  ephemeralGb: number;
  extraSpecs: Record<string, string>;
}

export type ServerGroupPolicy = 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';

/**
 * The server group of the request. As in Nova, `members` already holds the uuids of the
 * instances being scheduled (the API adds them before asking), and `hosts` the hosts of the
 * members placed so far; the scheduler appends each host it picks.
 */
export interface InstanceGroup {
  uuid: string;
  policy: ServerGroupPolicy;
  rules: { max_server_per_host?: number };
  members: string[];
  hosts: string[];
}

/** A host (and maybe node) the request must land on (admin `host`/`hypervisor_hostname`, 2.74). */
export interface RequestedDestination {
  /** Null when only the node is asked for (2.74's `hypervisor_hostname` alone). */
  host: string | null;
  node?: string | null;
}

/** What Nova's RequestSpec carries that the filters and weighers read. */
export interface RequestSpec {
  flavor: Flavor;
  /** The image's properties (hw_architecture, img_hv_type, ...), `{}` when there is no image. */
  imageProperties: Record<string, string>;
  availabilityZone: string | null;
  instanceGroup: InstanceGroup | null;
  /** The `same_host` hint: instance uuids to share a host with. */
  sameHost: string[];
  /** The `different_host` hint: instance uuids to keep away from. */
  differentHost: string[];
  /** Uuids of the instances to place, one destination each (several for a multi-create). */
  instanceUuids: string[];
  /** The instance being checked, for move operations (a host holding it is not a conflict). */
  instanceUuid?: string | null;
  ignoreHosts: string[];
  forceHosts: string[];
  forceNodes: string[];
  requestedDestination: RequestedDestination | null;
  /** Nova's `_nova_check_type` hint: 'rebuild' runs only the filters that apply to rebuilds. */
  checkType?: string | null;
}

export function isRebuild(spec: RequestSpec): boolean {
  return spec.checkType === 'rebuild';
}
