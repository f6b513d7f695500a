import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, PROJECTS, type ImageTestApp } from '../../../helpers/image-app.js';
import type { MemoryStore } from '../../../../src/image/stores/memory-store.js';
import { craftQcow2 } from '../format-inspection/images.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../../../src/image/stores/file-store.js';

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('hex');

describe('image data: upload and download', () => {
  let image: ImageTestApp;
  const data = randomBytes(200_000);
  let id: string;
  before(async () => {
    image = await imageTestApp();
    id = (await image.createImage('member', { name: 'data' })).id as string;
    const uploaded = await image.upload('member', id, data);
    assert.equal(uploaded.statusCode, 204, uploaded.body);
  });
  after(() => image.close());

  test('an upload makes the image active with its size, MD5 and SHA-512, and the store holding it', async () => {
    const shown = (await image.request('GET', `/v2/images/${id}`, 'member')).json();
    assert.equal(shown.status, 'active');
    assert.equal(shown.size, data.length);
    assert.equal(shown.virtual_size, data.length, 'raw: the virtual size is the size');
    assert.equal(shown.checksum, md5(data));
    assert.equal(shown.os_hash_algo, 'sha512');
    assert.equal(shown.os_hash_value, sha512(data));
    assert.equal(shown.stores, 'file');
    assert.ok(Buffer.from((image.store as MemoryStore).blobs.get(id)!).equals(data));
  });

  test('a download gives the bytes back with Content-MD5 and Content-Length', async () => {
    const response = await image.request('GET', `/v2/images/${id}/file`, 'member');
    assert.equal(response.statusCode, 200);
    assert.ok(response.rawPayload.equals(data), 'byte for byte');
    assert.equal(response.headers['content-type'], 'application/octet-stream');
    assert.equal(response.headers['content-md5'], md5(data), 'hex, as Glance and its clients use it');
    assert.equal(response.headers['content-length'], String(data.length));
  });

  test('one range is served with 206 and Content-Range', async () => {
    const cases: Array<[string, number, number]> = [
      ['bytes=10-19', 10, 19],
      ['bytes=199990-', 199990, 199999],
      ['bytes=-5', 199995, 199999],
      ['bytes=100-9999999', 100, 199999],
      ['bytes=-9999999', 0, 199999],
    ];
    for (const [range, start, end] of cases) {
      const response = await image.request('GET', `/v2/images/${id}/file`, 'member', undefined, { range });
      assert.equal(response.statusCode, 206, range);
      assert.equal(response.headers['content-range'], `bytes ${start}-${end}/${data.length}`);
      assert.equal(response.headers['content-length'], String(end - start + 1));
      assert.ok(response.rawPayload.equals(data.subarray(start, end + 1)), range);
    }
  });

  test('unsatisfiable or malformed ranges are 416, several ranges 400', async () => {
    const past = await image.request('GET', `/v2/images/${id}/file`, 'member', undefined, {
      range: 'bytes=200000-',
    });
    assert.equal(past.statusCode, 416);
    assert.equal(
      past.json().message,
      'The Range requested is not available.<br /><br />\nInvalid start position in Range header. Start position MUST be in the inclusive range [0, 199999].\n\n',
    );
    for (const range of ['bytes=20-10', 'pages=1-2']) {
      const bad = await image.request('GET', `/v2/images/${id}/file`, 'member', undefined, { range });
      assert.equal(bad.statusCode, 416, range);
      assert.match(bad.json().message, /Invalid Range header./);
    }
    const several = await image.request('GET', `/v2/images/${id}/file`, 'member', undefined, {
      range: 'bytes=0-1,5-6',
    });
    assert.equal(several.statusCode, 400);
    assert.match(several.json().message, /^Requests with multiple ranges are not supported in Glance./);
  });

  test('an image without data answers 204', async () => {
    const empty = (await image.createImage('member')).id as string;
    const response = await image.request('GET', `/v2/images/${empty}/file`, 'member');
    assert.equal(response.statusCode, 204);
    assert.equal(response.rawPayload.length, 0);
  });

  test('data goes in once: another upload to an active image is a conflict', async () => {
    const again = await image.upload('member', id, 'more');
    assert.equal(again.statusCode, 409);
    assert.match(again.json().message, /^Image status transition from active to saving is not allowed/);
  });

  test('who may upload and download', async () => {
    const target = (await image.createImage('member', { visibility: 'private' })).id as string;
    const byReader = await image.upload('reader', target, 'x');
    assert.equal(byReader.statusCode, 403);
    assert.match(byReader.json().message, /^You are not authorized to complete upload_image action./);
    assert.equal((await image.upload('other', target, 'x')).statusCode, 404);
    const readerDownload = await image.request('GET', `/v2/images/${id}/file`, 'reader');
    assert.equal(readerDownload.statusCode, 403);
    assert.match(readerDownload.json().message, /^You are not authorized to complete download_image action./);
    assert.equal((await image.request('GET', `/v2/images/${id}/file`, 'other')).statusCode, 404);
  });

  test('an upload may name the file store, and no other', async () => {
    const target = (await image.createImage('member')).id as string;
    const headers = { 'content-type': 'application/octet-stream' };
    const elsewhere = await image.request('PUT', `/v2/images/${target}/file`, 'member', Buffer.from('x'), {
      ...headers,
      'x-image-meta-store': 'ceph',
    });
    assert.equal(elsewhere.statusCode, 400);
    assert.match(elsewhere.json().message, /^Unknown scheme 'ceph' found in URI/);
    const named = await image.request('PUT', `/v2/images/${target}/file`, 'member', Buffer.from('x'), {
      ...headers,
      'x-image-meta-store': 'file',
    });
    assert.equal(named.statusCode, 204);
  });

  test('formats must be set first; only octet-stream is data', async () => {
    const bare = (await image.createImage('member', { disk_format: null, container_format: null }))
      .id as string;
    const noFormats = await image.upload('member', bare, 'x');
    assert.equal(noFormats.statusCode, 400);
    assert.match(
      noFormats.json().message,
      /^Properties disk_format, container_format must be set prior to saving data./,
    );
    const json = await image.request('PUT', `/v2/images/${bare}/file`, 'member', { data: 1 });
    assert.equal(json.statusCode, 415);
    assert.match(json.json().message, /^Invalid content type application\/json/);
    assert.equal((await image.request('GET', `/v2/images/${bare}`, 'member')).json().status, 'queued');
  });

  test('while the data streams the image is saving; the bytes are never held whole', async () => {
    const target = (await image.createImage('member')).id as string;
    const body = new PassThrough();
    const upload = image.app.inject({
      method: 'PUT',
      url: `/image/v2/images/${target}/file`,
      headers: { 'x-auth-token': 'member', 'content-type': 'application/octet-stream' },
      payload: body,
    });
    body.write(Buffer.alloc(1000, 7));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await image.request('GET', `/v2/images/${target}`, 'member')).json().status, 'saving');
    body.end(Buffer.alloc(1000, 8));
    assert.equal((await upload).statusCode, 204);
    assert.equal((await image.request('GET', `/v2/images/${target}`, 'member')).json().size, 2000);
  });
});

describe('image data: uploads cut short', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const startUpload = (id: string) => {
    const body = new PassThrough();
    const response = image.app.inject({
      method: 'PUT',
      url: `/image/v2/images/${id}/file`,
      headers: {
        'x-auth-token': 'member',
        'content-type': 'application/octet-stream',
        accept: 'application/json',
      },
      payload: body,
    });
    return { body, response };
  };

  test('an image deleted while its data streams: 410, and the data is not kept', async () => {
    const id = (await image.createImage('member')).id as string;
    const { body, response } = startUpload(id);
    body.write(Buffer.alloc(100));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await image.request('DELETE', `/v2/images/${id}`, 'member')).statusCode, 204);
    body.end(Buffer.alloc(100));
    const answer = await response;
    assert.equal(answer.statusCode, 410);
    assert.match(answer.json().message, new RegExp(`^Image ${id} could not be found after upload.`));
    assert.equal((image.store as MemoryStore).blobs.has(id), false);
  });

  test('a client that goes away mid-upload leaves the image queued and nothing stored', async () => {
    const id = (await image.createImage('member')).id as string;
    const { body, response } = startUpload(id);
    body.write(Buffer.alloc(100));
    await new Promise((resolve) => setTimeout(resolve, 20));
    body.destroy(new Error('connection reset'));
    await response.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const state = (await image.request('GET', `/v2/images/${id}`, 'member')).json();
    assert.equal(state.status, 'queued');
    assert.equal((image.store as MemoryStore).blobs.has(id), false);
  });
});

describe('image data: refusals leave nothing behind', () => {
  let image: ImageTestApp;
  let store: MemoryStore;
  before(async () => {
    image = await imageTestApp({
      configure: (config) => {
        config.image.image_size_cap = 1000;
        config.image.quota.image_size_total = 1500;
        config.image.quota.image_count_total = 6;
      },
    });
    store = image.store as MemoryStore;
  });
  after(() => image.close());

  const stateOf = async (id: string) => (await image.request('GET', `/v2/images/${id}`, 'member')).json();

  test('more than image_size_cap is 413; the image goes back to queued', async () => {
    const id = (await image.createImage('member')).id as string;
    const body = new PassThrough();
    const upload = image.app.inject({
      method: 'PUT',
      url: `/image/v2/images/${id}/file`,
      headers: {
        'x-auth-token': 'member',
        'content-type': 'application/octet-stream',
        accept: 'application/json',
      },
      payload: body,
    });
    body.end(Buffer.alloc(1001));
    const response = await upload;
    assert.equal(response.statusCode, 413);
    assert.match(
      response.json().message,
      /^The incoming image is too large: The provided image is too large./,
    );
    const state = await stateOf(id);
    assert.equal(state.status, 'queued');
    assert.equal(state.size, null);
    assert.equal(store.blobs.has(id), false);
  });

  test('staging more than image_size_cap is 413 too, and the image is queued again', async () => {
    const id = (await image.createImage('member')).id as string;
    const response = await image.request('PUT', `/v2/images/${id}/stage`, 'member', Buffer.alloc(1001), {
      'content-type': 'application/octet-stream',
    });
    assert.equal(response.statusCode, 413);
    assert.equal((await stateOf(id)).status, 'queued');
    assert.equal((image.staging as MemoryStore).blobs.has(id), false);
  });

  test('a declared Content-Length over the cap is refused before reading', async () => {
    const id = (await image.createImage('member')).id as string;
    const response = await image.upload('member', id, Buffer.alloc(1200));
    assert.equal(response.statusCode, 413);
    assert.equal((await stateOf(id)).status, 'queued');
  });

  test("the project's image_size_total counts its other images", async () => {
    const first = (await image.createImage('member')).id as string;
    assert.equal((await image.upload('member', first, Buffer.alloc(900))).statusCode, 204);
    const second = (await image.createImage('member')).id as string;
    const body = new PassThrough();
    const upload = image.app.inject({
      method: 'PUT',
      url: `/image/v2/images/${second}/file`,
      headers: {
        'x-auth-token': 'member',
        'content-type': 'application/octet-stream',
        accept: 'application/json',
      },
      payload: body,
    });
    body.end(Buffer.alloc(700));
    const response = await upload;
    assert.equal(response.statusCode, 413);
    assert.match(
      response.json().message,
      /^Image exceeds the storage quota: The size of the data 700 will exceed the limit. 600 bytes remaining./,
    );
    assert.equal(store.blobs.has(second), false);
    assert.equal((await image.upload('member', second, Buffer.alloc(600))).statusCode, 204);
  });

  test('image_count_total refuses one image too many', async () => {
    let response;
    do response = await image.request('POST', '/v2/images', 'member', { name: 'more' });
    while (response.statusCode === 201);
    assert.equal(response.statusCode, 413);
    assert.match(
      response.json().message,
      new RegExp(
        `^The request returned a 413 Request Entity Too Large. This generally means that rate limiting or a quota threshold was breached.\n\nThe response body:\nProject ${PROJECTS.one} is over a limit for \\[Resource image_count_total is over limit of 6 due to current usage 6 and delta 1\\]`,
      ),
    );
  });
});

describe('image data: format inspection', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const refused = async (declared: string, data: Buffer, message: RegExp) => {
    const id = (await image.createImage('member', { disk_format: declared })).id as string;
    const response = await image.upload('member', id, data);
    assert.equal(response.statusCode, 400, response.body);
    assert.match(response.json().message, message);
    const state = (await image.request('GET', `/v2/images/${id}`, 'member')).json();
    assert.equal(state.status, 'queued');
    assert.equal((image.store as MemoryStore).blobs.has(id), false);
  };

  test('bytes that are not the declared format are refused', async () => {
    await refused('qcow2', Buffer.alloc(4096, 1), /^Image disk_format qcow2 does not match stream data raw/);
  });

  test('a qcow2 with a backing file is refused, even declared raw', async () => {
    const withBacking = craftQcow2({ backingFileOffset: 512n });
    withBacking.write('/etc/passwd', 512, 'latin1');
    await refused('qcow2', withBacking, /^Image failed safety checks/);
    await refused('raw', withBacking, /^Image failed safety checks/);
  });

  test('a sound qcow2 is accepted with its virtual size', async () => {
    const id = (await image.createImage('member', { disk_format: 'qcow2' })).id as string;
    assert.equal((await image.upload('member', id, craftQcow2({ size: 1n << 30n }))).statusCode, 204);
    const state = (await image.request('GET', `/v2/images/${id}`, 'member')).json();
    assert.equal(state.virtual_size, 1 << 30);
  });

  test('only bare containers are inspected, as upstream: the disk of an ova is inside an archive', async () => {
    const id = (await image.createImage('member', { disk_format: 'qcow2', container_format: 'ova' }))
      .id as string;
    assert.equal((await image.upload('member', id, Buffer.alloc(4096, 1))).statusCode, 204);
    assert.equal((await image.request('GET', `/v2/images/${id}`, 'member')).json().virtual_size, null);
  });
});

describe('image data on the file store', () => {
  let image: ImageTestApp;
  const directory = mkdtempSync(join(tmpdir(), 'stratus-image-api-'));
  before(async () => {
    image = await imageTestApp({
      store: new FileStore(join(directory, 'images')),
      staging: new FileStore(join(directory, 'images', 'staging'), 'os_glance_staging_store'),
    });
  });
  after(async () => {
    await image.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('upload, ranged download, staged import and delete go through files', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const uploaded = (await image.createImage('member')).id as string;
    assert.equal((await image.upload('member', uploaded, data)).statusCode, 204);
    const whole = await image.request('GET', `/v2/images/${uploaded}/file`, 'member');
    assert.ok(whole.rawPayload.equals(data));
    const part = await image.request('GET', `/v2/images/${uploaded}/file`, 'member', undefined, {
      range: 'bytes=1048576-1048675',
    });
    assert.ok(part.rawPayload.equals(data.subarray(1048576, 1048676)));

    const imported = (await image.createImage('member')).id as string;
    const staged = await image.request('PUT', `/v2/images/${imported}/stage`, 'member', data, {
      'content-type': 'application/octet-stream',
    });
    assert.equal(staged.statusCode, 204);
    await image.request('POST', `/v2/images/${imported}/import`, 'member', {
      method: { name: 'glance-direct' },
    });
    await image.idle();
    assert.equal((await image.request('GET', `/v2/images/${imported}`, 'member')).json().checksum, md5(data));
    assert.deepEqual(readdirSync(join(directory, 'images', 'staging')), []);

    await image.request('DELETE', `/v2/images/${uploaded}`, 'member');
    await image.request('DELETE', `/v2/images/${imported}`, 'member');
    assert.deepEqual(readdirSync(join(directory, 'images')), ['staging']);
  });
});
