import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

describe('endpoints', () => {
  let identity: IdentityTestApp;
  let serviceId: string;
  let otherServiceId: string;
  before(async () => {
    identity = await identityTestApp();
    const service = async (type: string) =>
      (await identity.request('POST', '/identity/v3/services', 'admin', { service: { type } })).json().service
        .id;
    serviceId = await service('endpoint-test');
    otherServiceId = await service('endpoint-test-2');
  });
  after(() => identity.close());

  const create = async (endpoint: object) => {
    const response = await identity.request('POST', '/identity/v3/endpoints', 'admin', { endpoint });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().endpoint;
  };

  test('create with the legacy `region` creates that region; region mirrors region_id', async () => {
    const created = await create({
      service_id: serviceId,
      interface: 'public',
      url: 'http://api.test/v1',
      region: 'legacy-region',
      enabled: true,
      note: 'kept',
    });
    assert.equal(created.region, 'legacy-region');
    assert.equal(created.region_id, 'legacy-region');
    assert.equal(created.enabled, true);
    assert.equal(created.note, 'kept');
    assert.equal(created.links.self, `http://stratus.test/identity/v3/endpoints/${created.id}`);
    assert.equal(
      (await identity.request('GET', '/identity/v3/regions/legacy-region', 'admin')).statusCode,
      200,
    );
    const shown = (await identity.request('GET', `/identity/v3/endpoints/${created.id}`, 'admin')).json()
      .endpoint;
    assert.deepEqual(shown, created);
  });

  test('an endpoint without a region has region and region_id null', async () => {
    const created = await create({ service_id: serviceId, interface: 'admin', url: 'http://api.test/' });
    assert.equal(created.region_id, null);
    assert.equal(created.region, null);
  });

  test('update every attribute, legacy region included', async () => {
    const created = await create({ service_id: serviceId, interface: 'public', url: 'http://one.test/' });
    const response = await identity.request('PATCH', `/identity/v3/endpoints/${created.id}`, 'admin', {
      endpoint: {
        service_id: otherServiceId,
        interface: 'internal',
        url: 'http://two.test/',
        region: 'updated-region',
        enabled: false,
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    const updated = response.json().endpoint;
    assert.equal(updated.service_id, otherServiceId);
    assert.equal(updated.interface, 'internal');
    assert.equal(updated.url, 'http://two.test/');
    assert.equal(updated.region, 'updated-region');
    assert.equal(updated.enabled, false);
  });

  test('list filters by service_id, interface and region_id', async () => {
    await identity.request('PUT', '/identity/v3/regions/filter-region', 'admin', { region: {} });
    const a = await create({
      service_id: otherServiceId,
      interface: 'public',
      url: 'http://a/',
      region_id: 'filter-region',
    });
    const b = await create({
      service_id: otherServiceId,
      interface: 'internal',
      url: 'http://b/',
      region_id: 'filter-region',
    });
    const ids = async (query: string) =>
      (await identity.request('GET', `/identity/v3/endpoints?${query}`, 'admin'))
        .json()
        .endpoints.map((e: { id: string }) => e.id)
        .sort();
    assert.deepEqual(await ids('region_id=filter-region'), [a.id, b.id].sort());
    assert.deepEqual(await ids('region_id=filter-region&interface=internal'), [b.id]);
    const forService = await ids(`service_id=${otherServiceId}`);
    assert.ok(forService.includes(a.id) && forService.includes(b.id));
    assert.ok(!(await ids(`service_id=${serviceId}`)).includes(a.id));
  });

  test('the service and an explicit region_id must exist', async () => {
    const noService = await identity.request('POST', '/identity/v3/endpoints', 'admin', {
      endpoint: { service_id: 'nope', interface: 'public', url: 'http://x/' },
    });
    assert.equal(noService.statusCode, 400);
    assert.match(noService.json().error.message, /^Expecting to find endpoint service_id in service table\./);
    const noRegion = await identity.request('POST', '/identity/v3/endpoints', 'admin', {
      endpoint: { service_id: serviceId, interface: 'public', url: 'http://x/', region_id: 'nope' },
    });
    assert.equal(noRegion.statusCode, 400);
    assert.match(noRegion.json().error.message, /^Expecting to find endpoint region_id in region table\./);
  });

  test('a failed create leaves no legacy region behind', async () => {
    const response = await identity.request('POST', '/identity/v3/endpoints', 'admin', {
      endpoint: { service_id: 'nope', interface: 'public', url: 'http://x/', region: 'never-made' },
    });
    assert.equal(response.statusCode, 400);
    assert.equal((await identity.request('GET', '/identity/v3/regions/never-made', 'admin')).statusCode, 404);
  });

  test('URL substitutions must be well formed and known', async () => {
    await create({ service_id: serviceId, interface: 'public', url: 'http://x/v1/$(project_id)s' });
    await create({ service_id: serviceId, interface: 'public', url: 'http://x/v1/%(tenant_id)s/100%%' });
    for (const url of ['http://x/$(foo)s', 'http://x/100%', 'http://x/%(project_id)d']) {
      const response = await identity.request('POST', '/identity/v3/endpoints', 'admin', {
        endpoint: { service_id: serviceId, interface: 'public', url },
      });
      assert.equal(response.statusCode, 400, url);
      assert.equal(response.json().error.message, `Cannot create an endpoint with an invalid URL: ${url}.`);
    }
  });

  test('bad input is a 400 naming the field (enabled must be a boolean, as Tempest checks)', async () => {
    const cases: [object, RegExp][] = [
      [
        { service_id: serviceId, interface: 'public', url: 'http://x/', enabled: 'True' },
        /endpoint\/enabled/,
      ],
      [{ service_id: serviceId, interface: 'pub', url: 'http://x/' }, /endpoint\/interface/],
      [{ service_id: serviceId, interface: 'public', url: 'not a url' }, /endpoint\/url/],
      [{ service_id: serviceId, interface: 'public' }, /endpoint\/url/],
    ];
    for (const [endpoint, field] of cases) {
      const response = await identity.request('POST', '/identity/v3/endpoints', 'admin', { endpoint });
      assert.equal(response.statusCode, 400, JSON.stringify(endpoint));
      assert.match(response.json().error.message, field);
    }
    const created = await create({ service_id: serviceId, interface: 'public', url: 'http://x/' });
    const update = await identity.request('PATCH', `/identity/v3/endpoints/${created.id}`, 'admin', {
      endpoint: { enabled: 'False' },
    });
    assert.equal(update.statusCode, 400);
  });

  test('unknown endpoints are 404; only an admin manages endpoints', async () => {
    const missing = await identity.request('DELETE', '/identity/v3/endpoints/nope', 'admin');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.message, 'Could not find endpoint: nope.');
    assert.equal((await identity.request('GET', '/identity/v3/endpoints', 'member')).statusCode, 403);
    const refused = await identity.request('POST', '/identity/v3/endpoints', 'member', {
      endpoint: { service_id: serviceId, interface: 'public', url: 'http://x/' },
    });
    assert.equal(refused.statusCode, 403);
  });
});
