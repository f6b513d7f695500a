import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';

/** The folders of the `@novnc/novnc` package the browser loads ES modules from. */
export const NOVNC_FOLDERS = ['core', 'vendor'] as const;

/** Errors that mean the path names no file. */
const MISSING = new Set(['ENOENT', 'EISDIR', 'ENOTDIR']);

/**
 * The installed `@novnc/novnc` package's folder. Its `exports` names only `core/rfb.js`, so the
 * folder is found from that file rather than from `package.json`.
 */
export function novncPackageDir(): string {
  return dirname(dirname(createRequire(import.meta.url).resolve('@novnc/novnc')));
}

/**
 * A JavaScript file of noVNC under `folder`, or undefined when `file` names anything else: only
 * `.js` files inside the folder are served, whatever `..` or encoded separators the path holds.
 */
export async function readNovncFile(
  packageDir: string,
  folder: (typeof NOVNC_FOLDERS)[number],
  file: string,
): Promise<Buffer | undefined> {
  const root = resolve(packageDir, folder);
  const path = resolve(root, file);
  if (!path.startsWith(root + sep) || !path.endsWith('.js')) return undefined;
  try {
    return await readFile(path);
  } catch (error) {
    if (MISSING.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}
