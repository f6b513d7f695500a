import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';
import { ServiceRegistry } from '../../../../src/compute/services/service-registry.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');

/** Tempest's aggregate keys (v2_1); create leaves out hosts and metadata; v2_41 adds uuid. */
const TEMPEST_AGGREGATE = [
  'availability_zone',
  'created_at',
  'deleted',
  'deleted_at',
  'hosts',
  'id',
  'metadata',
  'name',
  'updated_at',
];
const TEMPEST_CREATE = TEMPEST_AGGREGATE.filter((key) => key !== 'hosts' && key !== 'metadata');

type Response = Awaited<ReturnType<ComputeTestApp['request']>>;
const message = (response: Response) =>
  Object.values(response.json() as Record<string, { message: string }>)[0].message;

describe('os-aggregates', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
    compute.deps.now = () => T0;
    const registry = new ServiceRegistry(compute.db);
    for (const host of ['compute1', 'compute2']) await registry.register(host, 'nova-compute', T0);
    await registry.register('controller', 'nova-scheduler', T0);
  });
  after(() => compute.close());

  const create = (aggregate: object, version?: string) =>
    compute.request('POST', '/os-aggregates', { body: { aggregate }, version });
  const action = (id: number, body: object, caller = 'admin') =>
    compute.request('POST', `/os-aggregates/${id}/action`, { body, caller });

  test('create answers Tempest’s create keys; show, list and update the full aggregate', async () => {
    const created = await create({ name: 'rack1', availability_zone: 'az1' });
    assert.equal(created.statusCode, 200);
    const aggregate = created.json().aggregate;
    assert.deepEqual(Object.keys(aggregate).sort(), TEMPEST_CREATE);
    assert.deepEqual(
      { ...aggregate, id: 0 },
      {
        id: 0,
        name: 'rack1',
        availability_zone: 'az1',
        created_at: '2026-01-01T00:00:00.000000',
        updated_at: null,
        deleted_at: null,
        deleted: false,
      },
    );
    const shown = (await compute.request('GET', `/os-aggregates/${aggregate.id}`)).json().aggregate;
    assert.deepEqual(Object.keys(shown).sort(), TEMPEST_AGGREGATE);
    assert.deepEqual([shown.hosts, shown.metadata], [[], { availability_zone: 'az1' }]);
    const listed = (await compute.request('GET', '/os-aggregates')).json().aggregates;
    assert.deepEqual(listed, [shown]);
    const renamed = await compute.request('PUT', `/os-aggregates/${aggregate.id}`, {
      body: { aggregate: { name: 'rack-one', availability_zone: 'az9' } },
    });
    assert.equal(renamed.statusCode, 200);
    assert.deepEqual(
      [
        renamed.json().aggregate.name,
        renamed.json().aggregate.availability_zone,
        renamed.json().aggregate.updated_at,
      ],
      ['rack-one', 'az9', '2026-01-01T00:00:00.000000'],
    );
    assert.equal((await compute.request('DELETE', `/os-aggregates/${aggregate.id}`)).statusCode, 200);
    assert.equal((await compute.request('GET', `/os-aggregates/${aggregate.id}`)).statusCode, 404);
  });

  test('uuid from 2.41', async () => {
    const created = (await create({ name: 'uuids' }, '2.41')).json().aggregate;
    assert.match(created.uuid, /^[0-9a-f-]{36}$/);
    assert.equal(created.availability_zone, null);
    const old = (await compute.request('GET', `/os-aggregates/${created.id}`)).json().aggregate;
    assert.equal('uuid' in old, false);
    const shown = await compute.request('GET', `/os-aggregates/${created.id}`, { version: '2.41' });
    assert.deepEqual(Object.keys(shown.json().aggregate).sort(), [...TEMPEST_AGGREGATE, 'uuid'].sort());
    assert.equal(shown.json().aggregate.uuid, created.uuid);
    await compute.request('DELETE', `/os-aggregates/${created.id}`);
  });

  test('hosts: only registered computes join, once; delete refused while hosts remain', async () => {
    const { id } = (await create({ name: 'hosts' })).json().aggregate;
    const added = await action(id, { add_host: { host: 'compute1' } });
    assert.equal(added.statusCode, 200);
    assert.deepEqual(added.json().aggregate.hosts, ['compute1']);
    const cases: [Response, number, string][] = [
      [
        await action(id, { add_host: { host: 'compute1' } }),
        409,
        `Aggregate ${id} already has host compute1.`,
      ],
      [
        await action(id, { add_host: { host: 'controller' } }),
        404,
        "Host 'controller' is not mapped to any cell",
      ],
      [await action(id, { add_host: { host: 'nowhere' } }), 404, "Host 'nowhere' is not mapped to any cell"],
      [await action(9999, { add_host: { host: 'compute2' } }), 404, 'Aggregate 9999 could not be found.'],
      [
        await action(id, { remove_host: { host: 'compute2' } }),
        404,
        `Cannot remove host compute2 in aggregate ${id}`,
      ],
      [
        await compute.request('DELETE', `/os-aggregates/${id}`),
        400,
        `Cannot remove host from aggregate ${id}. Reason: Host aggregate is not empty.`,
      ],
    ];
    for (const [response, status, text] of cases) {
      assert.equal(response.statusCode, status, text);
      assert.equal(message(response), text);
    }
    const removed = await action(id, { remove_host: { host: 'compute1' } });
    assert.deepEqual(removed.json().aggregate.hosts, []);
    assert.equal((await compute.request('DELETE', `/os-aggregates/${id}`)).statusCode, 200);
  });

  test('set_metadata sets and (with null) removes keys', async () => {
    const { id } = (await create({ name: 'meta' })).json().aggregate;
    const set = await action(id, { set_metadata: { metadata: { ssd: 'true', gpu: '2' } } });
    assert.deepEqual(set.json().aggregate.metadata, { ssd: 'true', gpu: '2' });
    const unset = await action(id, { set_metadata: { metadata: { gpu: null, ssd: 'false' } } });
    assert.deepEqual(unset.json().aggregate.metadata, { ssd: 'false' });
    const zoned = await action(id, { set_metadata: { metadata: { availability_zone: 'az-meta' } } });
    assert.equal(zoned.json().aggregate.availability_zone, 'az-meta');
    await compute.request('DELETE', `/os-aggregates/${id}`);
  });

  test('a host stays in one zone: conflicting zones are refused', async () => {
    const a = (await create({ name: 'zone-a', availability_zone: 'az-a' })).json().aggregate.id;
    const b = (await create({ name: 'zone-b', availability_zone: 'az-b' })).json().aggregate.id;
    const plain = (await create({ name: 'plain' })).json().aggregate.id;
    assert.equal((await action(a, { add_host: { host: 'compute2' } })).statusCode, 200);
    // A zoneless aggregate takes the host; giving it another zone would then move the host.
    assert.equal((await action(plain, { add_host: { host: 'compute2' } })).statusCode, 200);
    const put = (zone: string | null) =>
      compute.request('PUT', `/os-aggregates/${plain}`, { body: { aggregate: { availability_zone: zone } } });
    const inAzA = "One or more hosts already in availability zone(s) ['az-a']";
    const cases: [Response, number, string][] = [
      [
        await action(b, { add_host: { host: 'compute2' } }),
        409,
        `Cannot add host to aggregate ${b}. Reason: ${inAzA}.`,
      ],
      [
        await action(plain, { set_metadata: { metadata: { availability_zone: 'az-b' } } }),
        400,
        `Cannot update metadata of aggregate ${plain}. Reason: ${inAzA}.`,
      ],
      [await put('az-b'), 400, `Cannot update aggregate ${plain}. Reason: ${inAzA}.`],
      [
        await put(null),
        400,
        `Cannot update aggregate ${plain}. Reason: Aggregate plain does not support empty named availability zone.`,
      ],
    ];
    for (const [response, status, text] of cases) {
      assert.equal(response.statusCode, status, text);
      assert.equal(message(response), text);
    }
    const same = await put('az-a');
    assert.deepEqual([same.statusCode, same.json().aggregate.availability_zone], [200, 'az-a']);
    for (const id of [a, plain]) await action(id, { remove_host: { host: 'compute2' } });
    for (const id of [a, b, plain]) await compute.request('DELETE', `/os-aggregates/${id}`);
  });

  test('names are unique', async () => {
    const { id } = (await create({ name: 'taken' })).json().aggregate;
    const again = await create({ name: 'taken' });
    assert.deepEqual([again.statusCode, message(again)], [409, 'Aggregate taken already exists.']);
    const other = (await create({ name: 'other' })).json().aggregate.id;
    const rename = await compute.request('PUT', `/os-aggregates/${other}`, {
      body: { aggregate: { name: 'taken' } },
    });
    assert.equal(rename.statusCode, 409);
    for (const aggregate of [id, other]) await compute.request('DELETE', `/os-aggregates/${aggregate}`);
  });

  test('bad input is a 400', async () => {
    const bad: Response[] = [
      await create({}),
      await create({ name: '' }),
      await create({ name: ' padded ' }),
      await create({ name: 'x', availability_zone: 'a:b' }),
      await create({ name: 'x', extra: 1 }),
      await compute.request('POST', '/os-aggregates', { body: { name: 'x' } }),
      await compute.request('PUT', '/os-aggregates/1', { body: { aggregate: {} } }),
      await compute.request('GET', '/os-aggregates/abc'),
      await action(1, { add_host: {} }),
      await action(1, { add_host: { host: 'bad host' } }),
      await action(1, { set_metadata: { metadata: { 'bad/key': 'v' } } }),
      await action(1, { set_metadata: { metadata: { k: 5 } } }),
      await action(1, { reboot: {} }),
    ];
    for (const response of bad) assert.equal(response.statusCode, 400, response.body);
    assert.equal(message(bad[7]), 'Invalid input received: id must be an integer');
    assert.equal(message(bad[12]), 'There is no such action: reboot');
    assert.equal(
      message(bad[3]),
      "An invalid 'name' value was provided. The name must be: printable characters except :.Can not start or end with whitespace.",
    );
  });

  test('only admins may use aggregates', async () => {
    const refusals: [Response, string][] = [
      [
        await compute.request('GET', '/os-aggregates', { caller: 'member' }),
        'os_compute_api:os-aggregates:index',
      ],
      [
        await compute.request('POST', '/os-aggregates', {
          caller: 'member',
          body: { aggregate: { name: 'm' } },
        }),
        'os_compute_api:os-aggregates:create',
      ],
      [
        await compute.request('GET', '/os-aggregates/1', { caller: 'reader' }),
        'os_compute_api:os-aggregates:show',
      ],
      [
        await action(1, { add_host: { host: 'compute1' } }, 'member'),
        'os_compute_api:os-aggregates:add_host',
      ],
      [
        await compute.request('POST', '/os-aggregates/1/images', {
          caller: 'member',
          version: '2.81',
          body: { cache: [{ id: '00000000-0000-4000-8000-000000000000' }] },
        }),
        'compute:aggregates:images',
      ],
    ];
    for (const [response, rule] of refusals) {
      assert.equal(response.statusCode, 403);
      assert.equal(message(response), `Policy doesn't allow ${rule} to be performed.`);
    }
  });

  test('image pre-cache from 2.81: accepted with 202, duplicates and unknown aggregates refused', async () => {
    const { id } = (await create({ name: 'cache' })).json().aggregate;
    const image = '6f8c6b2e-2d8b-4c43-9d57-0d1c8a5f2a11';
    const request = (cache: object[], version = '2.81', target = id) =>
      compute.request('POST', `/os-aggregates/${target}/images`, { body: { cache }, version });
    const accepted = await request([{ id: image }]);
    assert.deepEqual([accepted.statusCode, accepted.body], [202, '']);
    assert.equal((await request([{ id: image }], '2.80')).statusCode, 404);
    const duplicate = await request([{ id: image }, { id: image }]);
    assert.deepEqual([duplicate.statusCode, message(duplicate)], [400, 'Duplicate images in request']);
    assert.equal((await request([])).statusCode, 400);
    assert.equal((await request([{ id: 'not-a-uuid' }])).statusCode, 400);
    assert.equal((await request([{ id: image }], '2.81', 9999)).statusCode, 404);
    await compute.request('DELETE', `/os-aggregates/${id}`);
  });
});
