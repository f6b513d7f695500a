import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The first folder on the way to `dir` (itself included) that other users may not search (no
 * o+x), or null when every one is open. dnsmasq drops its privileges to `nobody` and re-reads its
 * hosts files from under `dir`: behind such a folder it serves no address at all, silently.
 */
export function firstUnsearchableFolder(dir: string): string | null {
  const folders: string[] = [];
  for (let folder = resolve(dir); ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  return folders.find((folder) => (statSync(folder).mode & 0o001) === 0) ?? null;
}
