import { posix } from 'node:path';
import type { CpioEntry } from './cpio-newc.js';

/**
 * The files of the guest's root filesystem, gathered in memory before they are written as one
 * cpio archive. Parent directories are added on the way (root-owned, 0755), and a later entry
 * for a path replaces the earlier one, so the build can overlay its own files on unpacked
 * packages.
 */
export class InitramfsTree {
  private readonly byPath = new Map<string, CpioEntry>();

  directory(path: string, mode = 0o755, owner: { uid: number; gid: number } = root): this {
    this.parents(path);
    this.byPath.set(path, { kind: 'directory', path, mode, ...owner });
    return this;
  }

  file(path: string, data: Buffer | string, mode = 0o644, owner: { uid: number; gid: number } = root): this {
    this.parents(path);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.byPath.set(path, { kind: 'file', path, mode, data: bytes, ...owner });
    return this;
  }

  symlink(path: string, target: string): this {
    this.parents(path);
    this.byPath.set(path, { kind: 'symlink', path, target });
    return this;
  }

  charDevice(path: string, mode: number, major: number, minor: number): this {
    this.parents(path);
    this.byPath.set(path, { kind: 'char-device', path, mode, major, minor });
    return this;
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /** Every entry, each directory before what it holds (the order the kernel unpacks them in). */
  entries(): CpioEntry[] {
    return [...this.byPath.values()].sort((a, b) => depth(a.path) - depth(b.path));
  }

  private parents(path: string): void {
    if (!path.startsWith('/')) throw new Error(`initramfs paths are absolute: ${path}`);
    const parent = posix.dirname(path);
    if (parent === '/' || this.byPath.has(parent)) return;
    this.parents(parent);
    this.byPath.set(parent, { kind: 'directory', path: parent, mode: 0o755 });
  }
}

const root = { uid: 0, gid: 0 };

function depth(path: string): number {
  return path.split('/').length;
}
