import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../../helpers/object-store-app.js';

let swift: ObjectStoreTestApp;
before(async () => {
  swift = await objectStoreTestApp();
});
after(() => swift.close());

test('/healthcheck answers OK to any method, without a token', async () => {
  for (const method of ['GET', 'POST'] as const) {
    const response = await swift.app.inject({ method, url: '/object-store/healthcheck' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, 'OK');
    assert.equal(response.headers['content-type'], 'text/plain');
    assert.ok(response.headers['x-trans-id']);
  }
});

test('/crossdomain.xml gives the permissive default policy, and /info lists crossdomain', async () => {
  const response = await swift.app.inject({ method: 'GET', url: '/object-store/crossdomain.xml' });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'application/xml');
  assert.equal(
    response.body,
    '<?xml version="1.0"?>\n' +
      '<!DOCTYPE cross-domain-policy SYSTEM "http://www.adobe.com/xml/dtds/cross-domain-policy.dtd" >\n' +
      '<cross-domain-policy>\n<allow-access-from domain="*" secure="false" />\n</cross-domain-policy>',
  );
  const info = JSON.parse((await swift.app.inject({ method: 'GET', url: '/object-store/info' })).body);
  assert.deepEqual(info.crossdomain, {});
  assert.equal(info.healthcheck, undefined);
  assert.deepEqual(info.staticweb, {});
  assert.deepEqual(info.formpost.allowed_digests, ['sha1', 'sha256', 'sha512']);
});
