import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { InjectTransport, type ServiceTransport } from '../../../../src/common/clients/http-transport.js';
import { StoreDataMissing } from '../../../../src/image/stores/image-store.js';
import { ObjectStoreImageStore } from '../../../../src/image/stores/object-store-image-store.js';
import { serviceAccount } from '../../../../src/image/stores/service-account.js';
import { MEMBER_ACCOUNT, objectStoreTestApp } from '../../../helpers/object-store-app.js';

const KEY = '0f5c1a9e-8d57-4a52-9d8e-3c6c7d5b2f11';

const swift = await objectStoreTestApp();
after(() => swift.close());

function store(container: string) {
  return new ObjectStoreImageStore({
    swift: new InjectTransport(swift.app, '/object-store', {
      service: 'object-store',
      token: async () => 'member',
    }),
    account: async () => MEMBER_ACCOUNT,
    container,
    largeObjectSize: 10,
    largeObjectChunkSize: 4,
  });
}

/** The data in chunks of `size` bytes, as an upload arrives. */
async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let start = 0; start < data.length; start += size) yield data.subarray(start, start + size);
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

async function names(container: string): Promise<string[]> {
  const answer = await swift.request('GET', `/${container}`);
  return answer.statusCode === 404 ? [] : answer.body.split('\n').filter(Boolean);
}

test('an image under the large object size is one object named by its id in the container', async () => {
  const data = randomBytes(9);
  assert.equal(await store('small').write(KEY, chunked(data, 4)), 9);
  assert.deepEqual(await names('small'), [KEY]);
  const object = await swift.request('GET', `/small/${KEY}`);
  assert.equal(object.statusCode, 200);
  assert.ok(object.rawPayload.equals(data));
});

test('a larger image is a dynamic large object of segments, read back whole or in part', async () => {
  const images = store('large');
  const data = randomBytes(23);
  assert.equal(await images.write(KEY, chunked(data, 3)), 23);
  // The first 10 bytes, then segments of 4, as glance_store names them.
  assert.deepEqual(await names('large'), [KEY, ...[1, 2, 3, 4, 5].map((n) => `${KEY}-0000${n}`)]);
  const manifest = await swift.request('HEAD', `/large/${KEY}`);
  assert.equal(manifest.headers['x-object-manifest'], `large/${KEY}-`);
  assert.equal(manifest.headers['content-length'], '23');
  assert.ok((await readAll(await images.read(KEY))).equals(data));
  assert.ok((await readAll(await images.read(KEY, { start: 8, end: 15 }))).equals(data.subarray(8, 16)));

  await images.delete(KEY);
  assert.deepEqual(await names('large'), []);
  await assert.rejects(images.read(KEY), StoreDataMissing);
});

test('an upload that fails part way leaves no object and no segment, and its error is rethrown', async () => {
  const refused = new Error('image too large');
  async function* failing() {
    yield* chunked(randomBytes(18), 6);
    throw refused;
  }
  await assert.rejects(store('broken').write(KEY, failing()), (error) => error === refused);
  assert.deepEqual(await names('broken'), []);
});

test('the service account is that of the project of the services token, asked for once', async () => {
  const asked: string[] = [];
  const identity = {
    request: async (_method: string, _path: string, options?: { headers?: Record<string, string> }) => {
      asked.push(options!.headers!['x-subject-token']);
      return { status: 200, headers: {}, body: { token: { project: { id: 'service-project' } } } };
    },
  } as unknown as ServiceTransport;
  const account = serviceAccount(identity, async () => 'services-token');
  assert.equal(await account(), 'AUTH_service-project');
  assert.equal(await account(), 'AUTH_service-project');
  assert.deepEqual(asked, ['services-token']);
});
