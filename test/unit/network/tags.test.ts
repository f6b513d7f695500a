import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('tags', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  const network = async (caller = 'member', values: Record<string, unknown> = {}) =>
    (await net.json('POST', '/networks', 201, { caller, body: { network: { name: 'n', ...values } } }))
      .network;

  test('a tag is added, checked, listed, shown on the resource and removed', async () => {
    const { id, revision_number: revision } = await network();
    const added = await net.request('PUT', `/networks/${id}/tags/red`);
    assert.equal(added.statusCode, 201);
    assert.equal(added.body, '');
    await net.json('GET', `/networks/${id}/tags/red`, 204);
    assert.deepEqual((await net.json('GET', `/networks/${id}/tags`, 200)).tags, ['red']);
    const shown = await net.json('GET', `/networks/${id}`, 200);
    assert.deepEqual(shown.network.tags, ['red']);
    assert.equal(shown.network.revision_number, revision + 1);
    await net.json('PUT', `/networks/${id}/tags/red`, 201);
    assert.equal(
      (await net.json('GET', `/networks/${id}`, 200)).network.revision_number,
      revision + 1,
      'adding a tag it has changes nothing',
    );
    await net.json('DELETE', `/networks/${id}/tags/red`, 204);
    const gone = await net.request('GET', `/networks/${id}/tags/red`);
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.json().NeutronError, {
      type: 'TagNotFound',
      message: 'Tag red could not be found.',
      detail: '',
    });
    assert.equal((await net.request('DELETE', `/networks/${id}/tags/red`)).statusCode, 404);
  });

  test('all tags are replaced at once, added to, and cleared; lists filter by them', async () => {
    const { id } = await network();
    const replaced = await net.json('PUT', `/networks/${id}/tags`, 200, { body: { tags: ['b', 'a', 'c'] } });
    assert.deepEqual(replaced.tags, ['b', 'a', 'c']);
    await net.json('PUT', `/networks/${id}/tags`, 200, { body: { tags: ['a', 'd'] } });
    assert.deepEqual((await net.json('GET', `/networks/${id}/tags`, 200)).tags, ['a', 'd']);
    const created = await net.json('POST', `/networks/${id}/tags`, 201, { body: { tags: ['d', 'e'] } });
    assert.deepEqual(created.tags, ['d', 'e']);
    assert.deepEqual((await net.json('GET', `/networks/${id}/tags`, 200)).tags, ['a', 'd', 'e']);
    const filtered = await net.json('GET', '/networks?tags=a,e', 200);
    assert.deepEqual(
      filtered.networks.map((item: { id: string }) => item.id),
      [id],
    );
    await net.json('DELETE', `/networks/${id}/tags`, 204);
    assert.deepEqual((await net.json('GET', `/networks/${id}`, 200)).network.tags, []);
  });

  test('tags are validated as Neutron does', async () => {
    const { id } = await network();
    const put = async (body: unknown) =>
      (await net.request('PUT', `/networks/${id}/tags`, { body })).json().NeutronError;
    assert.deepEqual(await put({ labels: [] }), {
      type: 'InvalidInput',
      message: 'Invalid input for operation: Invalid tags body.',
      detail: '',
    });
    assert.equal((await put({ tags: 'red' })).message, "Invalid input for operation: 'red' is not a list.");
    assert.equal(
      (await put({ tags: ['x', 'x'] })).message,
      "Invalid input for operation: Duplicate items in the list: 'x'.",
    );
    assert.equal(
      (await put({ tags: [7] })).message,
      "Invalid input for operation: '7' is not a valid string.",
    );
    const long = 'x'.repeat(256);
    const tooLong = await net.request('PUT', `/networks/${id}/tags/${long}`);
    assert.equal(tooLong.statusCode, 400);
    assert.equal(
      tooLong.json().NeutronError.message,
      `Invalid input for operation: '${long}' exceeds maximum length of 255.`,
    );
    const many = Array.from({ length: 51 }, (_, index) => `t${index}`);
    const tooMany = await put({ tags: many });
    assert.deepEqual(tooMany, {
      type: 'BadRequest',
      message: 'Bad networks request: The number of tags exceed the per-resource limit of 50.',
      detail: '',
    });
  });

  test("another project's resource is not found; a shared one is seen but not retagged", async () => {
    const hidden = await network('other');
    const missing = await net.request('GET', `/networks/${hidden.id}/tags`);
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json().NeutronError, {
      type: 'TagResourceNotFound',
      message: `Resource networks ${hidden.id} could not be found.`,
      detail: '',
    });
    assert.equal((await net.request('PUT', `/networks/${hidden.id}/tags/x`)).statusCode, 404);
    const shared = await network('admin', { shared: true });
    await net.json('PUT', `/networks/${shared.id}/tags/public`, 201, { caller: 'admin' });
    assert.deepEqual((await net.json('GET', `/networks/${shared.id}/tags`, 200)).tags, ['public']);
    const refused = await net.request('PUT', `/networks/${shared.id}/tags/mine`);
    assert.equal(refused.statusCode, 403);
    assert.equal((await net.request('DELETE', `/networks/${shared.id}/tags`)).statusCode, 403);
  });

  test('every taggable collection has the routes, security groups under their dashed path', async () => {
    const { security_group: group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'tagged' } },
    });
    await net.json('PUT', `/security-groups/${group.id}/tags/web`, 201);
    const shown = await net.json('GET', `/security-groups/${group.id}`, 200);
    assert.deepEqual(shown.security_group.tags, ['web']);
    assert.equal((await net.request('GET', `/rbac-policies/x/tags`)).statusCode, 404);
  });
});
