import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../../helpers/object-store-app.js';

const listing = async (swift: ObjectStoreTestApp, container: string) =>
  ((await swift.request('GET', `/${container}?format=json`)).json() as { name: string }[]).map((o) => o.name);

describe('versioned writes (legacy)', () => {
  let swift: ObjectStoreTestApp;
  let n = 0;
  let base = '';
  let archive = '';

  beforeEach(async () => {
    swift ??= await objectStoreTestApp();
    n++;
    base = `base${n}`;
    archive = `archive${n}`;
    await swift.request('PUT', `/${archive}`);
  });
  after(() => swift.close());

  it('shows X-Versions-Location and keeps each overwritten version; DELETE brings them back', async () => {
    const made = await swift.request('PUT', `/${base}`, { headers: { 'x-versions-location': archive } });
    assert.equal(made.statusCode, 201);
    const head = await swift.request('HEAD', `/${base}`);
    assert.equal(head.headers['x-versions-location'], archive);
    assert.equal((await swift.request('HEAD', `/${archive}`)).headers['x-versions-location'], undefined);

    await swift.request('PUT', `/${base}/doc`, { body: 'one' });
    await swift.request('PUT', `/${base}/doc`, { body: 'two' });
    await swift.request('PUT', `/${base}/doc`, { body: 'three' });
    const versions = await listing(swift, archive);
    assert.equal(versions.length, 2);
    assert.ok(
      versions.every((name) => /^003doc\/\d{10}\.\d{5}$/.test(name)),
      versions.join(),
    );
    assert.equal((await swift.request('GET', `/${base}/doc`)).body, 'three');

    assert.equal((await swift.request('DELETE', `/${base}/doc`)).statusCode, 204);
    assert.equal((await swift.request('GET', `/${base}/doc`)).body, 'two');
    assert.equal((await swift.request('DELETE', `/${base}/doc`)).statusCode, 204);
    assert.equal((await swift.request('GET', `/${base}/doc`)).body, 'one');
    assert.deepEqual(await listing(swift, archive), []);
    assert.equal((await swift.request('DELETE', `/${base}/doc`)).statusCode, 204);
    assert.equal((await swift.request('GET', `/${base}/doc`)).statusCode, 404);
  });

  it('archives on DELETE in history mode, and stops when the location is removed', async () => {
    await swift.request('PUT', `/${base}`);
    await swift.request('POST', `/${base}`, { headers: { 'x-history-location': archive } });
    assert.equal((await swift.request('HEAD', `/${base}`)).headers['x-history-location'], archive);
    await swift.request('PUT', `/${base}/doc`, { body: 'first' });
    await swift.request('PUT', `/${base}/doc`, { body: 'second' });
    assert.equal((await swift.request('DELETE', `/${base}/doc`)).statusCode, 204);
    assert.equal((await swift.request('GET', `/${base}/doc`)).statusCode, 404);
    assert.equal((await listing(swift, archive)).length, 2);

    await swift.request('POST', `/${base}`, { headers: { 'x-remove-history-location': 'x' } });
    const head = await swift.request('HEAD', `/${base}`);
    assert.equal(head.headers['x-history-location'], undefined);
    await swift.request('PUT', `/${base}/doc`, { body: 'a' });
    await swift.request('PUT', `/${base}/doc`, { body: 'b' });
    assert.equal((await listing(swift, archive)).length, 2);
  });

  it('tells /info the flags it takes', async () => {
    const info = (await swift.app.inject({ method: 'GET', url: '/object-store/info' })).json();
    assert.deepEqual(info.versioned_writes, { allowed_flags: ['X-Versions-Location', 'X-History-Location'] });
  });

  it('refuses both modes at once, and a location with a slash', async () => {
    const both = await swift.request('PUT', `/${base}`, {
      headers: { 'x-versions-location': archive, 'x-history-location': archive },
    });
    assert.equal(both.statusCode, 400);
    const slash = await swift.request('PUT', `/${base}`, { headers: { 'x-versions-location': 'a/b' } });
    assert.equal(slash.statusCode, 400);
    assert.equal(slash.body, 'Container name cannot contain slashes');
  });

  it('answers 412 when the versions container is missing', async () => {
    await swift.request('PUT', `/${base}`, { headers: { 'x-versions-location': 'nowhere' } });
    await swift.request('PUT', `/${base}/doc`, { body: 'one' });
    const over = await swift.request('PUT', `/${base}/doc`, { body: 'two' });
    assert.equal(over.statusCode, 412);
  });
});
