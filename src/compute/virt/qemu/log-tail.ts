import { open } from 'node:fs/promises';

/** The last `maxBytes` of the file as text; empty when there is no file yet. */
export async function readLogTail(path: string, maxBytes: number): Promise<string> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, maxBytes);
    const { buffer } = await file.read(Buffer.alloc(length), 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await file.close();
  }
}
