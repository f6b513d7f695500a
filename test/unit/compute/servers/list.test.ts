import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COMPUTE_URL } from '../../../helpers/compute-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { message, networkInfo, serversFixture, type ServersFixture } from './fixtures.js';

describe('GET /servers', () => {
  let f: ServersFixture;
  const ids: Record<string, string> = {};
  const stamps = ['2030-01-01T00:00:01.000Z', '2030-01-01T00:00:02.000Z', '2030-01-01T00:00:03.000Z'];

  before(async () => {
    f = await serversFixture();
    for (const [i, name] of ['web-1', 'web-2', 'db-1'].entries()) {
      const tags = name.startsWith('web') ? ['web', name] : ['db'];
      const created = await f.create({ name, tags, networks: 'none' }, { version: '2.52' });
      assert.equal(created.statusCode, 202, created.body);
      ids[name] = created.json().server.id;
      await f.compute.db
        .updateTable('instances')
        .set({ created_at: stamps[i], updated_at: stamps[i] })
        .where('uuid', '=', ids[name])
        .execute();
    }
    const theirs = await f.create({ name: 'theirs' }, { caller: 'other' });
    ids.theirs = theirs.json().server.id;
    // web-2 is running on a host with an address; db-1 failed.
    await f.compute.db
      .updateTable('instances')
      .set({
        vm_state: 'active',
        task_state: null,
        host: 'node1',
        node: 'node1',
        network_info: networkInfo('fa:16:3e:00:00:01', [
          { address: '10.0.0.5', version: 4, type: 'fixed' },
          { address: '172.24.4.9', version: 4, type: 'floating' },
        ]),
      })
      .where('uuid', '=', ids['web-2'])
      .execute();
    await f.compute.db
      .updateTable('instances')
      .set({ vm_state: 'error', task_state: null })
      .where('uuid', '=', ids['db-1'])
      .execute();
  });
  after(() => f.close());

  const names = async (query: string, caller = 'member', version?: string) => {
    const response = await f.compute.request('GET', `/servers${query}`, { caller, version });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().servers as { name: string }[]).map((server) => server.name);
  };

  test("the caller's project, newest first", async () => {
    assert.deepEqual(await names(''), ['db-1', 'web-2', 'web-1']);
    assert.deepEqual(await names('', 'other'), ['theirs']);
    const detail = await f.compute.request('GET', '/servers/detail', { caller: 'member' });
    assert.deepEqual(
      detail.json().servers.map((server: { name: string; status: string }) => [server.name, server.status]),
      [
        ['db-1', 'ERROR'],
        ['web-2', 'ACTIVE'],
        ['web-1', 'BUILD'],
      ],
    );
  });

  test('filters: name as a regular expression, status, image, flavor, tags, ip', async () => {
    assert.deepEqual(await names('?name=^web-'), ['web-2', 'web-1']);
    assert.deepEqual(await names('?name=b-2'), ['web-2']);
    assert.deepEqual(await names('?status=active'), ['web-2']);
    assert.deepEqual(await names('?status=BUILD&status=ERROR'), ['db-1', 'web-1']);
    assert.deepEqual(await names(`?image=${f.imageId}&name=db`), ['db-1']);
    assert.deepEqual(await names('?flavor=1&name=web-1'), ['web-1']);
    assert.deepEqual(await names('?flavor=2'), []);
    assert.deepEqual(await names('?flavor=nonexistent'), []);
    assert.deepEqual(await names('?tags=web,web-1', 'member', '2.26'), ['web-1']);
    assert.deepEqual(await names('?tags-any=db,web-2', 'member', '2.26'), ['db-1', 'web-2']);
    assert.deepEqual(await names('?not-tags=web', 'member', '2.26'), ['db-1']);
    assert.deepEqual(await names('?not-tags-any=db,web-1', 'member', '2.26'), ['web-2']);
    // Tag filters are not known before 2.26, so a member's are dropped.
    assert.deepEqual(await names('?tags=db'), ['db-1', 'web-2', 'web-1']);
    assert.deepEqual(await names('?ip=10.0.0'), ['web-2']);
    assert.deepEqual(await names('?ip=172.24'), []);
    assert.deepEqual(await names('?ip6=10', 'member', '2.5'), []);
    // ip6 is a member's filter from 2.5 only.
    assert.equal((await names('?ip6=10')).length, 3);
  });

  test('admin-only filters are dropped for others; admins filter on any column', async () => {
    assert.deepEqual(await names('?host=node1'), ['db-1', 'web-2', 'web-1']);
    assert.deepEqual(await names('?all_tenants=1&host=node1', 'admin'), ['web-2']);
    assert.deepEqual(await names(`?all_tenants=1&project_id=${PROJECTS.two}`, 'admin'), ['theirs']);
    assert.deepEqual(await names('?all_tenants&hostname=^web', 'admin'), ['web-2', 'web-1']);
    // Without all_tenants an admin sees their own project only.
    assert.deepEqual(await names(`?project_id=${PROJECTS.one}`, 'admin'), []);
    const forbidden = await f.compute.request('GET', '/servers?all_tenants=1', { caller: 'member' });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(
      message(forbidden),
      "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.",
    );
    const joined = await f.compute.request('GET', '/servers?metadata=x', { caller: 'admin' });
    assert.equal(joined.statusCode, 400);
    assert.equal(message(joined), 'Invalid filter field: metadata.');
  });

  test('sorting, paging and their errors', async () => {
    assert.deepEqual(await names('?sort_key=display_name&sort_dir=asc'), ['db-1', 'web-1', 'web-2']);
    assert.deepEqual(await names('?sort_key=vm_state&sort_key=display_name&sort_dir=desc&sort_dir=asc'), [
      'db-1',
      'web-1',
      'web-2',
    ]);
    // Ignored keys do not order.
    assert.deepEqual(await names('?sort_key=vcpus'), ['db-1', 'web-2', 'web-1']);
    const first = await f.compute.request('GET', '/servers?limit=2', { caller: 'member' });
    assert.deepEqual(
      first.json().servers.map((server: { name: string }) => server.name),
      ['db-1', 'web-2'],
    );
    assert.deepEqual(first.json().servers_links, [
      { rel: 'next', href: `${COMPUTE_URL}/v2.1/servers?limit=2&marker=${ids['web-2']}` },
    ]);
    assert.deepEqual(await names(`?limit=2&marker=${ids['web-2']}`), ['web-1']);
    const detailPage = await f.compute.request('GET', '/servers/detail?limit=1', { caller: 'member' });
    assert.match(detailPage.json().servers_links[0].href, /\/v2\.1\/servers\/detail\?limit=1&marker=/);
    const badMarker = await f.compute.request('GET', '/servers?marker=nope', { caller: 'member' });
    assert.equal(badMarker.statusCode, 400);
    assert.equal(message(badMarker), 'marker [nope] not found');
    const badDir = await f.compute.request('GET', '/servers?sort_dir=up', { caller: 'member' });
    assert.equal(badDir.statusCode, 400);
    assert.equal(message(badDir), "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'");
    const byHost = await f.compute.request('GET', '/servers?sort_key=host', { caller: 'member' });
    assert.equal(byHost.statusCode, 403);
    assert.equal(message(byHost), 'Only administrators can sort servers by host');
    const badKey = await f.compute.request('GET', '/servers?sort_key=flavor', { caller: 'member' });
    assert.equal(badKey.statusCode, 400);
    assert.equal((await f.compute.request('GET', '/servers?limit=-1', { caller: 'member' })).statusCode, 400);
  });

  test('status values and unknown parameters by microversion', async () => {
    assert.deepEqual(await names('?status=nonsense'), []);
    const invalid = await f.compute.request('GET', '/servers?status=nonsense', {
      caller: 'member',
      version: '2.38',
    });
    assert.equal(invalid.statusCode, 400);
    assert.equal(message(invalid), 'Invalid status value');
    assert.deepEqual(await names('?whatever=1', 'member', '2.74'), ['db-1', 'web-2', 'web-1']);
    const strict = await f.compute.request('GET', '/servers?whatever=1', {
      caller: 'member',
      version: '2.75',
    });
    assert.equal(strict.statusCode, 400);
    const deleted = await f.compute.request('GET', '/servers?status=deleted', { caller: 'member' });
    assert.equal(deleted.statusCode, 403);
    assert.equal(message(deleted), 'Only administrators may list deleted instances');
  });

  test('deleted servers: with changes-since for owners, with deleted=true for admins', async () => {
    const gone = await f.create({ name: 'gone' });
    const id = gone.json().server.id;
    assert.equal((await f.compute.request('DELETE', `/servers/${id}`, { caller: 'member' })).statusCode, 204);
    assert.ok(!(await names('')).includes('gone'));
    const since = await f.compute.request('GET', '/servers/detail?changes-since=2020-01-01T00:00:00Z', {
      caller: 'member',
    });
    const entry = since.json().servers.find((server: { name: string }) => server.name === 'gone');
    assert.equal(entry.status, 'DELETED');
    assert.ok(!(await names('?changes-since=2099-01-01T00:00:00Z')).includes('gone'));
    const bad = await f.compute.request(
      'GET',
      '/servers?changes-since=2030-01-02T00:00:00Z&changes-before=2030-01-01T00:00:00Z',
      { caller: 'member', version: '2.66' },
    );
    assert.equal(bad.statusCode, 400);
    assert.equal(message(bad), 'The value of changes-since must be less than or equal to changes-before.');
    assert.deepEqual(await names('?deleted=true&all_tenants=1', 'admin'), ['gone']);
    // A member's `deleted` is dropped.
    assert.ok(!(await names('?deleted=true')).includes('gone'));
  });
});
