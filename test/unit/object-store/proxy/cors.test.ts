import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../helpers/object-store-app.js';

const SITE = 'https://site.example';

let swift: ObjectStoreTestApp;
before(async () => {
  swift = await objectStoreTestApp();
  await swift.request('PUT', '/shared', {
    headers: {
      'x-container-read': '.r:*',
      'x-container-meta-access-control-allow-origin': `${SITE} https://other.example`,
      'x-container-meta-access-control-max-age': '600',
      'x-container-meta-access-control-expose-headers': 'X-Custom-Thing',
    },
  });
  await swift.request('PUT', '/shared/o', { body: 'data', headers: { 'x-object-meta-colour': 'red' } });
  await swift.request('PUT', '/closed');
});
after(() => swift.close());

test('OPTIONS without an Origin lists the methods of the path', async () => {
  const object = await swift.request('OPTIONS', '/shared/o', { caller: null });
  assert.equal(object.statusCode, 200);
  assert.equal(object.headers.allow, 'DELETE, GET, HEAD, OPTIONS, POST, PUT, COPY');
  const account = await swift.request('OPTIONS', '', { caller: null });
  assert.equal(account.headers.allow, 'GET, HEAD, OPTIONS, POST');
});

test("a preflight from an allowed origin gets the container's CORS settings", async () => {
  const response = await swift.request('OPTIONS', '/shared/o', {
    caller: null,
    headers: {
      origin: SITE,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'x-auth-token, range',
    },
  });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['access-control-allow-origin'], SITE);
  assert.equal(response.headers['access-control-max-age'], '600');
  assert.equal(
    response.headers['access-control-allow-methods'],
    'DELETE, GET, HEAD, OPTIONS, POST, PUT, COPY',
  );
  assert.equal(response.headers['access-control-allow-headers'], 'x-auth-token, range');
  assert.equal(response.headers.vary, 'Origin, Access-Control-Request-Headers');
});

test('a preflight from an origin or for a method the container does not allow is 401', async () => {
  const stranger = await swift.request('OPTIONS', '/shared/o', {
    caller: null,
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
  });
  assert.equal(stranger.statusCode, 401);
  assert.equal(stranger.headers['access-control-allow-origin'], undefined);
  const closed = await swift.request('OPTIONS', '/closed/o', {
    caller: null,
    headers: { origin: SITE, 'access-control-request-method': 'GET' },
  });
  assert.equal(closed.statusCode, 401);
  const copy = await swift.request('OPTIONS', '/shared/o', {
    caller: null,
    headers: { origin: SITE, 'access-control-request-method': 'COPY' },
  });
  assert.equal(copy.statusCode, 401);
});

test('answers to an allowed origin say so and expose the metadata, errors included', async () => {
  const read = await swift.request('GET', '/shared/o', { caller: null, headers: { origin: SITE } });
  assert.equal(read.statusCode, 200);
  assert.equal(read.headers['access-control-allow-origin'], SITE);
  assert.equal(read.headers.vary, 'Origin');
  const exposed = String(read.headers['access-control-expose-headers']).split(', ');
  for (const name of ['etag', 'x-trans-id', 'x-object-meta-colour', 'x-custom-thing']) {
    assert.ok(exposed.includes(name), name);
  }
  const missing = await swift.request('GET', '/shared/none', { caller: null, headers: { origin: SITE } });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.headers['access-control-allow-origin'], SITE);
  const stranger = await swift.request('GET', '/shared/o', {
    caller: null,
    headers: { origin: 'https://evil.example' },
  });
  assert.equal(stranger.statusCode, 200);
  assert.equal(stranger.headers['access-control-allow-origin'], undefined);
});

test('an allow-origin of * answers every origin with *', async () => {
  await swift.request('POST', '/closed', {
    headers: { 'x-container-meta-access-control-allow-origin': '*' },
  });
  const response = await swift.request('HEAD', '/closed', { headers: { origin: SITE } });
  assert.equal(response.statusCode, 204);
  assert.equal(response.headers['access-control-allow-origin'], '*');
  assert.equal(response.headers.vary, 'Accept');
});
