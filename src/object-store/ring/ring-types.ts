/** A device of a ring: one folder (a disk) of a storage node, as Swift's ring knows it. */
export interface RingDevice {
  id: number;
  region: number;
  zone: number;
  /** Where the storage node that owns the device answers (in process: a name the proxy maps to it). */
  ip: string;
  port: number;
  /** The device's folder name under the node's devices root, e.g. `d1`. */
  device: string;
  weight: number;
}

/** A device chosen for a partition, with its index among the partition's replicas (Swift's `index`). */
export interface RingNode extends RingDevice {
  /** 0.. replicas-1 for primaries; for handoffs, the order in which they were found. */
  index: number;
}

/** What the proxy, the replicator and the auditor ask of a ring (Swift's `Ring`). */
export interface RingLookup {
  readonly partPower: number;
  readonly replicas: number;
  /** The partition of an account, container or object path (md5 of `/a[/c[/o]]` with the hash salt). */
  partitionOf(account: string, container?: string, object?: string): number;
  /** The primary devices of a partition, in replica order, distinct zones when the ring has them. */
  primaryNodes(partition: number): RingNode[];
  /** Further devices to hand off to when primaries fail, best first (other zones first), never a primary. */
  handoffNodes(partition: number): Generator<RingNode>;
  /** Every device of the ring. */
  devices(): RingDevice[];
}
