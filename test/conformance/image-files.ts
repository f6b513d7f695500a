/**
 * The image files the CLI checks upload: a small qcow2 made by `qemu-img` (a real disk header,
 * so the cloud can read its virtual size) and a raw image of random bytes, with the digests
 * Glance reports for them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLines, runCommand } from './commands.js';

const QEMU_IMG = '/usr/bin/qemu-img';
const QCOW2_VIRTUAL_SIZE = 64 * 1024 * 1024;
const RAW_SIZE = 300 * 1024;

export interface ImageFile {
  path: string;
  diskFormat: 'qcow2' | 'raw';
  size: number;
  /** What Glance shows as `virtual_size`: the disk's size as the guest sees it. */
  virtualSize: number;
  /** `checksum`: MD5 of the bytes. */
  md5: string;
  /** `os_hash_value` with `os_hash_algo` sha512. */
  sha512: string;
}

function describeFile(path: string, diskFormat: ImageFile['diskFormat'], virtualSize: number): ImageFile {
  const bytes = readFileSync(path);
  return {
    path,
    diskFormat,
    size: bytes.length,
    virtualSize,
    md5: createHash('md5').update(bytes).digest('hex'),
    sha512: createHash('sha512').update(bytes).digest('hex'),
  };
}

/** Writes both files into a fresh folder `dir` under `parent` (the suite deletes it when done). */
export async function makeImageFiles(
  parent: string,
): Promise<{ dir: string; qcow2: ImageFile; raw: ImageFile }> {
  const dir = mkdtempSync(join(parent, 'conformance-images-'));
  const qcow2Path = join(dir, 'disk.qcow2');
  const made = await runCommand(
    QEMU_IMG,
    ['create', '-q', '-f', 'qcow2', qcow2Path, String(QCOW2_VIRTUAL_SIZE)],
    {
      timeoutMs: 30_000,
    },
  );
  if (made.status !== 0) {
    throw new Error(`qemu-img create failed: ${lastLines(made.stderr || made.stdout, 8)}`);
  }
  const rawPath = join(dir, 'disk.raw');
  writeFileSync(rawPath, randomBytes(RAW_SIZE));
  return {
    dir,
    qcow2: describeFile(qcow2Path, 'qcow2', QCOW2_VIRTUAL_SIZE),
    raw: describeFile(rawPath, 'raw', RAW_SIZE),
  };
}

/** Whether the file at `path` holds exactly the bytes of `image`. */
export function sameBytes(path: string, image: ImageFile): boolean {
  return readFileSync(path).equals(readFileSync(image.path));
}
