import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { BadRequest } from '../../../../src/common/http/errors.js';
import type { MemoryStore } from '../../../../src/image/stores/memory-store.js';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

describe('interoperable import: glance-direct', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const stage = (id: string, data: Buffer, caller = 'member') =>
    image.request('PUT', `/v2/images/${id}/stage`, caller, data, {
      'content-type': 'application/octet-stream',
    });
  const importAs = (id: string, body: unknown, caller = 'member') =>
    image.request('POST', `/v2/images/${id}/import`, caller, body);
  const show = async (id: string) => (await image.request('GET', `/v2/images/${id}`, 'member')).json();

  test('/v2/info/import offers glance-direct only while web-download is off; /v2/info/stores the file store', async () => {
    const methods = await image.request('GET', '/v2/info/import', 'reader');
    assert.deepEqual(methods.json(), {
      'import-methods': { description: 'Import methods available.', type: 'array', value: ['glance-direct'] },
    });
    const stores = await image.request('GET', '/v2/info/stores', 'reader');
    assert.deepEqual(stores.json(), { stores: [{ id: 'file', default: 'true' }] });
    const detail = await image.request('GET', '/v2/info/stores/detail', 'member');
    assert.equal(detail.statusCode, 403);
    assert.equal((await image.request('GET', '/v2/info/stores/detail', 'admin')).json().stores[0].id, 'file');
  });

  test('stage (uploading), then import (importing → active) with checksums, and a task record', async () => {
    const data = randomBytes(5000);
    const id = (await image.createImage('member')).id as string;
    const staged = await stage(id, data);
    assert.equal(staged.statusCode, 204);
    const uploading = await show(id);
    assert.equal(uploading.status, 'uploading');
    assert.equal(uploading.size, 5000);
    assert.equal((image.staging as MemoryStore).blobs.has(id), true);

    const accepted = await importAs(id, { method: { name: 'glance-direct' } });
    assert.equal(accepted.statusCode, 202);
    await image.idle();
    const active = await show(id);
    assert.equal(active.status, 'active');
    assert.equal(active.checksum, md5(data));
    assert.equal(active.stores, 'file');
    assert.equal(active.os_glance_importing_to_stores, '');
    assert.equal(active.os_glance_failed_import, '');
    assert.equal('os_glance_import_task' in active, false);
    assert.equal((image.staging as MemoryStore).blobs.has(id), false, 'the staged data is gone');
    const download = await image.request('GET', `/v2/images/${id}/file`, 'member');
    assert.ok(download.rawPayload.equals(data));

    const tasks = (await image.request('GET', `/v2/images/${id}/tasks`, 'member')).json().tasks;
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].status, 'success');
    assert.equal(tasks[0].type, 'api_image_import');
    assert.equal(tasks[0].request_id, accepted.headers['x-openstack-request-id']);
    assert.deepEqual(tasks[0].input.import_req, { method: { name: 'glance-direct' } });
    assert.deepEqual(tasks[0].result, { image_id: id });
  });

  test('an import that fails leaves the image queued with os_glance_failed_import and nothing stored', async () => {
    const id = (await image.createImage('member', { disk_format: 'qcow2' })).id as string;
    assert.equal((await stage(id, Buffer.alloc(4096, 3))).statusCode, 204);
    assert.equal((await importAs(id, { method: { name: 'glance-direct' } })).statusCode, 202);
    await image.idle();
    const failed = await show(id);
    assert.equal(failed.status, 'queued');
    assert.equal(failed.os_glance_failed_import, 'file');
    assert.equal(failed.size, null);
    assert.equal((image.store as MemoryStore).blobs.has(id), false);
    assert.equal((image.staging as MemoryStore).blobs.has(id), false);
    const tasks = (await image.request('GET', `/v2/images/${id}/tasks`, 'member')).json().tasks;
    assert.equal(tasks[0].status, 'failure');
    assert.match(tasks[0].message, /does not match stream data raw/);
  });

  test('import refuses what Glance refuses', async () => {
    const queued = (await image.createImage('member')).id as string;
    const cases: Array<[unknown, number, RegExp]> = [
      [{}, 400, /^Import request requires a 'method' field./],
      [{ method: {} }, 400, /^Import request requires a 'name' field./],
      [{ method: { name: 'copy-image' } }, 400, /^Unknown import method name 'copy-image'./],
      [
        { method: { name: 'web-download', uri: 'http://x' } },
        400,
        /^Unknown import method name 'web-download'./,
      ],
      [
        { method: { name: 'glance-direct' }, all_stores: 'yes' },
        400,
        /^'all_stores' must be boolean value only/,
      ],
      [
        { method: { name: 'glance-direct' } },
        409,
        /^Image needs to be staged before 'glance-direct' method can be used/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const response = await importAs(queued, body);
      assert.equal(response.statusCode, status, JSON.stringify(body));
      assert.match(response.json().message, message);
    }
    const staged = (await image.createImage('member')).id as string;
    await stage(staged, Buffer.from('data'));
    const badStore = await importAs(staged, { method: { name: 'glance-direct' }, stores: ['ceph'] });
    assert.equal(badStore.statusCode, 409);
    assert.match(badStore.json().message, /^Unknown scheme 'ceph' found in URI/);
    const byReader = await importAs(staged, { method: { name: 'glance-direct' } }, 'reader');
    assert.equal(byReader.statusCode, 403);
    assert.equal(
      (await importAs(staged, { method: { name: 'glance-direct' }, stores: ['file'] })).statusCode,
      202,
    );
    await image.idle();
    const active = await importAs(staged, { method: { name: 'glance-direct' } });
    assert.equal(active.statusCode, 409);
    assert.match(active.json().message, /^Image with status active cannot be target for import/);
  });

  test('staging needs a queued image and modify_image', async () => {
    const id = (await image.createImage('member', { visibility: 'private' })).id as string;
    assert.equal((await stage(id, Buffer.from('x'), 'reader')).statusCode, 403);
    assert.equal((await stage(id, Buffer.from('x'), 'other')).statusCode, 404);
    assert.equal((await stage(id, Buffer.from('x'))).statusCode, 204);
    const again = await stage(id, Buffer.from('x'));
    assert.equal(again.statusCode, 409);
  });

  test('deleting a staged image removes its staged data', async () => {
    const id = (await image.createImage('member')).id as string;
    await stage(id, Buffer.from('staged'));
    assert.equal((await image.request('DELETE', `/v2/images/${id}`, 'member')).statusCode, 204);
    assert.equal((image.staging as MemoryStore).blobs.has(id), false);
  });
});

describe('interoperable import: web-download', () => {
  let image: ImageTestApp;
  const served = randomBytes(3000);
  const fetched: string[] = [];
  before(async () => {
    image = await imageTestApp({
      configure: (config) => {
        config.image.web_download.enabled = true;
      },
      // A stand-in for the fetcher: only example.com passes the filtering.
      webDownload: {
        allows: async (uri) => new URL(uri).hostname === 'example.com',
        open: async (uri) => {
          fetched.push(uri);
          if (uri.endsWith('/missing')) throw new BadRequest(`Failed to download ${uri}: HTTP 404 Not Found`);
          return Readable.from([served.subarray(0, 1000), served.subarray(1000)]);
        },
      },
    });
  });
  after(() => image.close());

  const importFrom = (id: string, uri: string) =>
    image.request('POST', `/v2/images/${id}/import`, 'member', { method: { name: 'web-download', uri } });

  test('it is offered, and the create response says so', async () => {
    const methods = (await image.request('GET', '/v2/info/import', 'member')).json()['import-methods'].value;
    assert.deepEqual(methods, ['glance-direct', 'web-download']);
    const created = await image.request('POST', '/v2/images', 'member', {
      disk_format: 'raw',
      container_format: 'bare',
    });
    assert.equal(created.headers['openstack-image-import-methods'], 'glance-direct,web-download');
  });

  test('a queued image imports from the URI and becomes active', async () => {
    const id = (await image.createImage('member')).id as string;
    assert.equal((await importFrom(id, 'https://example.com/disk.raw')).statusCode, 202);
    await image.idle();
    const shown = (await image.request('GET', `/v2/images/${id}`, 'member')).json();
    assert.equal(shown.status, 'active');
    assert.equal(shown.checksum, md5(served));
    assert.deepEqual(fetched, ['https://example.com/disk.raw']);
  });

  test('a URI the filtering refuses is a 400 at once; a failed download leaves the image queued', async () => {
    const id = (await image.createImage('member')).id as string;
    const refused = await importFrom(id, 'http://169.254.169.254/latest');
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.json().message,
      /^URI for web-download does not pass filtering: http:\/\/169.254.169.254\/latest/,
    );
    assert.equal((await importFrom(id, 'https://example.com/missing')).statusCode, 202);
    await image.idle();
    const shown = (await image.request('GET', `/v2/images/${id}`, 'member')).json();
    assert.equal(shown.status, 'queued');
    assert.equal(shown.os_glance_failed_import, 'file');
  });
});
