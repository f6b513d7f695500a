import { PassThrough, type Readable } from 'node:stream';

/** How much of the start of a body is kept to replay to a handoff node that joins late. */
const REPLAY_LIMIT = 1024 * 1024;

/**
 * One read of a request body written to several replicas at once, at the pace of the slowest
 * (backpressure). A replica that fails before the body is 1 MiB in can be replaced: the bytes
 * sent so far are kept and replayed to the handoff that joins; later failures only count
 * against the quorum, as a failure after Swift's connect phase does.
 */
export class BodyFanout {
  private readonly branches = new Set<PassThrough>();
  private replay: Buffer[] | null = [];
  private replayBytes = 0;
  private finished = false;
  private failed = false;
  /** Bytes read from the source. */
  bytes = 0;

  constructor(private readonly source: Readable) {}

  /** A new branch carrying the whole body, or null when too much of it has gone by to replay. */
  branch(): PassThrough | null {
    if (this.replay === null || this.failed) return null;
    const branch = new PassThrough();
    // A failed source fails every branch; one its replica does not read (yet, or any more) must
    // not take the process down with an unhandled 'error' (a client gone mid-upload).
    branch.on('error', () => undefined);
    for (const chunk of this.replay) branch.write(chunk);
    if (this.finished) branch.end();
    else this.branches.add(branch);
    return branch;
  }

  /** Stops writing to a branch whose replica answered (or failed) already. */
  drop(branch: PassThrough): void {
    if (!this.branches.delete(branch)) return;
    branch.destroy();
  }

  /** Reads the source to its end into every branch; rejects (and fails every branch) when the source fails. */
  async run(): Promise<void> {
    try {
      for await (const chunk of this.source) {
        const data = chunk as Buffer;
        this.bytes += data.length;
        if (this.replay) {
          this.replayBytes += data.length;
          if (this.replayBytes > REPLAY_LIMIT) this.replay = null;
          else this.replay.push(data);
        }
        const waits: Promise<void>[] = [];
        for (const branch of this.branches) {
          if (!branch.write(data)) waits.push(drained(branch));
        }
        if (waits.length > 0) await Promise.all(waits);
      }
    } catch (error) {
      this.failed = true;
      for (const branch of this.branches) branch.destroy(error as Error);
      this.branches.clear();
      throw error;
    }
    this.finished = true;
    for (const branch of this.branches) branch.end();
  }
}

/** Resolves when a branch can take more, or when it is gone (dropped, failed). */
function drained(branch: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      branch.off('drain', done);
      branch.off('close', done);
      resolve();
    };
    branch.on('drain', done);
    branch.on('close', done);
  });
}
