import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

const flavor = (fields: Record<string, unknown>) => ({ flavor: { ram: 256, vcpus: 1, disk: 1, ...fields } });

describe('flavors', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
  });
  after(() => compute.close());

  test("DevStack's m1 flavors are there from the start", async () => {
    const response = await compute.request('GET', '/flavors', { caller: 'member' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      response.json().flavors.map((f: { id: string; name: string }) => `${f.id}:${f.name}`),
      ['1:m1.tiny', '2:m1.small', '3:m1.medium', '4:m1.large', '5:m1.xlarge'],
    );
    assert.deepEqual(response.json().flavors[0].links, [
      { rel: 'self', href: 'http://stratus.test/compute/v2.1/flavors/1' },
      { rel: 'bookmark', href: 'http://stratus.test/compute/flavors/1' },
    ]);
  });

  test('a flavor in detail at 2.1: swap "" and no description', async () => {
    const response = await compute.request('GET', '/flavors/1', { caller: 'member' });
    assert.deepEqual(response.json().flavor, {
      id: '1',
      name: 'm1.tiny',
      ram: 512,
      disk: 1,
      swap: '',
      'OS-FLV-EXT-DATA:ephemeral': 0,
      'OS-FLV-DISABLED:disabled': false,
      vcpus: 1,
      'os-flavor-access:is_public': true,
      rxtx_factor: 1,
      links: [
        { rel: 'self', href: 'http://stratus.test/compute/v2.1/flavors/1' },
        { rel: 'bookmark', href: 'http://stratus.test/compute/flavors/1' },
      ],
    });
  });

  test('description from 2.55, extra_specs from 2.61, swap 0 from 2.75', async () => {
    const at255 = (await compute.request('GET', '/flavors/1', { version: '2.55' })).json().flavor;
    assert.equal(at255.description, null);
    assert.equal(at255.extra_specs, undefined);
    assert.equal(at255.swap, '');
    const at261 = (await compute.request('GET', '/flavors/1', { version: '2.61', caller: 'member' })).json()
      .flavor;
    assert.deepEqual(at261.extra_specs, {});
    const at275 = (await compute.request('GET', '/flavors/1', { version: '2.75' })).json().flavor;
    assert.equal(at275.swap, 0);
  });

  test('an admin creates a flavor; the id is generated when not given', async () => {
    const response = await compute.request('POST', '/flavors', { body: flavor({ name: 'gen', swap: 512 }) });
    assert.equal(response.statusCode, 200);
    const created = response.json().flavor;
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.swap, 512);
    assert.equal(created['os-flavor-access:is_public'], true);
    const numeric = await compute.request('POST', '/flavors', {
      body: flavor({ name: 'num', id: 42, ram: '128' }),
    });
    assert.equal(numeric.json().flavor.id, '42');
    assert.equal(numeric.json().flavor.ram, 128);
  });

  test('a taken name or id is a conflictingRequest', async () => {
    await compute.request('POST', '/flavors', { body: flavor({ name: 'dup', id: 'dup-id' }) });
    const byName = await compute.request('POST', '/flavors', { body: flavor({ name: 'dup' }) });
    assert.deepEqual(byName.json(), {
      conflictingRequest: { code: 409, message: 'Flavor with name dup already exists.' },
    });
    const byId = await compute.request('POST', '/flavors', { body: flavor({ name: 'other', id: 'dup-id' }) });
    assert.equal(byId.json().conflictingRequest.message, 'Flavor with ID dup-id already exists.');
  });

  test('bad input is a badRequest naming the field', async () => {
    const ram = await compute.request('POST', '/flavors', { body: flavor({ name: 'bad', ram: 0 }) });
    assert.equal(ram.statusCode, 400);
    assert.match(ram.json().badRequest.message, /ram/);
    const missing = await compute.request('POST', '/flavors', {
      body: { flavor: { name: 'x', ram: 1, vcpus: 1 } },
    });
    assert.match(missing.json().badRequest.message, /disk/);
    const name = await compute.request('POST', '/flavors', { body: flavor({ name: ' padded' }) });
    assert.match(name.json().badRequest.message, /An invalid 'name' value was provided/);
    const early = await compute.request('POST', '/flavors', {
      body: flavor({ name: 'd', description: 'x' }),
    });
    assert.equal(early.statusCode, 400);
    assert.match(early.json().badRequest.message, /description/);
  });

  test('only admins manage flavors', async () => {
    const create = await compute.request('POST', '/flavors', {
      caller: 'member',
      body: flavor({ name: 'mine' }),
    });
    assert.deepEqual(create.json(), {
      forbidden: {
        code: 403,
        message: "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.",
      },
    });
    const remove = await compute.request('DELETE', '/flavors/1', { caller: 'member' });
    assert.equal(remove.statusCode, 403);
  });

  test('the description is set at create and changed with PUT from 2.55', async () => {
    const created = await compute.request('POST', '/flavors', {
      version: '2.55',
      body: flavor({ name: 'described', id: 'described', description: 'first' }),
    });
    assert.equal(created.json().flavor.description, 'first');
    const updated = await compute.request('PUT', '/flavors/described', {
      version: '2.55',
      body: { flavor: { description: 'second' } },
    });
    assert.equal(updated.statusCode, 200);
    assert.equal(updated.json().flavor.description, 'second');
    const early = await compute.request('PUT', '/flavors/described', {
      body: { flavor: { description: 'x' } },
    });
    assert.equal(early.statusCode, 404);
  });

  test('delete answers 202, then the flavor is gone', async () => {
    await compute.request('POST', '/flavors', { body: flavor({ name: 'doomed', id: 'doomed' }) });
    const response = await compute.request('DELETE', '/flavors/doomed');
    assert.equal(response.statusCode, 202);
    const show = await compute.request('GET', '/flavors/doomed');
    assert.deepEqual(show.json(), {
      itemNotFound: { code: 404, message: 'Flavor doomed could not be found.' },
    });
  });

  test('filters, sorting and limit/marker with a next link', async () => {
    const big = await compute.request('GET', '/flavors/detail?minRam=8192&minDisk=100');
    assert.deepEqual(
      big.json().flavors.map((f: { id: string }) => f.id),
      ['5'],
    );
    const sorted = await compute.request('GET', '/flavors?sort_key=memory_mb&sort_dir=desc&limit=2');
    const body = sorted.json();
    assert.deepEqual(
      body.flavors.map((f: { id: string }) => f.id),
      ['5', '4'],
    );
    assert.deepEqual(body.flavors_links, [
      {
        rel: 'next',
        href: 'http://stratus.test/compute/v2.1/flavors?limit=2&sort_dir=desc&sort_key=memory_mb&marker=4',
      },
    ]);
    const next = await compute.request('GET', '/flavors?sort_key=memory_mb&sort_dir=desc&limit=2&marker=4');
    assert.deepEqual(
      next.json().flavors.map((f: { id: string }) => f.id),
      ['3', '2'],
    );
    const badMarker = await compute.request('GET', '/flavors?marker=nope');
    assert.deepEqual(badMarker.json(), { badRequest: { code: 400, message: 'marker [nope] not found' } });
    const badRam = await compute.request('GET', '/flavors?minRam=lots');
    assert.equal(badRam.json().badRequest.message, 'Invalid minRam filter [lots]');
    const badKey = await compute.request('GET', '/flavors?sort_key=colour');
    assert.equal(badKey.statusCode, 400);
  });

  test('unknown query parameters are ignored before 2.75 and refused from it', async () => {
    assert.equal((await compute.request('GET', '/flavors?colour=red')).statusCode, 200);
    const strict = await compute.request('GET', '/flavors?colour=red', { version: '2.75' });
    assert.equal(strict.statusCode, 400);
    assert.match(strict.json().badRequest.message, /'colour' was unexpected/);
  });
});

describe('private flavors and flavor access', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
    await compute.request('POST', '/flavors', {
      body: flavor({ name: 'private', id: 'private', 'os-flavor-access:is_public': false }),
    });
  });
  after(() => compute.close());

  const ids = async (caller: string, query = '') =>
    (await compute.request('GET', `/flavors${query}`, { caller }))
      .json()
      .flavors.map((f: { id: string }) => f.id);

  test('a private flavor is invisible to projects without access', async () => {
    assert.ok(!(await ids('member')).includes('private'));
    const show = await compute.request('GET', '/flavors/private', { caller: 'member' });
    assert.equal(show.statusCode, 404);
  });

  test('admins list private flavors with is_public=false or none', async () => {
    assert.deepEqual(await ids('admin', '?is_public=false'), ['private']);
    assert.ok((await ids('admin', '?is_public=none')).includes('private'));
    assert.ok(!(await ids('admin')).includes('private'));
    const bad = await compute.request('GET', '/flavors?is_public=maybe');
    assert.equal(bad.json().badRequest.message, 'Invalid is_public filter [maybe]');
  });

  test('access given to a project makes the flavor visible to it alone', async () => {
    const added = await compute.request('POST', '/flavors/private/action', {
      body: { addTenantAccess: { tenant: PROJECTS.one } },
    });
    assert.equal(added.statusCode, 200);
    assert.deepEqual(added.json(), { flavor_access: [{ flavor_id: 'private', tenant_id: PROJECTS.one }] });
    assert.ok((await ids('member')).includes('private'));
    assert.ok(!(await ids('other')).includes('private'));
    const again = await compute.request('POST', '/flavors/private/action', {
      body: { addTenantAccess: { tenant: PROJECTS.one } },
    });
    assert.equal(again.statusCode, 409);
    const list = await compute.request('GET', '/flavors/private/os-flavor-access', { caller: 'member' });
    assert.deepEqual(list.json().flavor_access, [{ flavor_id: 'private', tenant_id: PROJECTS.one }]);
  });

  test('removing access hides it again; removing twice is a 404', async () => {
    await compute.request('POST', '/flavors/private/action', {
      body: { addTenantAccess: { tenant: PROJECTS.two } },
    });
    const removed = await compute.request('POST', '/flavors/private/action', {
      body: { removeTenantAccess: { tenant: PROJECTS.two } },
    });
    assert.deepEqual(removed.json().flavor_access, [{ flavor_id: 'private', tenant_id: PROJECTS.one }]);
    assert.ok(!(await ids('other')).includes('private'));
    const twice = await compute.request('POST', '/flavors/private/action', {
      body: { removeTenantAccess: { tenant: PROJECTS.two } },
    });
    assert.equal(
      twice.json().itemNotFound.message,
      `Flavor access not found for private / ${PROJECTS.two} combination.`,
    );
  });

  test('public flavors have no access list, and take none from 2.7', async () => {
    const list = await compute.request('GET', '/flavors/1/os-flavor-access');
    assert.equal(list.json().itemNotFound.message, 'Access list not available for public flavors.');
    const add = await compute.request('POST', '/flavors/1/action', {
      version: '2.7',
      body: { addTenantAccess: { tenant: PROJECTS.two } },
    });
    assert.deepEqual(add.json(), {
      conflictingRequest: { code: 409, message: 'Can not add access to a public flavor.' },
    });
  });

  test('only admins change access', async () => {
    const response = await compute.request('POST', '/flavors/private/action', {
      caller: 'member',
      body: { addTenantAccess: { tenant: PROJECTS.one } },
    });
    assert.equal(response.statusCode, 403);
  });
});
