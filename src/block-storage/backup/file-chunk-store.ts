import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSegment, type BackupChunkStore } from './chunk-store.js';

/**
 * Backup objects as files, `<root>/<prefix>/<name>` (Cinder's posix backup driver). Each object
 * is written to a temporary name and renamed, so a crash never leaves a torn object.
 */
export class FileChunkStore implements BackupChunkStore {
  constructor(private readonly root: string) {}

  async put(prefix: string, name: string, data: Buffer): Promise<void> {
    const folder = join(this.root, checkSegment(prefix));
    await mkdir(folder, { recursive: true });
    const path = join(folder, checkSegment(name));
    await writeFile(`${path}.partial`, data);
    await rename(`${path}.partial`, path);
  }

  get(prefix: string, name: string): Promise<Buffer> {
    return readFile(join(this.root, checkSegment(prefix), checkSegment(name)));
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(join(this.root, checkSegment(prefix)), { recursive: true, force: true });
  }
}
