import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedLock } from '../../common/keyed-lock.js';
import { runCommand } from '../../common/run-command.js';
import { BackendNotReady, ExportFailed } from './errors.js';
import type { ConnectionInfo } from './volume-driver.js';

export interface NbdExporterOptions {
  /** The address the exports listen on: the backend's address as the compute hosts reach it. */
  address: string;
  /** Where each export's record and pid file live. */
  stateDir: string;
  binary?: string;
}

/** One running export, as recorded in `<stateDir>/<volume id>.json`. */
interface ExportRecord {
  volumeId: string;
  port: number;
  pid: number;
  /** The hosts it was initialised for; the daemon stops when the last one is terminated. */
  hosts: string[];
}

/** The node the export serves: the volume as the guest sees it (a qcow2 file decoded). */
const DISK_NODE = 'disk';
const START_ATTEMPTS = 3;

/** QEMU's option syntax doubles a comma inside a value. */
const optionValue = (value: string) => value.replaceAll(',', ',,');

/**
 * Exports volumes to other hosts over NBD: one qemu-storage-daemon per volume, listening on a
 * free TCP port of `address`, serving the volume's content as raw bytes under the export name
 * `volume-<id>`. Shared by the file and lvm drivers. Each export is recorded on disk, so a volume
 * service that died without `close` (which stops them all) finds its exports still running, the
 * guests using them unaware, and can end them later. An export serves the size the volume had when
 * it started: an NBD server refuses to resize what it serves (NBD has no way to tell clients), so a
 * volume extended while exported reaches its hosts at its new size when they attach it again.
 */
export class NbdExporter {
  private readonly exports = new Map<string, ExportRecord>();
  private readonly lock = new KeyedLock();
  private readonly binary: string;

  constructor(private readonly options: NbdExporterOptions) {
    this.binary = options.binary ?? 'qemu-storage-daemon';
  }

  static exportName(volumeId: string): string {
    return `volume-${volumeId}`;
  }

  /** Takes over the exports an earlier run left running; forgets the records of dead ones. */
  async init(): Promise<void> {
    await mkdir(this.options.stateDir, { recursive: true, mode: 0o700 });
    for (const entry of await readdir(this.options.stateDir)) {
      if (!entry.endsWith('.json')) continue;
      const record = JSON.parse(await readFile(join(this.options.stateDir, entry), 'utf8')) as ExportRecord;
      if (await isDaemon(record.pid)) this.exports.set(record.volumeId, record);
      else await this.removeFiles(record.volumeId);
    }
  }

  /** Whether the volume is exported now. */
  has(volumeId: string): boolean {
    return this.exports.has(volumeId);
  }

  /** The volume's export for `host`: started on first use, shared by later hosts. */
  export(volumeId: string, path: string, format: string, host: string): Promise<ConnectionInfo> {
    return this.lock.run(volumeId, async () => {
      let record = this.exports.get(volumeId);
      if (!record) {
        record = await this.start(volumeId, path, format);
        this.exports.set(volumeId, record);
      }
      if (!record.hosts.includes(host)) record.hosts.push(host);
      await this.save(record);
      return {
        driver_volume_type: 'nbd',
        data: {
          host: this.options.address,
          port: record.port,
          name: NbdExporter.exportName(volumeId),
          format: 'raw',
        },
      };
    });
  }

  /** Ends `host`'s use of the export; the daemon stops with the last host. */
  unexport(volumeId: string, host: string): Promise<void> {
    return this.lock.run(volumeId, async () => {
      const record = this.exports.get(volumeId);
      if (!record) return;
      record.hosts = record.hosts.filter((candidate) => candidate !== host);
      if (record.hosts.length > 0) await this.save(record);
      else await this.stop(record);
    });
  }

  /** Stops the volume's export whoever uses it: the volume is going away. */
  remove(volumeId: string): Promise<void> {
    return this.lock.run(volumeId, async () => {
      const record = this.exports.get(volumeId);
      if (record) await this.stop(record);
    });
  }

  /** Stops every export. */
  async close(): Promise<void> {
    for (const volumeId of [...this.exports.keys()]) await this.remove(volumeId);
  }

  private async start(volumeId: string, path: string, format: string): Promise<ExportRecord> {
    // A block device (an LV) needs QEMU's host_device protocol; a file its file protocol.
    const protocol = (await stat(path)).isBlockDevice() ? 'host_device' : 'file';
    let lastError = '';
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      // The port is free now; another process may take it before the daemon binds: then again.
      const port = await freePort(this.options.address);
      const args = [
        '--daemonize',
        '--pidfile',
        this.pidPath(volumeId),
        '--blockdev',
        `driver=${protocol},node-name=file,filename=${optionValue(path)}`,
        '--blockdev',
        `driver=${format},node-name=${DISK_NODE},file=file`,
        '--nbd-server',
        `addr.type=inet,addr.host=${this.options.address},addr.port=${port}`,
        '--export',
        `type=nbd,id=export,node-name=${DISK_NODE},name=${NbdExporter.exportName(volumeId)},writable=on`,
      ];
      // With --daemonize the command returns once the export listens, or fails saying why.
      const result = await runCommand(this.binary, args, { timeoutMs: 30_000 }).catch((error: Error) => {
        throw new BackendNotReady(
          `${this.binary} does not run (apt-get install qemu-system-common); it exports volumes to other hosts over NBD`,
          { cause: error },
        );
      });
      if (result.code === 0) {
        const pid = Number((await readFile(this.pidPath(volumeId), 'utf8')).trim());
        return { volumeId, port, pid, hosts: [] };
      }
      lastError = result.stderr.trim() || `exit ${result.code}`;
      if (!lastError.includes('Address already in use')) break;
    }
    await this.removeFiles(volumeId);
    throw new ExportFailed(`Could not export volume ${volumeId} over NBD: ${lastError}`);
  }

  private async stop(record: ExportRecord): Promise<void> {
    await terminate(record.pid);
    this.exports.delete(record.volumeId);
    await this.removeFiles(record.volumeId);
  }

  private save(record: ExportRecord): Promise<void> {
    return writeFile(join(this.options.stateDir, `${record.volumeId}.json`), JSON.stringify(record));
  }

  private async removeFiles(volumeId: string): Promise<void> {
    for (const suffix of ['json', 'pid']) {
      await rm(join(this.options.stateDir, `${volumeId}.${suffix}`), { force: true });
    }
  }

  private pidPath(volumeId: string): string {
    return join(this.options.stateDir, `${volumeId}.pid`);
  }
}

/** A TCP port nobody listens on at `address` now. */
function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether `pid` is a process that has not exited (not a zombie, not dead). */
async function isAlive(pid: number): Promise<boolean> {
  try {
    const status = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name in parentheses: "1234 (qemu-storage-d) S ...".
    const state = status.slice(status.lastIndexOf(')') + 2, status.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Whether `pid` is a live qemu-storage-daemon (and not another process that took its pid). */
async function isDaemon(pid: number): Promise<boolean> {
  if (!(await isAlive(pid))) return false;
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes('qemu-storage-daemon');
}

/**
 * Stops a daemon: SIGTERM (it flushes and closes the image), SIGKILL if it lingers. Waits until
 * the process has exited: its command line empties while it is still exiting, so that is no sign.
 */
async function terminate(pid: number): Promise<void> {
  if (!(await isDaemon(pid))) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5_000; waited += 50) {
    if (!(await isAlive(pid))) return;
    await sleep(50);
  }
  process.kill(pid, 'SIGKILL');
  for (let waited = 0; waited < 5_000 && (await isAlive(pid)); waited += 50) await sleep(50);
}
