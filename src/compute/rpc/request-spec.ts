import type { FlavorSpec, ImageMeta } from '../virt/types.js';

/**
 * What a server was asked for, stored at create (the `request_specs` table) and read by the
 * conductor whenever it schedules the server: at build, resize, migrate, evacuate and unshelve.
 * The scheduler turns it into its own RequestSpec with the host states of the moment.
 */
export interface StoredRequestSpec {
  projectId: string;
  userId: string;
  flavor: FlavorSpec;
  /** The image of an image-backed server; for a volume-backed one, the volume's image metadata or null. */
  image: ImageMeta | null;
  /** The zone asked for (the part before any `:host:node`), or null for any. */
  availabilityZone: string | null;
  /** The `group` scheduler hint: a server group uuid. */
  instanceGroupUuid: string | null;
  /** Every scheduler hint as given (`same_host`, `different_host`, `group`, others kept for filters). */
  schedulerHints: Record<string, string[]>;
  /** Forced by an admin with `zone:host[:node]` (skips filters), as Nova's force_hosts/force_nodes. */
  forceHosts: string[];
  forceNodes: string[];
  /**
   * Asked for with `host` and/or `hypervisor_hostname` (2.74): filtered like any host, unlike
   * forced ones. A null host is any host with that node.
   */
  requestedDestination: { host: string | null; node: string | null } | null;
  /** How many servers the create request made (min..max_count); 1 for a later move. */
  numInstances: number;
  /**
   * The networks each server gets, as the API resolved them with the network service: a list of
   * {network, port, fixedIp, tag} (empty for none; `auto` became the project's one network).
   * Specs stored before that may still say 'none' or 'auto'.
   */
  requestedNetworks: 'none' | 'auto' | RequestedNetwork[];
  securityGroups: string[];
  /** Whether the root disk is a volume (no DISK_GB to claim for it). */
  isVolumeBacked: boolean;
}

export interface RequestedNetwork {
  networkId: string | null;
  portId: string | null;
  fixedIp: string | null;
  tag: string | null;
}
