import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

describe('GET /extensions', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  test("Cinder Zed's extensions, with Hosts as Tempest's api_extensions=all looks for", async () => {
    const { extensions } = await cinder.json('GET', '/extensions', 200, { caller: 'reader' });
    assert.equal(extensions.length, 32);
    for (const extension of extensions) {
      assert.deepEqual(Object.keys(extension).sort(), ['alias', 'description', 'links', 'name', 'updated']);
      assert.deepEqual(extension.links, []);
      assert.match(extension.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    }
    const names = extensions.map((extension: { name: string }) => extension.name);
    assert.ok(names.includes('Hosts'));
    const aliases = extensions.map((extension: { alias: string }) => extension.alias);
    for (const alias of [
      'os-volume-transfer',
      'os-quota-sets',
      'os-services',
      'os-availability-zone',
      'backups',
    ]) {
      assert.ok(aliases.includes(alias), alias);
    }
  });

  test('one extension by its alias; an unknown one is a 404', async () => {
    const { extension } = await cinder.json('GET', '/extensions/os-used-limits', 200);
    assert.deepEqual(extension, {
      name: 'UsedLimits',
      alias: 'os-used-limits',
      description: 'Provide data on limited resources that are being used.',
      updated: '2013-10-03T00:00:00+00:00',
      links: [],
    });
    const response = await cinder.request('GET', '/extensions/os-nothing');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().itemNotFound.code, 404);
  });
});
