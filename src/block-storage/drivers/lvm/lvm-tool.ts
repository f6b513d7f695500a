import { access, readFile } from 'node:fs/promises';
import { runChecked } from '../../../common/run-command.js';
import { BackendNotReady } from '../errors.js';

export interface LogicalVolume {
  name: string;
  sizeBytes: number;
}

export interface Space {
  sizeBytes: number;
  freeBytes: number;
}

/**
 * The LVM operations the lvm driver needs, on one volume group. `LvmCommands` runs LVM's commands;
 * the contract tests also run the driver on a stand-in that keeps each LV as a file, so its logic
 * is tested on hosts without device-mapper.
 */
export interface LvmTool {
  /** Throws `BackendNotReady` naming what is missing: LVM, device-mapper, the volume group. */
  check(): Promise<void>;
  /** The volume group's size and unallocated space. */
  groupSpace(): Promise<Space>;
  /** The thin pool's size and unused space, or null when it does not exist. */
  poolSpace(pool: string): Promise<Space | null>;
  /** A thin pool on most of the group's free space. */
  createPool(pool: string): Promise<void>;
  /** The group's logical volumes (thin pools and their hidden parts left out). */
  list(): Promise<LogicalVolume[]>;
  /** A thick LV, or a thin one in `pool`. */
  create(name: string, sizeBytes: number, pool: string | null): Promise<void>;
  /**
   * A snapshot `name` of `origin`: thick with `cowBytes` of copy-on-write space (the origin's size,
   * so it never fills up and goes invalid), thin (sharing the pool) when `cowBytes` is null.
   */
  snapshot(name: string, origin: string, cowBytes: number | null): Promise<void>;
  extend(name: string, sizeBytes: number): Promise<void>;
  /** Removes the LV; `wipe` zeroes it first, as a thick LV's extents go to the next one as they are. */
  remove(name: string, wipe: boolean): Promise<void>;
  devicePath(name: string): string;
}

interface LvmReport<Row> {
  report: Record<string, Row[]>[];
}

/** Runs a program and resolves with its output; rejects when it does not exit 0 (as `runChecked`). */
export type CommandRun = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => Promise<string>;

const runProgram: CommandRun = (file, args, env) => runChecked(file, args, { env });

/** LVM's commands on the volume group `group` (as root); `run` runs them (a test records them). */
export class LvmCommands implements LvmTool {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly group: string,
    private readonly run: CommandRun = runProgram,
  ) {
    this.env = {
      ...process.env,
      // Node's own pipes are not LVM's business; without the variable every command warns of them.
      LVM_SUPPRESS_FD_WARNINGS: '1',
    };
  }

  async check(): Promise<void> {
    // /proc/misc, not /dev/mapper/control: LVM makes that node even when the kernel has no driver.
    const misc = await readFile('/proc/misc', 'utf8').catch(() => '');
    if (!misc.includes('device-mapper')) {
      throw new BackendNotReady('the kernel has no device-mapper: LVM cannot work here');
    }
    if (!(await this.runs('lvm', ['version']))) {
      throw new BackendNotReady('lvm does not run (apt-get install lvm2)');
    }
    if (!(await this.runs('blkdiscard', ['--version']))) {
      throw new BackendNotReady('blkdiscard does not run (apt-get install util-linux)');
    }
    // Without udev running (a container), device-mapper makes the /dev nodes itself.
    if (!(await exists('/run/udev/control'))) this.env.DM_DISABLE_UDEV = '1';
    if (!(await this.runs('lvm', ['vgs', this.group]))) {
      throw new BackendNotReady(
        `Volume group ${this.group} does not exist (vgcreate ${this.group} <device>)`,
      );
    }
  }

  async groupSpace(): Promise<Space> {
    const [row] = await this.report<{ vg_size: string; vg_free: string }>('vgs', 'vg', [
      '-o',
      'vg_size,vg_free',
      this.group,
    ]);
    return { sizeBytes: Number(row.vg_size), freeBytes: Number(row.vg_free) };
  }

  async poolSpace(pool: string): Promise<Space | null> {
    const rows = await this.report<{ lv_name: string; lv_size: string; data_percent: string }>('lvs', 'lv', [
      '-o',
      'lv_name,lv_size,data_percent',
      this.group,
    ]);
    const row = rows.find(({ lv_name }) => lv_name === pool);
    if (!row) return null;
    const size = Number(row.lv_size);
    return { sizeBytes: size, freeBytes: Math.round(size * (1 - Number(row.data_percent || 0) / 100)) };
  }

  async createPool(pool: string): Promise<void> {
    await this.lvm(['lvcreate', '-y', '--type', 'thin-pool', '-l', '95%FREE', '-n', pool, this.group]);
  }

  async list(): Promise<LogicalVolume[]> {
    const rows = await this.report<{ lv_name: string; lv_size: string; lv_attr: string }>('lvs', 'lv', [
      '-o',
      'lv_name,lv_size,lv_attr',
      this.group,
    ]);
    // lv_attr's first letter: t a thin pool; hidden parts are named in brackets.
    return rows
      .filter((row) => !row.lv_attr.startsWith('t') && !row.lv_name.startsWith('['))
      .map((row) => ({ name: row.lv_name, sizeBytes: Number(row.lv_size) }));
  }

  async create(name: string, sizeBytes: number, pool: string | null): Promise<void> {
    const size = pool ? ['-V', `${sizeBytes}b`, '--thinpool', pool] : ['-L', `${sizeBytes}b`];
    // -Wy: no file system or RAID signature of an earlier LV on these extents shows in the new one.
    await this.lvm(['lvcreate', '-y', '-Wy', '-n', name, ...size, this.group]);
  }

  async snapshot(name: string, origin: string, cowBytes: number | null): Promise<void> {
    // A thin snapshot is made with "skip activation" set unless -kn says otherwise.
    const kind = cowBytes === null ? ['-kn'] : ['-L', `${cowBytes}b`];
    await this.lvm(['lvcreate', '-y', '-s', ...kind, '-n', name, `${this.group}/${origin}`]);
  }

  async extend(name: string, sizeBytes: number): Promise<void> {
    await this.lvm(['lvextend', '-L', `${sizeBytes}b`, `${this.group}/${name}`]);
  }

  async remove(name: string, wipe: boolean): Promise<void> {
    // BLKZEROOUT: the device zeroes it (a loop file punches holes) or the kernel writes zeroes.
    if (wipe) await this.run('blkdiscard', ['-z', this.devicePath(name)], this.env);
    await this.lvm(['lvremove', '-f', `${this.group}/${name}`]);
  }

  devicePath(name: string): string {
    return `/dev/${this.group}/${name}`;
  }

  private lvm(args: string[]): Promise<string> {
    return this.run('lvm', args, this.env);
  }

  private runs(file: string, args: string[]): Promise<boolean> {
    return this.run(file, args, this.env).then(
      () => true,
      () => false,
    );
  }

  private async report<Row>(command: string, key: string, args: string[]): Promise<Row[]> {
    const out = await this.lvm([command, '--reportformat', 'json', '--units', 'b', '--nosuffix', ...args]);
    return (JSON.parse(out) as LvmReport<Row>).report[0][key] ?? [];
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
