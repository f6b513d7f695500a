import { mkdir, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../../../src/common/run-command.js';
import type { LogicalVolume, LvmTool, Space } from '../../../src/block-storage/drivers/lvm/lvm-tool.js';

/**
 * A volume group stand-in for hosts without device-mapper: each LV is a sparse file of its size in
 * a folder, a snapshot a sparse copy, and the group a fixed size. It lets the contract run the lvm
 * driver's own logic everywhere; `LvmCommands` itself runs on a loop device in the e2e suite.
 */
export class FileBackedLvm implements LvmTool {
  private poolBytes: number | null = null;
  /** The LVs removed with `wipe`, in order. */
  readonly wiped: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly groupBytes = 64 * 1024 ** 3,
  ) {}

  async check(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  async groupSpace(): Promise<Space> {
    const thick = this.poolBytes === null ? await this.allocated() : this.poolBytes;
    return { sizeBytes: this.groupBytes, freeBytes: this.groupBytes - thick };
  }

  async poolSpace(_pool: string): Promise<Space | null> {
    if (this.poolBytes === null) return null;
    // A thin pool uses what was written: the files' allocated blocks.
    let used = 0;
    for (const name of await readdir(this.dir)) used += (await stat(join(this.dir, name))).blocks * 512;
    return { sizeBytes: this.poolBytes, freeBytes: this.poolBytes - used };
  }

  async createPool(_pool: string): Promise<void> {
    this.poolBytes = Math.floor(this.groupBytes * 0.95);
  }

  async list(): Promise<LogicalVolume[]> {
    const volumes: LogicalVolume[] = [];
    for (const name of await readdir(this.dir)) {
      volumes.push({ name, sizeBytes: (await stat(join(this.dir, name))).size });
    }
    return volumes;
  }

  async create(name: string, sizeBytes: number, _pool: string | null): Promise<void> {
    const file = await open(this.devicePath(name), 'wx');
    await file.truncate(sizeBytes);
    await file.close();
  }

  async snapshot(name: string, origin: string, _cowBytes: number | null): Promise<void> {
    await runChecked('cp', ['--sparse=always', this.devicePath(origin), this.devicePath(name)]);
  }

  async extend(name: string, sizeBytes: number): Promise<void> {
    await truncate(this.devicePath(name), sizeBytes);
  }

  async remove(name: string, wipe: boolean): Promise<void> {
    if (wipe) this.wiped.push(name);
    await rm(this.devicePath(name));
  }

  devicePath(name: string): string {
    return join(this.dir, name);
  }

  private async allocated(): Promise<number> {
    return (await this.list()).reduce((sum, { sizeBytes }) => sum + sizeBytes, 0);
  }
}
