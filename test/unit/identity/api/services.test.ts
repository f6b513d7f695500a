import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

describe('services', () => {
  let identity: IdentityTestApp;
  before(async () => {
    identity = await identityTestApp();
  });
  after(() => identity.close());

  const create = async (service: object) => {
    const response = await identity.request('POST', '/identity/v3/services', 'admin', { service });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().service;
  };

  test('create, show, update and delete a service', async () => {
    const created = await create({ type: 'compute', name: 'nova', description: 'Compute', owner: 'ops' });
    assert.equal(created.type, 'compute');
    assert.equal(created.name, 'nova');
    assert.equal(created.description, 'Compute');
    assert.equal(created.enabled, true);
    assert.equal(created.owner, 'ops');
    assert.equal(created.links.self, `http://stratus.test/identity/v3/services/${created.id}`);

    const updated = await identity.request('PATCH', `/identity/v3/services/${created.id}`, 'admin', {
      service: { description: 'Servers', enabled: false },
    });
    assert.equal(updated.statusCode, 200);
    assert.equal(updated.json().service.description, 'Servers');
    assert.equal(updated.json().service.enabled, false);
    assert.equal(updated.json().service.name, 'nova');

    const shown = await identity.request('GET', `/identity/v3/services/${created.id}`, 'admin');
    assert.deepEqual(shown.json().service, updated.json().service);

    assert.equal(
      (await identity.request('DELETE', `/identity/v3/services/${created.id}`, 'admin')).statusCode,
      204,
    );
    const gone = await identity.request('GET', `/identity/v3/services/${created.id}`, 'admin');
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.message, `Could not find service: ${created.id}.`);
  });

  test('a service without a name is named ""', async () => {
    const created = await create({ type: 'unnamed' });
    assert.equal(created.name, '');
    assert.equal('description' in created, false);
  });

  test('list filters by type and by name', async () => {
    const a = await create({ type: 'filter-a', name: 'one' });
    await create({ type: 'filter-b', name: 'two' });
    const byType = (await identity.request('GET', '/identity/v3/services?type=filter-a', 'admin')).json();
    assert.deepEqual(
      byType.services.map((s: { id: string }) => s.id),
      [a.id],
    );
    const byName = (await identity.request('GET', '/identity/v3/services?name=two', 'admin')).json();
    assert.deepEqual(
      byName.services.map((s: { type: string }) => s.type),
      ['filter-b'],
    );
  });

  test('deleting a service deletes its endpoints', async () => {
    const service = await create({ type: 'with-endpoints' });
    const endpoint = (
      await identity.request('POST', '/identity/v3/endpoints', 'admin', {
        endpoint: { service_id: service.id, interface: 'public', url: 'http://x/' },
      })
    ).json().endpoint;
    await identity.request('DELETE', `/identity/v3/services/${service.id}`, 'admin');
    assert.equal(
      (await identity.request('GET', `/identity/v3/endpoints/${endpoint.id}`, 'admin')).statusCode,
      404,
    );
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ name: 'no-type' }, /service\/type/],
      [{ type: '' }, /service\/type/],
      [{ type: 'x', enabled: 'true' }, /service\/enabled/],
      [{ type: 'x', name: '   ' }, /service\/name/],
    ];
    for (const [service, field] of cases) {
      const response = await identity.request('POST', '/identity/v3/services', 'admin', { service });
      assert.equal(response.statusCode, 400, JSON.stringify(service));
      assert.match(response.json().error.message, field);
    }
    const service = await create({ type: 'patch-me' });
    const empty = await identity.request('PATCH', `/identity/v3/services/${service.id}`, 'admin', {
      service: {},
    });
    assert.equal(empty.statusCode, 400);
    const changed = await identity.request('PATCH', `/identity/v3/services/${service.id}`, 'admin', {
      service: { id: 'other' },
    });
    assert.equal(changed.json().error.message, 'Cannot change ID');
  });

  test('only an admin reads or writes services', async () => {
    assert.equal((await identity.request('GET', '/identity/v3/services', 'member')).statusCode, 403);
    const response = await identity.request('POST', '/identity/v3/services', 'member', {
      service: { type: 'x' },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(
      response.json().error.message,
      'You are not authorized to perform the requested action: identity:create_service.',
    );
  });
});
