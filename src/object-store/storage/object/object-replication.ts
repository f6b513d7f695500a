import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Device } from '../device.js';
import type { StorageRequest, StorageResponse } from '../storage-protocol.js';
import { respond, StorageError } from '../storage-response.js';
import type { ObjectContext } from './object-context.js';
import { CorruptObjectFile, decodeHead } from './object-file-format.js';
import { parseObjectFileName, sortObjectFiles } from './object-files.js';
import { publishFile } from './object-file-writer.js';
import { listObjectFolder } from './object-reader.js';
import { isSuffix } from './suffix-hashes.js';
import { temporaryName } from '../temporary-name.js';

const OBJECT_HASH = /^[0-9a-f]{32}$/;

/**
 * Swift's object-server REPLICATE, in two forms (the path's third part is `account`):
 * - `REPLICATE /<dev>/<part>/<suffix-suffix...>`: the partition's suffix hashes as JSON, those
 *   suffixes computed again first (Swift answers a pickle; the meaning is the same).
 * - `REPLICATE /<dev>/<part>/<suffix>/<hash>/<file>` with the file's bytes: one object file
 *   pushed by a peer's replicator (what rsync does for Swift), kept only when it is newer than
 *   the object's state here; files it makes obsolete are removed.
 */
export function replicateObjects(
  context: ObjectContext,
  request: StorageRequest,
  device: Device,
): Promise<StorageResponse> {
  const partitionPath = join(device.path, 'objects', String(request.partition));
  if (request.container === undefined) return suffixHashes(context, partitionPath, request.account);
  return receiveFile(context, request, device, partitionPath);
}

async function suffixHashes(
  context: ObjectContext,
  partitionPath: string,
  suffixes: string,
): Promise<StorageResponse> {
  const recalculate = suffixes === '' ? [] : suffixes.split('-');
  if (!recalculate.every(isSuffix)) throw new StorageError(400, 'Invalid suffixes');
  const hashes = await context.hashes.get(partitionPath, recalculate);
  return respond(200, { 'content-type': 'application/json' }, JSON.stringify(hashes));
}

async function receiveFile(
  context: ObjectContext,
  request: StorageRequest,
  device: Device,
  partitionPath: string,
): Promise<StorageResponse> {
  const { account: suffix, container: hash, object: name = '' } = request;
  if (!isSuffix(suffix) || !hash || !OBJECT_HASH.test(hash) || !hash.endsWith(suffix))
    throw new StorageError(400, 'Invalid object hash');
  if (!parseObjectFileName(name)) throw new StorageError(400, 'Invalid object file name');
  const folder = join(partitionPath, suffix, hash);
  const tmp = await device.tmpFolder();

  return context.locks.run(folder, async () => {
    const names = await listObjectFolder(folder);
    if (names.includes(name)) return respond(200, {}, 'Already there');
    const after = sortObjectFiles([...names, name]);
    if (after.obsolete.some((file) => file.name === name)) return respond(200, {}, 'Older');
    const path = join(tmp, temporaryName('.tmp'));
    await writeVerified(path, request.body);
    await publishFile({ path, etag: '', bytes: 0 }, join(folder, name), device.path, names.length > 0);
    context.hashes.invalidate(partitionPath, suffix);
    await context.cleanup({ folder }, names, name);
    return respond(201, {});
  });
}

/** Writes the pushed bytes to `path` and syncs them; refuses a body that is no object file. */
async function writeVerified(path: string, body: StorageRequest['body']): Promise<void> {
  const file = await open(path, 'wx', 0o600);
  try {
    const chunks: AsyncIterable<Buffer> | Buffer[] =
      Buffer.isBuffer(body) || !body ? [body ?? Buffer.alloc(0)] : body;
    let head = Buffer.alloc(0);
    let checked = false;
    for await (const chunk of chunks) {
      if (!checked) {
        head = Buffer.concat([head, chunk]);
        const decoded = decodeHead(head);
        checked = !('needBytes' in decoded);
      }
      await file.write(chunk);
    }
    if (!checked) throw new CorruptObjectFile('truncated object file');
    await file.datasync();
    await file.close();
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(path, { force: true });
    if (error instanceof CorruptObjectFile) throw new StorageError(422, error.message);
    throw error;
  }
}
