import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { StoreDataMissing, type ImageStore } from '../../../../src/image/stores/image-store.js';
import { FileStore } from '../../../../src/image/stores/file-store.js';
import { MemoryStore } from '../../../../src/image/stores/memory-store.js';
import { ObjectStoreImageStore } from '../../../../src/image/stores/object-store-image-store.js';
import { InjectTransport } from '../../../../src/common/clients/http-transport.js';
import { MEMBER_ACCOUNT, objectStoreTestApp } from '../../../helpers/object-store-app.js';

const KEY = '6e1b6c57-1f6d-4c5a-9c79-51f1f1b4a9d2';

async function* chunks(...parts: Array<Buffer | Error>): AsyncGenerator<Buffer> {
  for (const part of parts) {
    if (part instanceof Error) throw part;
    yield part;
  }
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

const directory = mkdtempSync(join(tmpdir(), 'stratus-image-store-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const swift = await objectStoreTestApp();
after(() => swift.close());
let containers = 0;

/** The object-store store over the object store test app, as its member; small sizes, so some images are segmented. */
function objectStoreStore(): ObjectStoreImageStore {
  return new ObjectStoreImageStore({
    swift: new InjectTransport(swift.app, '/object-store', {
      service: 'object-store',
      token: async () => 'member',
    }),
    account: async () => MEMBER_ACCOUNT,
    container: `glance-${++containers}`,
    largeObjectSize: 8,
    largeObjectChunkSize: 3,
  });
}

const implementations: Array<[string, () => ImageStore]> = [
  ['file', () => new FileStore(join(directory, String(Math.random())))],
  ['memory', () => new MemoryStore()],
  ['object-store', objectStoreStore],
];

// One contract, every implementation.
for (const [name, make] of implementations) {
  describe(`${name} image store`, () => {
    test('what is written is read back, whole or a range', async () => {
      const store = make();
      const size = await store.write(KEY, chunks(Buffer.from('hello '), Buffer.from('world')));
      assert.equal(size, 11);
      assert.equal((await readAll(await store.read(KEY))).toString(), 'hello world');
      assert.equal((await readAll(await store.read(KEY, { start: 6, end: 10 }))).toString(), 'world');
    });

    test('a write that fails leaves nothing; missing data is StoreDataMissing', async () => {
      const store = make();
      await assert.rejects(
        store.write(KEY, chunks(Buffer.from('half'), new Error('client went away'))),
        /client went away/,
      );
      await assert.rejects(store.read(KEY), StoreDataMissing);
    });

    test('a new write replaces the data; delete removes it and may repeat', async () => {
      const store = make();
      await store.write(KEY, chunks(Buffer.from('one')));
      await store.write(KEY, chunks(Buffer.from('two')));
      assert.equal((await readAll(await store.read(KEY))).toString(), 'two');
      await store.delete(KEY);
      await store.delete(KEY);
      await assert.rejects(store.read(KEY), StoreDataMissing);
    });
  });
}

test('the file store leaves no temporary file behind, after success or failure', async () => {
  const path = join(directory, 'tidy');
  const store = new FileStore(path);
  await store.write(KEY, chunks(Buffer.from('data')));
  await assert.rejects(store.write('other', chunks(new Error('broken'))));
  assert.deepEqual(readdirSync(path), [KEY]);
});

test('the file store refuses keys that could leave its directory', async () => {
  const store = new FileStore(join(directory, 'safe'));
  await assert.rejects(store.write('../escape', chunks(Buffer.from('x'))), /bad store key/);
});
