import { existsSync, mkdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
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

/** Whether a server looks after `device`: every device of its node, or only those of its share. */
export function looksAfter(device: string, only?: readonly string[]): boolean {
  return only === undefined || only.includes(device);
}

const existing = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EEXIST') throw error;
};

/**
 * mkdir -p of a folder on a device, one level at a time below the device's folder: a device
 * removed meanwhile fails it (ENOENT), where a recursive mkdir would make the device again, a
 * plain folder on the root disk that the node would then take for the device.
 */
export async function makeFolderOnDevice(devicePath: string, folder: string): Promise<void> {
  let path = devicePath;
  for (const part of relative(devicePath, folder).split(sep)) {
    path = join(path, part);
    await mkdir(path).catch(existing);
  }
}

/**
 * makeFolderOnDevice, synchronously (for the database files, made synchronously, and the object
 * folders of writes). Only the missing levels are made: a write into an existing suffix makes one
 * folder. The parent is looked for first (existsSync answers without an Error) rather than found
 * missing by a failed mkdir: most new objects of a device with many partitions are the first of
 * their suffix, and an ENOENT Error, with its stack, costs more than the look.
 */
export function makeFolderOnDeviceSync(devicePath: string, folder: string): void {
  const parent = dirname(folder);
  if (parent !== devicePath && !existsSync(parent)) {
    // The device folder itself is never made: a device gone fails the write (ENOENT).
    if (relative(devicePath, parent).startsWith('..')) throw missingFolder(parent);
    makeFolderOnDeviceSync(devicePath, parent);
  }
  try {
    mkdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function missingFolder(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no such file or directory, mkdir '${path}'`), {
    code: 'ENOENT',
    path,
  });
}
