import { readFileSync, statSync } from 'node:fs';
import { countAssignedDomains, handoffNodes } from './handoffs.js';
import { hashPathDigest, partitionOfDigest, type HashPathSalt } from './hash-path.js';
import { parseRingFile, RingFileError, type RingData } from './ring-file.js';
import type { RingDevice, RingLookup, RingNode } from './ring-types.js';

export interface RingOptions {
  /** How often to look whether the file changed (Swift's `reload_time`: 15 s). */
  reloadIntervalMs?: number;
  /** Milliseconds, as Date.now; tests pass their own. */
  now?: () => number;
}

/** What identifies one version of the file: a rebalance renames a new file into place. */
interface FileIdentity {
  ino: number;
  mtimeMs: number;
  size: number;
}

interface LoadedRing {
  data: RingData;
  domainCounts: number[];
  identity: FileIdentity;
}

function identityOf(path: string): FileIdentity {
  const { ino, mtimeMs, size } = statSync(path);
  return { ino, mtimeMs, size };
}

function loadRing(path: string): LoadedRing {
  const identity = identityOf(path);
  const { ring } = parseRingFile(readFileSync(path, 'utf8'), path);
  if (!ring) throw new RingFileError(`${path}: the ring has not been rebalanced yet`);
  return { data: ring, domainCounts: countAssignedDomains(ring), identity };
}

/**
 * A ring as the proxy, the replicator and the auditor read it (Swift's `Ring`): the partition
 * of a path, its primary devices and its handoffs. It looks at its file again every
 * `reloadIntervalMs` and takes a new ring when the file changed, so a rebalance reaches running
 * proxies; a new file that does not parse is ignored and the ring in memory kept.
 */
export class Ring implements RingLookup {
  private loaded: LoadedRing;
  private nextCheck: number;
  private readonly reloadIntervalMs: number;
  private readonly now: () => number;

  /** Reads the ring file now; throws when it is missing, malformed or never rebalanced. */
  constructor(
    readonly path: string,
    private readonly salt: HashPathSalt,
    options: RingOptions = {},
  ) {
    this.reloadIntervalMs = options.reloadIntervalMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.loaded = loadRing(path);
    this.nextCheck = this.now() + this.reloadIntervalMs;
  }

  private get data(): RingData {
    const now = this.now();
    if (now >= this.nextCheck) {
      this.nextCheck = now + this.reloadIntervalMs;
      this.reloadIfChanged();
    }
    return this.loaded.data;
  }

  private reloadIfChanged(): void {
    try {
      const identity = identityOf(this.path);
      const known = this.loaded.identity;
      if (identity.ino === known.ino && identity.mtimeMs === known.mtimeMs && identity.size === known.size)
        return;
      this.loaded = loadRing(this.path);
    } catch {
      // A missing or broken file while an operator works on it: keep serving the ring we have.
    }
  }

  get partPower(): number {
    return this.data.partPower;
  }

  get replicas(): number {
    return this.data.replicas;
  }

  /** The builder version of the ring in use. */
  get version(): number {
    return this.data.version;
  }

  partitionOf(account: string, container?: string, object?: string): number {
    return partitionOfDigest(hashPathDigest(this.salt, account, container, object), this.data.partPower);
  }

  /** Each device once, even if the ring gave it two replicas of the partition (too few devices). */
  private primaryDevices(data: RingData, partition: number): RingDevice[] {
    if (!Number.isInteger(partition) || partition < 0 || partition >= 2 ** data.partPower)
      throw new RangeError(`partition ${partition} is not in a ring of part power ${data.partPower}`);
    const devices: RingDevice[] = [];
    for (const row of data.replica2part2dev) {
      const device = data.devices[row[partition]]!;
      if (!devices.some((known) => known.id === device.id)) devices.push(device);
    }
    return devices;
  }

  primaryNodes(partition: number): RingNode[] {
    return this.primaryDevices(this.data, partition).map((device, index) => ({ ...device, index }));
  }

  *handoffNodes(partition: number): Generator<RingNode> {
    const data = this.data;
    const { domainCounts } = this.loaded;
    yield* handoffNodes(data, domainCounts, this.primaryDevices(data, partition), partition);
  }

  devices(): RingDevice[] {
    return this.data.devices.filter((device): device is RingDevice => device !== null).map((d) => ({ ...d }));
  }
}
