import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { insufficientStorage } from './storage-response.js';

/**
 * One device (disk) of a node: a folder under the devices root. Swift checks that it is there on
 * every request (`check_dir`) so a removed or unmounted device answers 507 and the proxy hands
 * off, instead of writing into a folder mkdir made again.
 */
export class Device {
  private tmpReady: Promise<string> | undefined;

  constructor(
    readonly name: string,
    readonly path: string,
  ) {}

  get present(): boolean {
    return statSync(this.path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  }

  /** `<device>/tmp`, where files are written before they are renamed into place. */
  tmpFolder(): Promise<string> {
    this.tmpReady ??= (async () => {
      const folder = join(this.path, 'tmp');
      try {
        await mkdir(folder);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw insufficientStorage(this.name);
        if (code !== 'EEXIST') throw error;
      }
      return folder;
    })();
    this.tmpReady.catch(() => (this.tmpReady = undefined));
    return this.tmpReady;
  }

  /** Forgets what was made on it: the folder was removed and may come back empty. */
  reset(): void {
    this.tmpReady = undefined;
  }
}
