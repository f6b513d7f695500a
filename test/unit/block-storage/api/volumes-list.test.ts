import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  blockStorageTestApp,
  VOLUME_URL,
  type BlockStorageTestApp,
} from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';

describe('volumes: lists, filters, sorting and pages', () => {
  let cloud: BlockStorageTestApp;
  const ids: Record<string, string> = {};
  before(async () => {
    cloud = await blockStorageTestApp();
    const volumes = [
      { name: 'alpha', size: 1, metadata: { tier: 'gold' } },
      { name: 'beta', size: 2, metadata: { tier: 'silver' } },
      { name: 'gamma', size: 3 },
    ];
    for (const volume of volumes) {
      const created = await cloud.json('POST', '/volumes', 202, { body: { volume } });
      ids[volume.name] = created.volume.id;
      await cloud.waitForStatus(`/volumes/${created.volume.id}`, 'volume', 'available');
      // Distinct creation times, so the default order (newest first) is certain.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await cloud.json('POST', '/volumes', 202, {
      caller: 'other',
      body: { volume: { name: 'theirs', size: 1 } },
    });
  });
  after(() => cloud.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- list bodies as the helper returns them
  const names = (body: Record<string, any>) =>
    (body.volumes as Array<{ name: string }>).map((volume) => volume.name);

  test('the summary list has id, name and links, newest first; the detail list the full view', async () => {
    const summary = await cloud.json('GET', '/volumes', 200);
    assert.deepEqual(names(summary), ['gamma', 'beta', 'alpha']);
    assert.deepEqual(Object.keys(summary.volumes[0]).sort(), ['id', 'links', 'name']);
    assert.equal(summary.volumes_links, undefined);
    const detail = await cloud.json('GET', '/volumes/detail', 200);
    assert.deepEqual(names(detail), ['gamma', 'beta', 'alpha']);
    assert.equal(detail.volumes[0].status, 'available');
    assert.equal(detail.volumes[0]['os-vol-tenant-attr:tenant_id'], PROJECTS.one);
  });

  test('filters by name, status, availability zone, metadata (Python dict text) and bootable', async () => {
    assert.deepEqual(names(await cloud.json('GET', '/volumes?name=beta', 200)), ['beta']);
    assert.deepEqual(names(await cloud.json('GET', '/volumes/detail?name=beta&status=available', 200)), [
      'beta',
    ]);
    assert.deepEqual(names(await cloud.json('GET', '/volumes?status=null', 200)), []);
    assert.deepEqual(names(await cloud.json('GET', '/volumes/detail?name=nonexistent', 200)), []);
    assert.equal((await cloud.json('GET', '/volumes?availability_zone=nova', 200)).volumes.length, 3);
    const gold = encodeURIComponent("{'tier': 'gold'}");
    assert.deepEqual(names(await cloud.json('GET', `/volumes/detail?metadata=${gold}`, 200)), ['alpha']);
    const json = encodeURIComponent('{"tier": "silver"}');
    assert.deepEqual(names(await cloud.json('GET', `/volumes?metadata=${json}`, 200)), ['beta']);
    assert.equal(
      (await cloud.json('GET', '/volumes?bootable=false', 200, { microversion: '3.2' })).volumes.length,
      3,
    );
    const bad = await cloud.json('GET', '/volumes?bootable=maybe', 400, { microversion: '3.2' });
    assert.equal(bad.badRequest.message, "Invalid input received: 'bootable = maybe'");
  });

  test('unknown filters: dropped before 3.31 for non-admins, refused from 3.31; like filters from 3.34', async () => {
    assert.equal((await cloud.json('GET', '/volumes?host=anything', 200)).volumes.length, 3);
    const refused = await cloud.json('GET', '/volumes?host=anything', 400, { microversion: '3.31' });
    assert.equal(refused.badRequest.message, 'Invalid filters host are found in query options.');
    const like = await cloud.json('GET', '/volumes?name~=amm&all_tenants=1', 200, {
      caller: 'admin',
      microversion: '3.34',
    });
    assert.deepEqual(names(like), ['gamma']);
  });

  test('all_tenants shows every project to admins only; project_id narrows it', async () => {
    const all = await cloud.json('GET', '/volumes?all_tenants=1', 200, { caller: 'admin' });
    assert.equal(all.volumes.length, 4);
    const theirs = await cloud.json('GET', `/volumes?all_tenants=1&project_id=${PROJECTS.two}`, 200, {
      caller: 'admin',
    });
    assert.deepEqual(names(theirs), ['theirs']);
    assert.equal((await cloud.json('GET', '/volumes?all_tenants=1', 200)).volumes.length, 3);
  });

  test('sort by key and direction, with Cinder errors for bad ones', async () => {
    assert.deepEqual(names(await cloud.json('GET', '/volumes?sort=name:asc', 200)), [
      'alpha',
      'beta',
      'gamma',
    ]);
    assert.deepEqual(names(await cloud.json('GET', '/volumes?sort_key=size&sort_dir=desc', 200)), [
      'gamma',
      'beta',
      'alpha',
    ]);
    const key = await cloud.json('GET', '/volumes?sort=colour', 400);
    assert.equal(key.badRequest.message, 'Invalid input received: Invalid sort key');
    const dir = await cloud.json('GET', '/volumes?sort=name:up', 400);
    assert.equal(
      dir.badRequest.message,
      "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.",
    );
    const both = await cloud.json('GET', '/volumes?sort=name&sort_key=size', 400);
    assert.match(both.badRequest.message, /cannot be used with the 'sort' parameter/);
  });

  test('limit, marker and offset page through the list, with next links', async () => {
    const first = await cloud.json('GET', '/volumes/detail?limit=2', 200);
    assert.deepEqual(names(first), ['gamma', 'beta']);
    assert.deepEqual(first.volumes_links, [
      {
        rel: 'next',
        href: `${VOLUME_URL}/v3/${PROJECTS.one}/volumes/detail?limit=2&marker=${ids.beta}`,
      },
    ]);
    const second = await cloud.json('GET', `/volumes/detail?limit=2&marker=${ids.beta}`, 200);
    assert.deepEqual(names(second), ['alpha']);
    assert.equal(second.volumes_links, undefined);
    assert.deepEqual(names(await cloud.json('GET', '/volumes?offset=1&limit=1', 200)), ['beta']);
    assert.equal(
      (await cloud.json('GET', '/volumes?limit=x', 400)).badRequest.message,
      'limit param must be an integer',
    );
    assert.equal(
      (await cloud.json('GET', '/volumes?limit=-1', 400)).badRequest.message,
      'limit param must be positive',
    );
    assert.equal(
      (await cloud.json('GET', '/volumes?offset=-1', 400)).badRequest.message,
      'offset must be >= 0',
    );
    const gone = await cloud.json('GET', '/volumes?marker=9d2b5a4e-8c40-4b8e-9a55-000000000000', 404);
    assert.match(gone.itemNotFound.message, /could not be found/);
  });

  test('3.45 counts the volumes with with_count', async () => {
    const counted = await cloud.json('GET', '/volumes?with_count=true&limit=1', 200, {
      microversion: '3.45',
    });
    assert.equal(counted.count, 3);
    assert.equal(counted.volumes.length, 1);
    assert.equal((await cloud.json('GET', '/volumes?with_count=true', 200)).count, undefined);
  });

  test('3.12 sums up the volumes; 3.36 adds their metadata', async () => {
    await cloud.json('GET', '/volumes/summary', 404);
    const summary = await cloud.json('GET', '/volumes/summary', 200, { microversion: '3.12' });
    assert.deepEqual(summary, { 'volume-summary': { total_count: 3, total_size: 6 } });
    const withMetadata = await cloud.json('GET', '/volumes/summary', 200, { microversion: '3.36' });
    assert.deepEqual(withMetadata['volume-summary'].metadata, { tier: ['gold', 'silver'] });
    const all = await cloud.json('GET', '/volumes/summary?all_tenants=1', 200, {
      caller: 'admin',
      microversion: '3.12',
    });
    assert.deepEqual(all, { 'volume-summary': { total_count: 4, total_size: 7 } });
  });
});
