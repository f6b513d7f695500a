import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

describe('compute service: versions, microversions, errors', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
  });
  after(() => compute.close());

  test('GET /compute/ lists v2.0 and v2.1 as Nova, without a token', async () => {
    const response = await compute.request('GET', '/compute/', {
      caller: 'nobody',
      headers: { 'x-auth-token': '' },
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      versions: [
        {
          id: 'v2.0',
          status: 'SUPPORTED',
          version: '',
          min_version: '',
          updated: '2011-01-21T11:33:21Z',
          links: [{ rel: 'self', href: 'http://stratus.test/compute/v2/' }],
        },
        {
          id: 'v2.1',
          status: 'CURRENT',
          version: '2.93',
          min_version: '2.1',
          updated: '2013-07-23T11:33:21Z',
          links: [{ rel: 'self', href: 'http://stratus.test/compute/v2.1/' }],
        },
      ],
    });
  });

  test('GET /compute/v2.1 is the v2.1 document with describedby and media types', async () => {
    const response = await compute.request('GET', '/compute/v2.1/', { headers: { 'x-auth-token': '' } });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      version: {
        id: 'v2.1',
        status: 'CURRENT',
        version: '2.93',
        min_version: '2.1',
        updated: '2013-07-23T11:33:21Z',
        links: [
          { rel: 'self', href: 'http://stratus.test/compute/v2.1/' },
          { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
        ],
        'media-types': [
          { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
        ],
      },
    });
  });

  test('the API needs a token: 401 with the Keystone challenge', async () => {
    const response = await compute.request('GET', '/flavors', { headers: { 'x-auth-token': '' } });
    assert.equal(response.statusCode, 401);
    assert.match(String(response.headers['www-authenticate']), /^Keystone uri=/);
  });

  test('no version header means 2.1, named in both response headers', async () => {
    const response = await compute.request('GET', '/flavors');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['openstack-api-version'], 'compute 2.1');
    assert.equal(response.headers['x-openstack-nova-api-version'], '2.1');
    assert.match(String(response.headers.vary), /OpenStack-API-Version/);
  });

  test('the legacy X-OpenStack-Nova-API-Version header and latest are honoured', async () => {
    const legacy = await compute.request('GET', '/flavors', {
      headers: { 'x-openstack-nova-api-version': '2.55' },
    });
    assert.equal(legacy.headers['openstack-api-version'], 'compute 2.55');
    const latest = await compute.request('GET', '/flavors', { version: 'latest' });
    assert.equal(latest.headers['openstack-api-version'], 'compute 2.93');
  });

  test('a version outside 2.1-2.93 is a 406 computeFault; a malformed one a 400', async () => {
    const tooHigh = await compute.request('GET', '/flavors', { version: '2.94' });
    assert.equal(tooHigh.statusCode, 406);
    assert.deepEqual(tooHigh.json(), {
      computeFault: {
        code: 406,
        message: 'Version 2.94 is not supported by the API. Minimum is 2.1 and maximum is 2.93.',
      },
    });
    const malformed = await compute.request('GET', '/flavors', { version: '2.x' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().badRequest.code, 400);
  });

  test('unknown paths are itemNotFound; malformed JSON is badRequest', async () => {
    const missing = await compute.request('GET', '/no-such-thing');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().itemNotFound.code, 404);
    const malformed = await compute.request('POST', '/flavors', { body: '{"flavor": ' });
    assert.deepEqual(malformed.json(), { badRequest: { code: 400, message: 'Malformed request body' } });
  });
});

// As Nova's test_schemas: every route declares its input and output (compute is not mounted in
// the gateway yet, so test/unit/route-schemas.test.ts does not see it).
test('every compute route has request and response schemas', async () => {
  const compute = await computeTestApp();
  try {
    const missing: string[] = [];
    for (const route of compute.routes) {
      const methods = [route.method].flat();
      if (methods.every((method) => method === 'HEAD')) continue;
      const name = `${methods.join(',')} ${route.url}`;
      const schema = route.schema ?? {};
      if (!schema.response) missing.push(`${name}: no response schema`);
      const takesBody = methods.some((method) => ['POST', 'PUT', 'PATCH'].includes(method));
      if (takesBody && !schema.body && !route.config?.noBody) missing.push(`${name}: no body schema`);
      if (route.url.includes(':') && !schema.params) missing.push(`${name}: no params schema`);
    }
    assert.ok(compute.routes.length >= 15, `only ${compute.routes.length} routes registered`);
    assert.deepEqual(missing, []);
  } finally {
    await compute.close();
  }
});
