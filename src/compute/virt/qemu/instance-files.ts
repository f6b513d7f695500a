import { join } from 'node:path';

/**
 * The files of one instance under `<instancesDir>/<uuid>/`, named as Nova's libvirt driver names
 * its own where there is one (`disk.local`, `disk.swap`, `disk.config`, `disk.rescue`).
 */
export class InstanceFiles {
  constructor(readonly dir: string) {}

  static of(instancesDir: string, uuid: string): InstanceFiles {
    return new InstanceFiles(join(instancesDir, uuid));
  }

  get rootDisk(): string {
    return join(this.dir, 'disk.qcow2');
  }
  get ephemeralDisk(): string {
    return join(this.dir, 'disk.local');
  }
  get swapDisk(): string {
    return join(this.dir, 'disk.swap');
  }
  get configDrive(): string {
    return join(this.dir, 'disk.config');
  }
  get rescueDisk(): string {
    return join(this.dir, 'disk.rescue');
  }
  /** The serial console, appended to across restarts of the guest. */
  get consoleLog(): string {
    return join(this.dir, 'console.log');
  }
  get qmpSocket(): string {
    return join(this.dir, 'qmp.sock');
  }
  get pidFile(): string {
    return join(this.dir, 'pid');
  }
  get record(): string {
    return join(this.dir, 'guest.json');
  }
  /** The guest's memory while it is suspended. */
  get savedState(): string {
    return join(this.dir, 'suspended.state');
  }
}
