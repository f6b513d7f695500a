import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readModuleDependencies } from './kernel-module-info.js';

/**
 * What modules.dep says: for each module (by its path under /lib/modules/<version>/) the
 * modules it needs, also by path.
 */
export type ModulesDep = Map<string, string[]>;

/** A module's name as the kernel knows it: the file's base name, dashes folded to underscores. */
export function moduleName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.ko(\.(xz|gz|zst))?$/, '');
  return base.replaceAll('-', '_');
}

/** Parses the text of a modules.dep file (`path: dependency-path ...` lines). */
export function parseModulesDep(text: string): ModulesDep {
  const dep: ModulesDep = new Map();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const needs = line.slice(colon + 1).trim();
    dep.set(line.slice(0, colon).trim(), needs === '' ? [] : needs.split(/\s+/));
  }
  return dep;
}

/**
 * The modules.dep text for `dep`, as depmod writes it: each module's every dependency, direct or
 * not, listed so that loading from the last one back works (what busybox `modprobe` expects
 * inside the guest).
 */
export function formatModulesDep(dep: ModulesDep): string {
  return [...dep.keys()]
    .map((path) => {
      const needs = loadOrderOfPaths([path], dep).slice(0, -1).reverse();
      return `${[`${path}:`, ...needs].join(' ')}\n`;
    })
    .join('');
}

/**
 * The module paths to load, in an order where each comes after everything it needs, for the
 * wanted modules (by name) in the order given. A wanted module the kernel does not have as a
 * module is an error: a typo or a kernel that builds it in deserves a look, not a silent skip.
 */
export function moduleLoadOrder(wanted: readonly string[], dep: ModulesDep): string[] {
  const pathByName = new Map([...dep.keys()].map((path) => [moduleName(path), path]));
  const paths = wanted.map((name) => {
    const path = pathByName.get(name.replaceAll('-', '_'));
    if (path === undefined) throw new Error(`the kernel has no module ${name}`);
    return path;
  });
  return loadOrderOfPaths(paths, dep);
}

function loadOrderOfPaths(paths: readonly string[], dep: ModulesDep): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (path: string) => {
    if (order.includes(path)) return;
    if (visiting.has(path)) throw new Error(`kernel modules depend on each other in a loop at ${path}`);
    visiting.add(path);
    for (const need of dep.get(path) ?? []) visit(need);
    visiting.delete(path);
    order.push(path);
  };
  for (const path of paths) visit(path);
  return order;
}

/**
 * Builds modules.dep for the `wanted` modules of an unpacked kernel's module tree (`moduleDir` =
 * /lib/modules/<version>) and everything they need, from each module's own `depends=` as depmod
 * does; only those files are read.
 */
export async function indexKernelModules(moduleDir: string, wanted: readonly string[]): Promise<ModulesDep> {
  const files = (await readdir(join(moduleDir, 'kernel'), { recursive: true })).filter((file) =>
    file.endsWith('.ko'),
  );
  const pathByName = new Map(files.map((file) => [moduleName(file), join('kernel', file)]));
  const dep: ModulesDep = new Map();
  const pending = wanted.map((name) => name.replaceAll('-', '_'));
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    const path = pathByName.get(name);
    if (path === undefined) throw new Error(`the kernel package has no module ${name}`);
    if (dep.has(path)) continue;
    // depends= spells names as the files are named (t10-pi), the kernel folds dashes.
    const needs = (await readModuleDependencies(join(moduleDir, path))).map((need) =>
      need.replaceAll('-', '_'),
    );
    dep.set(
      path,
      needs.map((need) => pathByName.get(need) ?? need),
    );
    pending.push(...needs);
  }
  return dep;
}
