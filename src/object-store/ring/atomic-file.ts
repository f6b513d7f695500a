import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Makes a written file or a rename durable: fsync of the folder that holds the name. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `data` to a temporary file beside `path` and fsyncs it; returns the temporary name. */
async function writeTemporary(path: string, data: string, mode: number): Promise<string> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  return temporary;
}

/**
 * Replaces `path` with `data` so a reader sees the old file or the new one, never a torn one,
 * and the new one survives a crash once this resolves (temporary file, fsync, rename, fsync of
 * the folder). A running proxy reloading the ring relies on it.
 */
export async function replaceFileAtomically(path: string, data: string, mode = 0o644): Promise<void> {
  const temporary = await writeTemporary(path, data, mode);
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

/**
 * Creates `path` with `data` only when nothing is there yet, whole or not at all: a hard link
 * of the finished temporary file fails when another process made the file first. Returns
 * whether this call made it.
 */
export async function createFileAtomically(path: string, data: string, mode = 0o644): Promise<boolean> {
  const temporary = await writeTemporary(path, data, mode);
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  await syncFolder(dirname(path));
  return true;
}
