import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import type { ImageSource } from '../../../../src/compute/virt/qemu/image-cache.js';

function findSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (QEMU opens TAP devices)';
  for (const tool of ['qemu-system-x86_64', 'qemu-img']) {
    const result = spawnSync(tool, ['--version'], { stdio: 'ignore' });
    if (result.error || result.status !== 0)
      return `${tool} does not run (apt-get install qemu-system-x86 qemu-utils)`;
  }
  return false;
}

/** Why the tests that run real QEMU guests cannot run here, or false when they can. */
export const qemuSkipReason = findSkipReason();

/** An image source that serves the same bytes for every image id, with their MD5 as Glance gives it. */
export function fixedImageSource(bytes: Buffer): ImageSource & { downloads: number } {
  const checksum = createHash('md5').update(bytes).digest('hex');
  const source = {
    downloads: 0,
    async download() {
      source.downloads += 1;
      return { data: Readable.from([bytes]), size: bytes.length, checksum };
    },
  };
  return source;
}

/** A blank 1 MiB raw disk: the guest finds nothing to boot and sits in SeaBIOS, enough for lifecycles. */
export const blankDisk = () => Buffer.alloc(1024 * 1024);

/**
 * A raw disk whose boot sector prints `message` on the first serial port and halts: a guest that
 * proves it ran, in its console log.
 */
export function serialHelloDisk(message: string): Buffer {
  const disk = Buffer.alloc(1024 * 1024);
  const code = [
    ...[0x31, 0xc0, 0x8e, 0xd8], // xor ax, ax; mov ds, ax
    ...[0xbe, 0x15, 0x7c], // mov si, message (0x7c15)
    ...[0xba, 0xf8, 0x03], // mov dx, 0x3f8 (COM1)
    ...[0xac, 0x84, 0xc0, 0x74, 0x03, 0xee, 0xeb, 0xf8], // next: lodsb; test al, al; jz done; out dx, al; jmp next
    ...[0xf4, 0xeb, 0xfd], // done: hlt; jmp done
  ];
  Buffer.from(code).copy(disk);
  Buffer.from(`${message}\r\n\0`, 'latin1').copy(disk, code.length);
  disk[510] = 0x55;
  disk[511] = 0xaa;
  return disk;
}
