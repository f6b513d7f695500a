import { runCommand } from './run-command.js';

/** What `ldd` says a dynamic ELF file loads: the files found, and the names it could not find. */
export interface LddReport {
  found: string[];
  missing: string[];
}

/** Parses `ldd` output; a static binary ("not a dynamic executable") loads nothing. */
export function parseLddOutput(text: string): LddReport {
  const found: string[] = [];
  const missing: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    const arrow = /^(\S+) => (.+?)(?: \(0x[0-9a-f]+\))?$/.exec(line);
    if (arrow !== null) {
      if (arrow[2] === 'not found') missing.push(arrow[1]);
      else if (arrow[2].startsWith('/')) found.push(arrow[2]);
      continue;
    }
    // The dynamic loader itself is listed by its path alone; linux-vdso is in the kernel.
    const loader = /^(\/\S+) \(0x[0-9a-f]+\)$/.exec(line);
    if (loader !== null) found.push(loader[1]);
  }
  return { found, missing };
}

/**
 * Every shared library the given ELF files load, directly or not (ldd lists the whole closure),
 * as host paths. `libraryPath` is searched first (an unpacked package's private library
 * directory); the rest comes from the host, which must be the Debian release of the packages.
 */
export async function sharedLibraryClosure(
  elfFiles: readonly string[],
  libraryPath: readonly string[] = [],
): Promise<string[]> {
  const libraries = new Set<string>();
  for (const file of elfFiles) {
    const argv =
      libraryPath.length > 0
        ? ['env', `LD_LIBRARY_PATH=${libraryPath.join(':')}`, 'ldd', file]
        : ['ldd', file];
    const { stdout, stderr } = await runCommand(argv, { allowFailure: true });
    if (/not a dynamic executable/.test(stdout + stderr)) continue;
    const report = parseLddOutput(stdout);
    if (report.missing.length > 0) {
      throw new Error(`${file} needs ${report.missing.join(', ')}, found neither unpacked nor on this host`);
    }
    for (const library of report.found) libraries.add(library);
  }
  return [...libraries];
}
