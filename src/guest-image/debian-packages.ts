import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './run-command.js';

/** A package the build takes from Debian's mirror, as apt names it and where it is cached. */
export interface DebianPackage {
  name: string;
  version: string;
  debPath: string;
}

/** The versioned kernel package a meta-package (linux-image-amd64) stands for. */
export function kernelPackageFromDepends(aptCacheDependsOutput: string): string {
  const match = /^\s*Depends:\s*(linux-image-\d[^\s]*)/m.exec(aptCacheDependsOutput);
  if (match === null) throw new Error(`no versioned kernel in: ${aptCacheDependsOutput.trim()}`);
  return match[1];
}

export async function resolveKernelPackage(metaPackage: string): Promise<string> {
  const { stdout } = await runCommand(['apt-cache', 'depends', metaPackage]);
  return kernelPackageFromDepends(stdout);
}

/** The candidate version and architecture apt would download, from the local package lists. */
async function candidate(name: string): Promise<{ version: string; architecture: string }> {
  const { stdout } = await runCommand(['apt-cache', 'show', '--no-all-versions', name]);
  const field = (key: string) => new RegExp(`^${key}: (.+)$`, 'm').exec(stdout)?.[1].trim();
  const version = field('Version');
  const architecture = field('Architecture');
  if (version === undefined || architecture === undefined) throw new Error(`apt knows no package ${name}`);
  return { version, architecture };
}

/**
 * The .deb of each package's candidate version, downloaded with `apt-get download` (no root
 * needed) into `cacheDir` unless already there: a second build asks apt only its local lists.
 * Each download lands in a private directory first and is renamed in, so a build that stops
 * half-way or runs beside another never leaves a partial .deb under a final name.
 */
export async function fetchDebianPackages(
  names: readonly string[],
  cacheDir: string,
): Promise<DebianPackage[]> {
  await mkdir(cacheDir, { recursive: true });
  const cached = new Set(await readdir(cacheDir));
  const packages: DebianPackage[] = [];
  const missing: DebianPackage[] = [];
  for (const name of names) {
    const { version, architecture } = await candidate(name);
    // apt-get names the file so, escaping an epoch's colon.
    const file = `${name}_${version.replace(':', '%3a')}_${architecture}.deb`;
    const entry = { name, version, debPath: join(cacheDir, file) };
    packages.push(entry);
    if (!cached.has(file)) missing.push(entry);
  }
  if (missing.length > 0) {
    const staging = await mkdtemp(join(cacheDir, '.download-'));
    try {
      await runCommand(['apt-get', 'download', ...missing.map((p) => `${p.name}=${p.version}`)], {
        cwd: staging,
      });
      for (const entry of missing) {
        const file = entry.debPath.slice(cacheDir.length + 1);
        await rename(join(staging, file), entry.debPath);
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return packages;
}

/** Unpacks a .deb's files under `dir` (dpkg-deb -x: no maintainer scripts, no root). */
export async function unpackDebianPackage(debPath: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await runCommand(['dpkg-deb', '-x', debPath, dir]);
}
