import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('extensions', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  test('every extension is listed with upstream names, and shown alone as in the list', async () => {
    const { extensions } = await net.json('GET', '/extensions', 200, { caller: 'reader' });
    const aliases = extensions.map((extension: { alias: string }) => extension.alias);
    for (const alias of [
      'network',
      'quotas',
      'quota_details',
      'rbac-policies',
      'standard-attr-tag',
      'agent',
    ]) {
      assert.ok(aliases.includes(alias), `${alias} listed`);
    }
    assert.equal(new Set(aliases).size, aliases.length, 'no alias twice');
    for (const alias of ['dns-integration', 'l3-ha', 'dvr', 'tag']) assert.ok(!aliases.includes(alias));
    assert.deepEqual(
      extensions.find((extension: { alias: string }) => extension.alias === 'quotas'),
      {
        alias: 'quotas',
        name: 'Quota management support',
        description: 'Expose functions for quotas management per project',
        updated: '2012-07-29T10:00:00-00:00',
        links: [],
      },
    );
    for (const extension of extensions) {
      const shown = await net.json('GET', `/extensions/${extension.alias}`, 200);
      assert.deepEqual(shown.extension, extension);
    }
  });

  test('an unknown alias is not found', async () => {
    const response = await net.request('GET', '/extensions/time-travel');
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json().NeutronError, {
      type: 'HTTPNotFound',
      message: 'Extension with alias time-travel does not exist',
      detail: '',
    });
  });
});
