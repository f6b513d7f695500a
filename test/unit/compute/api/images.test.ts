import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { COMPUTE_URL, computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

/** Tempest's required keys of an image in the detailed views (v2_1 common_image_schema). */
const DETAIL_KEYS = [
  'OS-EXT-IMG-SIZE:size',
  'created',
  'id',
  'links',
  'metadata',
  'minDisk',
  'minRam',
  'name',
  'progress',
  'status',
  'updated',
];

describe('images (the image proxy)', () => {
  let compute: ComputeTestApp;
  let active: string;
  let queued: string;
  let snapshot: string;
  const server = randomUUID();

  const create = async (caller: string, fields: Record<string, unknown>) =>
    String((await compute.image.createImage(caller, fields)).id);
  const setStatus = (id: string, status: string) =>
    compute.image.db.updateTable('image').set({ status }).where('id', '=', id).execute();

  before(async () => {
    compute = await computeTestApp();
    active = await create('member', { name: 'cirros', min_ram: 64, min_disk: 1, os_distro: 'cirros' });
    assert.equal((await compute.image.upload('member', active, 'x'.repeat(1024))).statusCode, 204);
    queued = await create('member', { name: 'queued' });
    snapshot = await create('member', {
      name: 'snap',
      instance_uuid: server,
      image_type: 'snapshot',
      auto_disk_config: 'True',
      block_device_mapping: '[{"boot_index": 0}]',
    });
  });
  after(() => compute.close());

  const get = (path: string, caller = 'member', version?: string) =>
    compute.request('GET', path, { caller, ...(version ? { version } : {}) });

  test('show: Glance fields as Nova shows them, properties as metadata, links incl. Glance', async () => {
    const response = await get(`/images/${active}`);
    assert.equal(response.statusCode, 200);
    const image = response.json().image;
    assert.deepEqual(Object.keys(image).sort(), DETAIL_KEYS);
    assert.equal(image.status, 'ACTIVE');
    assert.equal(image.progress, 100);
    assert.equal(image.minRam, 64);
    assert.equal(image.minDisk, 1);
    assert.equal(image['OS-EXT-IMG-SIZE:size'], 1024);
    assert.deepEqual(image.metadata, { os_distro: 'cirros' });
    assert.match(image.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(image.links, [
      { rel: 'self', href: `${COMPUTE_URL}/v2.1/images/${active}` },
      { rel: 'bookmark', href: `${COMPUTE_URL}/images/${active}` },
      {
        rel: 'alternate',
        type: 'application/vnd.openstack.image',
        href: `http://stratus.test/image/images/${active}`,
      },
    ]);
  });

  test('show: a queued image is SAVING at 25 with size 0', async () => {
    const image = (await get(`/images/${queued}`)).json().image;
    assert.deepEqual([image.status, image.progress, image['OS-EXT-IMG-SIZE:size']], ['SAVING', 25, 0]);
  });

  test('status mapping: saving 50, killed ERROR, pending_delete DELETED, others UNKNOWN at 0', async () => {
    const id = await create('member', { name: 'states' });
    const seen: Array<[string, string, number]> = [];
    for (const status of ['saving', 'killed', 'pending_delete', 'deleted', 'importing', 'uploading']) {
      await setStatus(id, status);
      const image = (await get(`/images/${id}`)).json().image;
      seen.push([status, image.status, image.progress]);
    }
    assert.deepEqual(seen, [
      ['saving', 'SAVING', 50],
      ['killed', 'ERROR', 0],
      ['pending_delete', 'DELETED', 0],
      ['deleted', 'DELETED', 0],
      ['importing', 'UNKNOWN', 0],
      ['uploading', 'UNKNOWN', 0],
    ]);
  });

  test('show: a snapshot links its server, has a disk config, and JSON properties parsed', async () => {
    const image = (await get(`/images/${snapshot}`)).json().image;
    assert.deepEqual(image.server, {
      id: server,
      links: [
        { rel: 'self', href: `${COMPUTE_URL}/v2.1/servers/${server}` },
        { rel: 'bookmark', href: `${COMPUTE_URL}/servers/${server}` },
      ],
    });
    assert.equal(image['OS-DCF:diskConfig'], 'AUTO');
    assert.deepEqual(image.metadata.block_device_mapping, [{ boot_index: 0 }]);
  });

  test('show: 404 "Image not found." for an unknown id, another project\'s image, a blank id', async () => {
    const foreign = await create('other', { name: 'theirs' });
    for (const path of [`/images/${randomUUID()}`, `/images/${foreign}`, '/images/!@', '/images/a%23b']) {
      const response = await get(path);
      assert.equal(response.statusCode, 404, path);
      assert.deepEqual(response.json(), { itemNotFound: { code: 404, message: 'Image not found.' } });
    }
  });

  test('the proxy is gone from 2.36: 404 for list, detail, show and delete', async () => {
    for (const path of ['/images', '/images/detail', `/images/${active}`]) {
      assert.equal((await get(path, 'member', '2.35')).statusCode, 200, path);
      assert.equal((await get(path, 'member', '2.36')).statusCode, 404, path);
    }
    const gone = await compute.request('DELETE', `/images/${active}`, { caller: 'member', version: '2.36' });
    assert.deepEqual(gone.json(), {
      itemNotFound: { code: 404, message: 'The resource could not be found.' },
    });
    assert.equal((await get(`/images/${active}`)).statusCode, 200);
  });

  test('list: id, name and links of the images the caller sees, newest first', async () => {
    const response = await get('/images');
    assert.equal(response.statusCode, 200);
    const images = response.json().images;
    assert.deepEqual(Object.keys(images[0]).sort(), ['id', 'links', 'name']);
    const ids = images.map((image: { id: string }) => image.id);
    assert.ok(ids.indexOf(snapshot) < ids.indexOf(active));
    assert.ok(ids.includes(queued));
    assert.equal(response.json().images_links, undefined);
  });

  test('filters: name, status (any case), server id or link, type, minRam, changes-since', async () => {
    const ids = async (query: string, detail = false) =>
      (await get(`/images${detail ? '/detail' : ''}?${query}`))
        .json()
        .images.map((i: { id: string }) => i.id);
    assert.deepEqual(await ids('name=cirros'), [active]);
    const activeOnes = await ids('status=ACTIVE', true);
    assert.ok(activeOnes.includes(active) && !activeOnes.includes(queued));
    assert.deepEqual(await ids(`server=${server}`), [snapshot]);
    assert.deepEqual(await ids(`server=${encodeURIComponent(`${COMPUTE_URL}/servers/${server}`)}`), [
      snapshot,
    ]);
    assert.deepEqual(await ids('type=snapshot'), [snapshot]);
    assert.deepEqual(await ids('minRam=64'), [active]);
    assert.deepEqual(await ids('minDisk=1&name=cirros'), [active]);
    assert.ok((await ids('changes-since=2000-01-01T00:00:00Z')).includes(active));
    assert.deepEqual(await ids('changes-since=2999-01-01T00:00:00Z'), []);
    // Nova's lstrip('property-') also eats the `o` of `os_distro`; `property-image_type` survives.
    assert.deepEqual(await ids('property-image_type=snapshot'), [snapshot]);
    assert.deepEqual(await ids('property-os_distro=cirros'), []);
  });

  test('paging: limit, a next link with the marker, the page after the marker', async () => {
    const first = (await get('/images?limit=1')).json();
    assert.equal(first.images.length, 1);
    const last = first.images[0].id;
    assert.deepEqual(first.images_links, [
      { rel: 'next', href: `${COMPUTE_URL}/v2.1/images?limit=1&marker=${last}` },
    ]);
    const detail = (await get('/images/detail?limit=2')).json();
    assert.equal(detail.images.length, 2);
    assert.match(detail.images_links[0].href, /\/v2\.1\/images\/detail\?limit=2&marker=/);
    const all = (await get('/images')).json().images.map((i: { id: string }) => i.id);
    const after = (await get(`/images?marker=${last}`)).json().images.map((i: { id: string }) => i.id);
    assert.deepEqual(after, all.slice(1));
    // limit=0 asks glanceclient for no limit: every image, no link.
    const zero = (await get('/images?limit=0')).json();
    assert.equal(zero.images.length, all.length);
    assert.equal(zero.images_links, undefined);
  });

  test("paging errors: a bad limit is Nova's 400, an unknown marker Glance's", async () => {
    const bad = await get('/images?limit=abc');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().badRequest.message, 'Invalid input received: limit must be an integer');
    const negative = await get('/images/detail?page_size=-1');
    assert.equal(negative.json().badRequest.message, 'Invalid input received: page_size must be >= 0');
    const marker = await get(`/images?marker=${randomUUID()}`);
    assert.equal(marker.statusCode, 400);
    assert.match(marker.json().badRequest.message, /\(HTTP 400\)$/);
  });

  test("delete: 204 and gone; 404 when missing; 403 when protected or not the owner's", async () => {
    const doomed = await create('member', { name: 'doomed' });
    assert.equal(
      (await compute.request('DELETE', `/images/${doomed}`, { caller: 'member' })).statusCode,
      204,
    );
    assert.equal((await get(`/images/${doomed}`)).statusCode, 404);
    const missing = await compute.request('DELETE', `/images/${doomed}`, { caller: 'member' });
    assert.deepEqual(missing.json(), { itemNotFound: { code: 404, message: 'Image not found.' } });
    assert.equal((await compute.request('DELETE', '/images/', { caller: 'member' })).statusCode, 404);

    const locked = await create('member', { name: 'locked', protected: true });
    const refused = await compute.request('DELETE', `/images/${locked}`, { caller: 'member' });
    assert.deepEqual(refused.json(), {
      forbidden: { code: 403, message: 'You are not allowed to delete the image.' },
    });
    const shared = await create('admin', { name: 'public', visibility: 'public' });
    const notOwner = await compute.request('DELETE', `/images/${shared}`, { caller: 'member' });
    assert.equal(notOwner.statusCode, 403);
  });
});
