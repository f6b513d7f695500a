import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

describe('regions', () => {
  let identity: IdentityTestApp;
  before(async () => {
    identity = await identityTestApp();
  });
  after(() => identity.close());

  const region = async (id: string, body: object = {}) => {
    const response = await identity.request('PUT', `/identity/v3/regions/${id}`, 'admin', { region: body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().region;
  };

  test('POST creates a region with a generated id; extras are kept and shown back', async () => {
    const response = await identity.request('POST', '/identity/v3/regions', 'admin', {
      region: { description: 'East', zone: 'a' },
    });
    assert.equal(response.statusCode, 201);
    const created = response.json().region;
    assert.match(created.id, /^[0-9a-f]{32}$/);
    assert.equal(created.description, 'East');
    assert.equal(created.parent_region_id, null);
    assert.equal(created.zone, 'a');
    assert.equal(created.links.self, `http://stratus.test/identity/v3/regions/${created.id}`);
    // What the list shows is exactly what create answered, as Tempest compares them.
    const listed = (await identity.request('GET', '/identity/v3/regions', 'reader')).json().regions;
    assert.deepEqual(
      listed.find((r: { id: string }) => r.id === created.id),
      created,
    );
  });

  test('PUT creates a region with the client’s id; a null description is stored as empty', async () => {
    const created = await region('put-one', { description: null });
    assert.equal(created.id, 'put-one');
    assert.equal(created.description, '');
  });

  test('PUT with another id in the body is a 400; an existing id is a 409', async () => {
    const conflicting = await identity.request('PUT', '/identity/v3/regions/put-two', 'admin', {
      region: { id: 'other' },
    });
    assert.equal(conflicting.statusCode, 400);
    assert.equal(conflicting.json().error.message, 'Conflicting region IDs specified: "put-two" != "other"');
    await region('put-two');
    const again = await identity.request('PUT', '/identity/v3/regions/put-two', 'admin', { region: {} });
    assert.equal(again.statusCode, 409);
    assert.equal(
      again.json().error.message,
      'Conflict occurred attempting to store region - Duplicate ID, put-two..',
    );
  });

  test('a parent must exist', async () => {
    const response = await identity.request('PUT', '/identity/v3/regions/orphan', 'admin', {
      region: { parent_region_id: 'nowhere' },
    });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.message, 'Could not find region: nowhere.');
  });

  test('update, get, filter by parent', async () => {
    await region('tree-a');
    await region('tree-b');
    const child = await region('tree-child', { parent_region_id: 'tree-a', description: 'one' });
    assert.equal(child.parent_region_id, 'tree-a');
    const updated = await identity.request('PATCH', '/identity/v3/regions/tree-child', 'admin', {
      region: { parent_region_id: 'tree-b', description: 'two' },
    });
    assert.equal(updated.statusCode, 200);
    assert.equal(updated.json().region.parent_region_id, 'tree-b');
    const shown = (await identity.request('GET', '/identity/v3/regions/tree-child', 'member')).json().region;
    assert.equal(shown.description, 'two');
    const children = (
      await identity.request('GET', '/identity/v3/regions?parent_region_id=tree-b', 'admin')
    ).json();
    assert.deepEqual(
      children.regions.map((r: { id: string }) => r.id),
      ['tree-child'],
    );
    assert.equal(children.links.self, 'http://stratus.test/identity/v3/regions?parent_region_id=tree-b');
  });

  test('a parent that would make a loop is a 400', async () => {
    await region('loop-top');
    await region('loop-mid', { parent_region_id: 'loop-top' });
    await region('loop-low', { parent_region_id: 'loop-mid' });
    for (const parent of ['loop-low', 'loop-top']) {
      const response = await identity.request('PATCH', '/identity/v3/regions/loop-top', 'admin', {
        region: { parent_region_id: parent },
      });
      assert.equal(response.statusCode, 400);
      assert.equal(
        response.json().error.message,
        'The specified parent region loop-top would create a circular region hierarchy.',
      );
    }
  });

  test('PATCH: an empty body and a changed id are 400s; an unknown region is 404', async () => {
    await region('patchy');
    const empty = await identity.request('PATCH', '/identity/v3/regions/patchy', 'admin', { region: {} });
    assert.equal(empty.statusCode, 400);
    const changed = await identity.request('PATCH', '/identity/v3/regions/patchy', 'admin', {
      region: { id: 'x' },
    });
    assert.equal(changed.statusCode, 400);
    assert.equal(changed.json().error.message, 'Cannot change ID');
    const missing = await identity.request('PATCH', '/identity/v3/regions/nope', 'admin', {
      region: { description: 'x' },
    });
    assert.equal(missing.statusCode, 404);
  });

  test('delete removes the region with its children, but not while one has endpoints', async () => {
    await region('del-top');
    await region('del-child', { parent_region_id: 'del-top' });
    const serviceId = (
      await identity.request('POST', '/identity/v3/services', 'admin', { service: { type: 'del-test' } })
    ).json().service.id;
    const endpoint = (
      await identity.request('POST', '/identity/v3/endpoints', 'admin', {
        endpoint: { service_id: serviceId, interface: 'public', url: 'http://x/', region_id: 'del-child' },
      })
    ).json().endpoint;
    const refused = await identity.request('DELETE', '/identity/v3/regions/del-top', 'admin');
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().error.message,
      'Unable to delete region del-top because it or its child regions have associated endpoints.',
    );
    await identity.request('DELETE', `/identity/v3/endpoints/${endpoint.id}`, 'admin');
    assert.equal((await identity.request('DELETE', '/identity/v3/regions/del-top', 'admin')).statusCode, 204);
    assert.equal((await identity.request('GET', '/identity/v3/regions/del-child', 'admin')).statusCode, 404);
    assert.equal((await identity.request('DELETE', '/identity/v3/regions/del-top', 'admin')).statusCode, 404);
  });

  test('anyone may read regions; only an admin may change them', async () => {
    assert.equal((await identity.request('GET', '/identity/v3/regions', 'reader')).statusCode, 200);
    for (const [method, url] of [
      ['POST', '/identity/v3/regions'],
      ['PUT', '/identity/v3/regions/by-member'],
      ['PATCH', '/identity/v3/regions/RegionOne'],
      ['DELETE', '/identity/v3/regions/RegionOne'],
    ]) {
      const response = await identity.request(
        method,
        url,
        'member',
        method === 'DELETE' ? undefined : { region: { description: 'x' } },
      );
      assert.equal(response.statusCode, 403, `${method} ${url}`);
    }
  });

  test('bad input is a 400 naming the field', async () => {
    const response = await identity.request('POST', '/identity/v3/regions', 'admin', {
      region: { description: 5 },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error.message, /region\/description/);
    const noWrapper = await identity.request('POST', '/identity/v3/regions', 'admin', { description: 'x' });
    assert.equal(noWrapper.statusCode, 400);
    assert.match(noWrapper.json().error.message, /region/);
  });
});
