import { open } from 'node:fs/promises';

/** What the drivers read of a qcow2 header: read directly, so a capacity report spawns no qemu-img per file. */
export interface Qcow2Header {
  virtualSize: number;
  /** The backing file as written in the image (relative to the image's folder here), or null. */
  backingName: string | null;
}

const QCOW2_MAGIC = 0x514649fb; // "QFI\xfb"

/**
 * Reads the header of the qcow2 image at `path` (the format's fixed fields: magic at 0, backing
 * file offset at 8 and length at 16, virtual size at 24, all big-endian). Throws when the file is
 * not qcow2.
 */
export async function readQcow2Header(path: string): Promise<Qcow2Header> {
  const file = await open(path, 'r');
  try {
    const fixed = Buffer.alloc(32);
    await file.read(fixed, 0, fixed.length, 0);
    if (fixed.readUInt32BE(0) !== QCOW2_MAGIC) throw new Error(`${path} is not a qcow2 image`);
    const backingOffset = Number(fixed.readBigUInt64BE(8));
    const backingLength = fixed.readUInt32BE(16);
    let backingName: string | null = null;
    if (backingOffset !== 0 && backingLength > 0) {
      const name = Buffer.alloc(backingLength);
      await file.read(name, 0, backingLength, backingOffset);
      backingName = name.toString('utf8');
    }
    return { virtualSize: Number(fixed.readBigUInt64BE(24)), backingName };
  } finally {
    await file.close();
  }
}
