import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';
import { QuotaStore } from '../../../../src/compute/quotas/quota-store.js';
import { DbQuotaUsage } from '../../../../src/compute/quotas/quota-usage.js';

type Response = Awaited<ReturnType<ComputeTestApp['request']>>;
const message = (response: Response) =>
  Object.values(response.json() as Record<string, { message: string }>)[0].message;

/** Tempest's keys: v2_1, v2_13 (owners), v2_64 (policy and rules instead of policies and metadata). */
const V2_1 = ['id', 'members', 'metadata', 'name', 'policies'];
const V2_13 = [...V2_1, 'project_id', 'user_id'].sort();
const V2_64 = ['id', 'members', 'name', 'policy', 'project_id', 'rules', 'user_id'];

describe('os-server-groups', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
  });
  after(() => compute.close());

  const create = (server_group: object, version?: string, caller = 'member') =>
    compute.request('POST', '/os-server-groups', { body: { server_group }, version, caller });
  const remove = (id: string, caller = 'member') =>
    compute.request('DELETE', `/os-server-groups/${id}`, { caller });

  test('before 2.64: policies and metadata; owners from 2.13', async () => {
    const created = await create({ name: 'web', policies: ['affinity'] });
    assert.equal(created.statusCode, 200);
    const group = created.json().server_group;
    assert.deepEqual(Object.keys(group).sort(), V2_1);
    assert.deepEqual(group, { id: group.id, name: 'web', policies: ['affinity'], metadata: {}, members: [] });
    const shown = await compute.request('GET', `/os-server-groups/${group.id}`, {
      caller: 'reader',
      version: '2.13',
    });
    assert.deepEqual(Object.keys(shown.json().server_group).sort(), V2_13);
    assert.equal(shown.json().server_group.project_id, PROJECTS.one);
    assert.equal(shown.json().server_group.user_id, 'u-member');
    const soft = await create({ name: 'soft', policies: ['soft-anti-affinity'] }, '2.15');
    assert.deepEqual(soft.json().server_group.policies, ['soft-anti-affinity']);
    for (const id of [group.id, soft.json().server_group.id])
      assert.equal((await remove(id)).statusCode, 204);
    assert.equal(
      (await compute.request('GET', `/os-server-groups/${group.id}`, { caller: 'member' })).statusCode,
      404,
    );
  });

  test('from 2.64: policy and rules', async () => {
    const created = await create(
      { name: 'spread', policy: 'anti-affinity', rules: { max_server_per_host: 2 } },
      '2.64',
    );
    assert.equal(created.statusCode, 200);
    const group = created.json().server_group;
    assert.deepEqual(Object.keys(group).sort(), V2_64);
    assert.deepEqual([group.policy, group.rules], ['anti-affinity', { max_server_per_host: 2 }]);
    const plain = (await create({ name: 'together', policy: 'affinity' }, '2.64')).json().server_group;
    assert.deepEqual(plain.rules, {});
    const old = (await compute.request('GET', `/os-server-groups/${group.id}`, { caller: 'member' })).json();
    assert.deepEqual(old.server_group.policies, ['anti-affinity']);
    for (const id of [group.id, plain.id]) await remove(id);
  });

  test('validation is a 400 with Nova’s messages', async () => {
    const cases: [Response, string | undefined][] = [
      [
        await create({ name: 'x', policy: 'affinity', rules: { max_server_per_host: 2 } }, '2.64'),
        'Only anti-affinity policy supports rules.',
      ],
      [
        await create({ name: 'x', policy: 'anti-affinity', rules: { max_server_per_host: 0 } }, '2.64'),
        'Invalid input for field/attribute max_server_per_host. Value: 0. 0 is less than the minimum of 1',
      ],
      [
        await create({ name: 'x', policies: ['soft-affinity'] }),
        "Invalid input for field/attribute 0. Value: soft-affinity. 'soft-affinity' is not one of ['anti-affinity', 'affinity']",
      ],
      [await create({ name: 'x', policies: ['affinity'] }, '2.64'), undefined],
      [await create({ name: 'x', policy: 'affinity' }), undefined],
      [await create({ name: 'x', policy: 'clustered' }, '2.64'), undefined],
      [await create({ name: 'x', policies: ['affinity', 'anti-affinity'] }), undefined],
      [await create({ name: 'x', policies: [] }), undefined],
      [await create({ name: 'x' }), undefined],
      [await create({ name: '', policies: ['affinity'] }), undefined],
      [await create({ name: ' padded', policies: ['affinity'] }), undefined],
      [await create({ name: 'x', policy: 'anti-affinity', rules: { other: 1 } }, '2.64'), undefined],
      [
        await compute.request('POST', '/os-server-groups', { body: { name: 'x' }, caller: 'member' }),
        undefined,
      ],
      [await compute.request('GET', '/os-server-groups?limit=-1', { caller: 'member' }), undefined],
      [await compute.request('GET', '/os-server-groups?offset=abc', { caller: 'member' }), undefined],
      [
        await compute.request('GET', '/os-server-groups?bogus=1', { caller: 'member', version: '2.75' }),
        undefined,
      ],
    ];
    for (const [response, text] of cases) {
      assert.equal(response.statusCode, 400, response.body);
      if (text !== undefined) assert.equal(message(response), text);
    }
    assert.equal(
      (await compute.request('GET', '/os-server-groups?bogus=1', { caller: 'member' })).statusCode,
      200,
    );
  });

  test('quota: server_groups is counted and enforced with Nova’s 403', async () => {
    await new QuotaStore(compute.db).setLimit(PROJECTS.two, null, 'server_groups', 1);
    const first = await create({ name: 'one', policies: ['affinity'] }, undefined, 'other');
    assert.equal(first.statusCode, 200);
    assert.equal((await new DbQuotaUsage(compute.db).count(PROJECTS.two)).server_groups, 1);
    const second = await create({ name: 'two', policies: ['affinity'] }, undefined, 'other');
    assert.deepEqual([second.statusCode, message(second)], [403, 'Quota exceeded, too many server groups.']);
    await remove(first.json().server_group.id, 'other');
    const again = await create({ name: 'three', policies: ['affinity'] }, undefined, 'other');
    assert.equal(again.statusCode, 200);
    await remove(again.json().server_group.id, 'other');
  });

  test('another project’s group is invisible; admins see it and list all projects', async () => {
    const mine = (await create({ name: 'mine', policies: ['affinity'] })).json().server_group.id;
    const theirs = (await create({ name: 'theirs', policies: ['affinity'] }, undefined, 'other')).json()
      .server_group.id;
    assert.equal(
      (await compute.request('GET', `/os-server-groups/${theirs}`, { caller: 'member' })).statusCode,
      404,
    );
    const gone = await remove(theirs, 'member');
    assert.deepEqual([gone.statusCode, message(gone)], [404, `Instance group ${theirs} could not be found.`]);
    const names = async (path: string, caller: string) =>
      (await compute.request('GET', path, { caller }))
        .json()
        .server_groups.map((g: { name: string }) => g.name);
    assert.deepEqual(await names('/os-server-groups', 'member'), ['mine']);
    assert.deepEqual(await names('/os-server-groups?all_projects=1', 'member'), ['mine']);
    assert.deepEqual(await names('/os-server-groups', 'admin'), []);
    assert.deepEqual(await names('/os-server-groups?all_projects=True', 'admin'), ['mine', 'theirs']);
    assert.deepEqual(await names('/os-server-groups?all_projects=1&limit=1&offset=1', 'admin'), ['theirs']);
    assert.deepEqual(await names('/os-server-groups?all_projects=1&limit=0', 'admin'), ['mine', 'theirs']);
    assert.equal((await compute.request('GET', `/os-server-groups/${theirs}`)).statusCode, 200);
    // Zed or-s the new defaults with admin_or_owner, so a reader of the project may create too.
    const byReader = await create({ name: 'r', policies: ['affinity'] }, undefined, 'reader');
    assert.equal((await remove(byReader.json().server_group.id, 'reader')).statusCode, 204);
    assert.equal((await remove(theirs, 'admin')).statusCode, 204);
    assert.equal((await remove(mine)).statusCode, 204);
  });
});
