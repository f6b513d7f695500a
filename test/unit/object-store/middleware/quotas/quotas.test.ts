import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PROJECTS } from '../../../../helpers/fixed-callers.js';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../../helpers/object-store-app.js';

describe('container quotas', () => {
  let swift: ObjectStoreTestApp;

  before(async () => {
    swift = await objectStoreTestApp();
    await swift.request('PUT', '/limited', {
      headers: { 'x-container-meta-quota-bytes': '20', 'x-container-meta-quota-count': '2' },
    });
  });
  after(() => swift.close());

  it('refuses quotas that are not whole numbers', async () => {
    const bytes = await swift.request('POST', '/limited', {
      headers: { 'x-container-meta-quota-bytes': 'ten' },
    });
    assert.equal(bytes.statusCode, 400);
    assert.equal(bytes.body, 'Invalid bytes quota.');
    const count = await swift.request('PUT', '/other', { headers: { 'x-container-meta-quota-count': '-1' } });
    assert.equal(count.statusCode, 400);
    assert.equal(count.body, 'Invalid count quota.');
  });

  it('lets uploads in within the byte quota and refuses those past it with 413', async () => {
    assert.equal((await swift.request('PUT', '/limited/a', { body: '0123456789' })).statusCode, 201);
    const tooBig = await swift.request('PUT', '/limited/b', { body: '0123456789abc' });
    assert.equal(tooBig.statusCode, 413);
    assert.equal(tooBig.body, 'Upload exceeds quota.');
    const head = await swift.request('HEAD', '/limited');
    assert.equal(head.headers['x-container-bytes-used'], '10');
  });

  it('refuses objects past the count quota, copies included', async () => {
    assert.equal((await swift.request('PUT', '/limited/b', { body: 'x' })).statusCode, 201);
    const third = await swift.request('PUT', '/limited/c', { body: 'y' });
    assert.equal(third.statusCode, 413);
    await swift.request('PUT', '/source');
    await swift.request('PUT', '/source/one', { body: 'z' });
    const copy = await swift.request('PUT', '/limited/d', {
      headers: { 'x-copy-from': 'source/one', 'content-length': '0' },
    });
    assert.equal(copy.statusCode, 413);
    const copyVerb = await swift.request('COPY', '/source/one', { headers: { destination: 'limited/e' } });
    assert.equal(copyVerb.statusCode, 413);
  });
});

describe('account quotas', () => {
  let swift: ObjectStoreTestApp;

  before(async () => {
    swift = await objectStoreTestApp();
    swift.as('reseller', { projectId: PROJECTS.admin, roles: ['ResellerAdmin'] });
    await swift.request('PUT', '/box');
  });
  after(() => swift.close());

  it('lets only a reseller set or remove the quota', async () => {
    const byOwner = await swift.request('POST', '', { headers: { 'x-account-meta-quota-bytes': '100' } });
    assert.equal(byOwner.statusCode, 403);
    const removeByOwner = await swift.request('POST', '', {
      headers: { 'x-remove-account-meta-quota-bytes': 'x' },
    });
    assert.equal(removeByOwner.statusCode, 403);
    const bad = await swift.request('POST', '', {
      caller: 'reseller',
      headers: { 'x-account-meta-quota-bytes': 'lots' },
    });
    assert.equal(bad.statusCode, 400);
    for (const quota of ['25', '', '20']) {
      // Each change a moment after the last: Swift's timestamps order them.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const set = await swift.request('POST', '', {
        caller: 'reseller',
        headers: { 'x-account-meta-quota-bytes': quota },
      });
      assert.equal(set.statusCode, 204, quota);
    }
    const head = await swift.request('HEAD', '');
    assert.equal(head.headers['x-account-meta-quota-bytes'], '20');
  });

  it('refuses an upload that would pass the quota with 413', async () => {
    assert.equal((await swift.request('PUT', '/box/small', { body: 'x'.repeat(10) })).statusCode, 201);
    const large = await swift.request('PUT', '/box/large', { body: 'x'.repeat(30) });
    assert.equal(large.statusCode, 413);
    assert.equal(large.body, 'Upload exceeds quota.');
  });

  it('tells /info of both quota middlewares', async () => {
    const info = (await swift.app.inject({ method: 'GET', url: '/object-store/info' })).json();
    assert.deepEqual(info.account_quotas, {});
    assert.deepEqual(info.container_quotas, {});
    assert.equal(info.expiring_objects_queue, undefined);
  });
});
