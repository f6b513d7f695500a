import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../common/logging.js';
import {
  DriverNotReady,
  HypervisorError,
  InstanceNotFound,
  InterfaceAttachFailed,
  VirtError,
} from '../errors.js';
import type { VifSpec } from '../types.js';
import { tapNameOf, type Guest } from './guest.js';
import { haltGuest, launchGuest } from './guest-power.js';
import { readGuestRecord, writeGuestRecord, type GuestRecord } from './guest-record.js';
import { InstanceFiles } from './instance-files.js';
import { KeyedLock } from '../../../common/keyed-lock.js';
import type { Accelerator } from './kvm-probe.js';
import type { QemuDriverOptions } from './qemu-options.js';
import { runningPid } from './qemu-process.js';
import { RunningGuest } from './running-guest.js';

const uuidDir = /^([0-9a-f-]{36})(_resize)?$/;

/**
 * The guests of one host, by instance uuid, and how operations on them run: only once `load` has
 * found them, one at a time per instance, with unexpected failures reported as `HypervisorError`.
 */
export class HostGuests {
  private readonly guests = new Map<string, Guest>();
  private readonly locks = new KeyedLock();
  private readonly logger: Logger;
  private host: string | null = null;
  private accel: Accelerator = 'tcg';

  constructor(
    private readonly options: QemuDriverOptions,
    private readonly qemuBinary: string,
  ) {
    this.logger = options.logger;
  }

  /** The host's name, known after `load`. */
  get hostname(): string | null {
    return this.host;
  }

  /** The accelerator guests run under, known after `load`. */
  get accelerator(): Accelerator {
    return this.accel;
  }

  get size(): number {
    return this.guests.size;
  }

  get(uuid: string): Guest | undefined {
    return this.guests.get(uuid);
  }

  has(uuid: string): boolean {
    return this.guests.has(uuid);
  }

  set(uuid: string, guest: Guest): void {
    this.guests.set(uuid, guest);
  }

  delete(uuid: string): void {
    this.guests.delete(uuid);
  }

  uuids(): string[] {
    return [...this.guests.keys()];
  }

  all(): Guest[] {
    return [...this.guests.values()];
  }

  /** The files of the instance's guest on this host (`<instancesDir>/<uuid>/`). */
  filesOf(uuid: string): InstanceFiles {
    return InstanceFiles.of(this.options.instancesDir, uuid);
  }

  /**
   * Loads every guest of the instances folder and re-attaches to those whose QEMU still runs;
   * from then on operations run, for `host`, and guests start under `accel`.
   */
  async load(host: string, accel: Accelerator): Promise<void> {
    this.accel = accel;
    const names = await readdir(this.options.instancesDir);
    for (const name of names.sort()) {
      const match = uuidDir.exec(name);
      if (!match || this.guests.has(match[1])) continue;
      const files = new InstanceFiles(join(this.options.instancesDir, name));
      let record: GuestRecord;
      try {
        record = await readGuestRecord(files.record);
      } catch {
        continue;
      }
      const guest: Guest = { files, record, running: null };
      const pid = await runningPid(files, record.instance.uuid);
      if (pid !== null) {
        try {
          guest.running = await RunningGuest.attach(pid, files.qmpSocket);
        } catch (error) {
          this.logger.error(
            { instance: match[1], pid, err: error },
            'cannot reach the monitor of a running guest',
          );
        }
      }
      this.guests.set(match[1], guest);
    }
    this.host = host;
  }

  /** Starts the guest's QEMU from its record (loading memory saved by suspend when given). */
  launch(guest: Guest, incomingStatePath?: string): Promise<void> {
    const settings = {
      qemuBinary: this.qemuBinary,
      accel: this.accel,
      vncListen: this.options.vncListen ?? '127.0.0.1',
    };
    return launchGuest(guest, settings, incomingStatePath);
  }

  /**
   * Makes a new guest's folder and record (from `build`) and starts it when asked; on failure
   * nothing of it is left and `previous` (a guest set aside by a resize on this host) is back.
   */
  async create(
    files: InstanceFiles,
    build: () => Promise<GuestRecord>,
    powerOn: boolean,
    previous?: Guest,
  ): Promise<void> {
    await rm(files.dir, { recursive: true, force: true });
    await mkdir(files.dir, { recursive: true });
    let guest: Guest | null = null;
    try {
      const record = await build();
      guest = { files, record, running: null };
      await writeGuestRecord(files.record, record);
      this.guests.set(record.instance.uuid, guest);
      if (powerOn) await this.launch(guest);
    } catch (error) {
      if (guest) await haltGuest(guest).catch(() => undefined);
      await rm(files.dir, { recursive: true, force: true });
      const uuid = guest?.record.instance.uuid;
      if (uuid && previous) this.guests.set(uuid, previous);
      else if (uuid) this.guests.delete(uuid);
      throw error;
    }
  }

  /** A port may be plugged into one guest of the host only (a TAP has one owner). */
  checkPortsFree(exceptUuid: string | null, vifs: VifSpec[]): void {
    for (const [uuid, guest] of this.guests) {
      if (uuid === exceptUuid) continue;
      for (const vif of vifs) {
        if (guest.record.nics.some((nic) => nic.portId === vif.id || nic.tapName === tapNameOf(vif))) {
          throw new InterfaceAttachFailed(uuid, vif.id);
        }
      }
    }
  }

  ready(operation: string): void {
    if (this.host === null) throw new DriverNotReady(operation);
  }

  /** Runs `task` alone for this instance; unexpected failures become `HypervisorError`. */
  async locked<T>(operation: string, uuid: string, task: () => Promise<T>): Promise<T> {
    this.ready(operation);
    try {
      return await this.locks.run(uuid, task);
    } catch (error) {
      if (error instanceof VirtError) throw error;
      this.logger.error({ instance: uuid, operation, err: error }, 'hypervisor operation failed');
      throw new HypervisorError(`${operation} of instance ${uuid} failed: ${(error as Error).message}`);
    }
  }

  /** As `locked`, with the instance's guest, which must exist. */
  withGuest<T>(operation: string, uuid: string, task: (guest: Guest) => Promise<T>): Promise<T> {
    return this.locked(operation, uuid, async () => {
      const guest = this.guests.get(uuid);
      if (!guest) throw new InstanceNotFound(uuid);
      return task(guest);
    });
  }
}
