import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';

describe('placement service: versions, microversions, error bodies', () => {
  let placement: PlacementTestApp;
  before(async () => {
    placement = await placementTestApp();
  });
  after(() => placement.close());

  test('the root document is public and names the microversions on offer', async () => {
    for (const path of ['', '/']) {
      const response = await placement.app.inject({ method: 'GET', url: `/placement${path}` });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        versions: [
          {
            id: 'v1.0',
            max_version: '1.39',
            min_version: '1.0',
            status: 'CURRENT',
            links: [{ rel: 'self', href: '' }],
          },
        ],
      });
      assert.equal(response.headers['openstack-api-version'], 'placement 1.0');
    }
  });

  test('the requested microversion is echoed; latest is 1.39', async () => {
    const response = await placement.request('GET', '/resource_providers', { version: 'latest' });
    assert.equal(response.headers['openstack-api-version'], 'placement 1.39');
    assert.match(String(response.headers.vary), /OpenStack-API-Version/i);
  });

  test('an unacceptable microversion is a 406 that names min and max; a malformed one a 400', async () => {
    const high = await placement.request('GET', '/resource_providers', { version: '1.40' });
    assert.equal(high.statusCode, 406);
    const error = high.json().errors[0];
    assert.equal(error.max_version, '1.39');
    assert.equal(error.min_version, '1.0');
    assert.match(error.detail, /Invalid microversion: Unacceptable version header: 1.40/);
    const bad = await placement.request('GET', '/resource_providers', { version: '1.a' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().errors[0].detail, /invalid version string: 1.a/);
  });

  test('from 1.15 reads carry Last-Modified and Cache-Control: no-cache', async () => {
    const old = await placement.request('GET', '/resource_providers', { version: '1.14' });
    assert.equal(old.headers['last-modified'], undefined);
    const fresh = await placement.request('GET', '/resource_providers', { version: '1.15' });
    assert.equal(fresh.headers['cache-control'], 'no-cache');
    assert.ok(!Number.isNaN(Date.parse(String(fresh.headers['last-modified']))));
  });

  test('error bodies: code from 1.23, placement.undefined_code by default', async () => {
    const before123 = await placement.request('GET', '/resource_providers/nope', { version: '1.22' });
    assert.equal(before123.statusCode, 404);
    const [error] = before123.json().errors;
    assert.equal(error.code, undefined);
    assert.equal(error.title, 'Not Found');
    assert.equal(
      error.detail,
      'The resource could not be found.\n\n No resource provider with uuid nope found  ',
    );
    assert.equal(error.request_id, before123.headers['x-openstack-request-id']);
    const after123 = await placement.request('GET', '/resource_providers/nope', { version: '1.23' });
    assert.equal(after123.json().errors[0].code, 'placement.undefined_code');
  });

  test('an unknown method is a 405 listing the allowed ones', async () => {
    const response = await placement.request('PATCH', '/resource_providers', { version: '1.39' });
    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'GET, POST');
    assert.equal(
      response.json().errors[0].detail,
      'The method PATCH is not allowed for this resource. \n\n The method specified is not allowed for this resource.',
    );
    const inventory = await placement.request('POST', '/resource_providers/x/inventories/VCPU');
    assert.equal(inventory.headers.allow, 'GET, PUT, DELETE');
  });

  test('a body that is not JSON: 415 for another media type, 400 for bad JSON', async () => {
    const form = await placement.request('POST', '/resource_providers', {
      version: '1.39',
      body: 'name=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.statusCode, 415);
    assert.match(
      form.json().errors[0].detail,
      /The media type application\/x-www-form-urlencoded is not supported, use application\/json/,
    );
    const broken = await placement.request('POST', '/resource_providers', {
      version: '1.39',
      body: '{"name": ',
    });
    assert.equal(broken.statusCode, 400);
    assert.match(broken.json().errors[0].detail, /Malformed JSON/);
  });

  test('without a token: 401 in Keystone’s body, as keystonemiddleware answers', async () => {
    const response = await placement.request('GET', '/resource_providers', { caller: 'nobody' });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, 401);
    assert.match(String(response.headers['www-authenticate']), /^Keystone uri=/);
  });

  test('policy: members may not read providers; readers of a project see its usages', async () => {
    const member = await placement.request('GET', '/resource_providers', { caller: 'member' });
    assert.equal(member.statusCode, 403);
    assert.match(
      member.json().errors[0].detail,
      /Policy does not allow placement:resource_providers:list to be performed\./,
    );
    const service = await placement.request('GET', '/resource_providers', { caller: 'service' });
    assert.equal(service.statusCode, 200);
    const own = await placement.request('GET', '/usages?project_id=b1111111111111111111111111111111', {
      caller: 'reader',
      version: '1.9',
    });
    assert.equal(own.statusCode, 200);
    const other = await placement.request('GET', '/usages?project_id=c2222222222222222222222222222222', {
      caller: 'reader',
      version: '1.9',
    });
    assert.equal(other.statusCode, 403);
  });

  test('every route declares its schemas', () => {
    const missing = placement.routes
      .filter((route) => [route.method].flat().some((method) => method !== 'HEAD'))
      .filter((route) => !route.schema?.response || (route.url.includes(':') && !route.schema.params))
      .map((route) => `${[route.method].flat().join(',')} ${route.url}`);
    assert.deepEqual(missing, []);
  });
});
