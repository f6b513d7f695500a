import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

describe('extensions', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
  });
  after(() => compute.close());

  test("list: Nova's 99 extensions by alias, for any caller", async () => {
    const response = await compute.request('GET', '/extensions', { caller: 'reader' });
    assert.equal(response.statusCode, 200);
    const extensions = response.json().extensions;
    assert.equal(extensions.length, 99);
    const aliases = extensions.map((extension: { alias: string }) => extension.alias);
    assert.deepEqual(aliases, [...aliases].sort());
    assert.ok(extensions.some((extension: { name: string }) => extension.name === 'Hosts'));
    assert.deepEqual(extensions[0], {
      alias: 'NMN',
      description: 'Multiple network support.',
      links: [],
      name: 'Multinic',
      namespace: 'http://docs.openstack.org/compute/ext/fake_xml',
      updated: '2014-12-03T00:00:00Z',
    });
  });

  test('show by alias; 404 for an unknown one', async () => {
    const consoles = await compute.request('GET', '/extensions/os-consoles', { caller: 'member' });
    assert.equal(consoles.json().extension.alias, 'os-consoles');
    assert.equal(consoles.json().extension.name, 'Consoles');
    const unknown = await compute.request('GET', '/extensions/os-nothing');
    assert.deepEqual(unknown.json(), {
      itemNotFound: { code: 404, message: 'The resource could not be found.' },
    });
  });
});
