import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

describe('policy blobs (/v3/policies)', () => {
  let identity: IdentityTestApp;
  before(async () => {
    identity = await identityTestApp();
  });
  after(() => identity.close());

  const create = async (policy: object) => {
    const response = await identity.request('POST', '/identity/v3/policies', 'admin', { policy });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().policy;
  };

  test('create, show, list: what is shown is what was stored, extras included; an id sent is ignored', async () => {
    const created = await create({ blob: '{"a": 1}', type: 'application/json', owner: 'nova', id: 'mine' });
    assert.match(created.id, /^[0-9a-f]{32}$/);
    assert.equal(created.blob, '{"a": 1}');
    assert.equal(created.type, 'application/json');
    assert.equal(created.owner, 'nova');
    assert.equal(created.links.self, `http://stratus.test/identity/v3/policies/${created.id}`);
    const shown = (await identity.request('GET', `/identity/v3/policies/${created.id}`)).json().policy;
    assert.deepEqual(shown, created);
    const listed = (await identity.request('GET', '/identity/v3/policies')).json();
    assert.deepEqual(
      listed.policies.find((p: { id: string }) => p.id === created.id),
      created,
    );
    assert.equal(listed.links.self, 'http://stratus.test/identity/v3/policies');
  });

  test('the list filters by type', async () => {
    const yaml = await create({ blob: 'a: 1', type: 'application/x-yaml' });
    await create({ blob: '{}', type: 'text/plain' });
    const listed = (await identity.request('GET', '/identity/v3/policies?type=application/x-yaml')).json()
      .policies;
    assert.deepEqual(
      listed.map((p: { id: string }) => p.id),
      [yaml.id],
    );
  });

  test('update changes type, blob and extras; the id cannot change', async () => {
    const policy = await create({ blob: 'one', type: 'first', keep: 1 });
    const updated = await identity.request('PATCH', `/identity/v3/policies/${policy.id}`, 'admin', {
      policy: { type: 'second', added: true },
    });
    assert.equal(updated.statusCode, 200);
    assert.deepEqual(
      { ...updated.json().policy, links: undefined },
      { id: policy.id, blob: 'one', type: 'second', keep: 1, added: true, links: undefined },
    );
    const other = await identity.request('PATCH', `/identity/v3/policies/${policy.id}`, 'admin', {
      policy: { id: 'other' },
    });
    assert.equal(other.statusCode, 400);
    assert.equal(other.json().error.message, 'Cannot change policy ID');
  });

  test('delete; an unknown policy is a 404 everywhere', async () => {
    const policy = await create({ blob: 'x', type: 't' });
    assert.equal((await identity.request('DELETE', `/identity/v3/policies/${policy.id}`)).statusCode, 204);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { policy: { type: 'x' } }],
      ['DELETE', undefined],
    ] as const) {
      const response = await identity.request(method, `/identity/v3/policies/${policy.id}`, 'admin', body);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.message, `Could not find policy: ${policy.id}.`);
    }
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: [string, string, object, string][] = [
      ['POST', '/identity/v3/policies', { policy: { blob: 'x' } }, 'type'],
      ['POST', '/identity/v3/policies', { policy: { blob: 5, type: 't' } }, 'blob'],
      ['POST', '/identity/v3/policies', {}, 'policy'],
      ['PATCH', '/identity/v3/policies/any', { policy: {} }, 'policy'],
      ['PATCH', '/identity/v3/policies/any', { policy: { type: null } }, 'type'],
    ];
    for (const [method, url, body, field] of cases) {
      const response = await identity.request(method, url, 'admin', body);
      assert.equal(response.statusCode, 400, `${method} ${JSON.stringify(body)}`);
      assert.match(response.json().error.message, new RegExp(field));
    }
  });

  test('members may neither read nor write policies', async () => {
    assert.equal((await identity.request('GET', '/identity/v3/policies', 'member')).statusCode, 403);
    const response = await identity.request('POST', '/identity/v3/policies', 'member', {
      policy: { blob: 'x', type: 't' },
    });
    assert.equal(response.statusCode, 403);
  });
});
