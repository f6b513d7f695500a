import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AggregatesRepo } from '../../../../src/compute/aggregates/aggregates-repo.js';
import { ServiceRegistry } from '../../../../src/compute/services/service-registry.js';
import {
  actionsFixture,
  faultMessage,
  PROJECTS,
  SMALL,
  type ActionsFixture,
} from '../server-actions/fixtures.js';

describe('os-hosts', () => {
  let fixture: ActionsFixture;
  const request = (
    method: string,
    path: string,
    options: { body?: unknown; caller?: string; version?: string } = {},
  ) => fixture.compute.request(method, path, { caller: 'admin', ...options });

  before(async () => {
    fixture = await actionsFixture();
    const now = new Date();
    const registry = new ServiceRegistry(fixture.compute.db);
    await registry.register('controller', 'nova-scheduler', now);
    await registry.register('controller', 'nova-conductor', now);
    await fixture.computeHost('host2');
    // host2 is disabled, so it is not listed; host3 is in zone az1 by its aggregate.
    await fixture.compute.db
      .updateTable('services')
      .set({ disabled: 1 })
      .where('host', '=', 'host2')
      .execute();
    await fixture.computeHost('host3');
    const aggregates = new AggregatesRepo(fixture.compute.db);
    const aggregate = await aggregates.create('agg', { availability_zone: 'az1' }, now);
    await aggregates.addHost(aggregate.id, 'host3', now);
    // A compute service with no compute node yet.
    await registry.register('bare', 'nova-compute', now);

    await fixture.server();
    await fixture.server({
      flavor: JSON.stringify(SMALL),
      vcpus: 1,
      memory_mb: 2048,
      root_gb: 20,
      ephemeral_gb: 5,
    });
    await fixture.server({ project_id: PROJECTS.two });
    await fixture.server({ deleted: 1 });
    await fixture.server({ host: 'host2' });
  });
  after(() => fixture.close());

  test('list: enabled services by host, with their topic and zone; the zone filter', async () => {
    const response = await request('GET', '/os-hosts');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().hosts, [
      { host_name: 'host1', service: 'compute', zone: 'nova' },
      { host_name: 'controller', service: 'scheduler', zone: 'internal' },
      { host_name: 'controller', service: 'conductor', zone: 'internal' },
      { host_name: 'host3', service: 'compute', zone: 'az1' },
      { host_name: 'bare', service: 'compute', zone: 'nova' },
    ]);
    const zone = async (query: string) =>
      (await request('GET', `/os-hosts?${query}`))
        .json()
        .hosts.map((host: { host_name: string }) => host.host_name);
    assert.deepEqual(await zone('zone=az1'), ['host3']);
    assert.deepEqual(await zone('zone=internal'), ['controller', 'controller']);
    assert.deepEqual(await zone('zone=xxx'), []);
    assert.equal((await zone('zone=')).length, 5);
  });

  test('show: totals and use of the first node, used_max of the instances, each project', async () => {
    const response = await request('GET', '/os-hosts/host1');
    assert.equal(response.statusCode, 200);
    const rows = response.json().host.map((row: { resource: unknown }) => row.resource);
    const row = (project: string, cpu: number, memory: number, disk: number) => ({
      host: 'host1',
      project,
      cpu,
      memory_mb: memory,
      disk_gb: disk,
    });
    assert.deepEqual(rows, [
      row('(total)', 8, 8192, 100),
      row('(used_now)', 0, 0, 0),
      row('(used_max)', 3, 512 + 2048 + 512, 1 + 25 + 1),
      row(PROJECTS.one, 2, 2560, 26),
      row(PROJECTS.two, 1, 512, 1),
    ]);
  });

  test('show: 404 for a host that is not a compute host, and for one with no node', async () => {
    for (const host of ['nonexistent_hostname', 'controller']) {
      const response = await request('GET', `/os-hosts/${host}`);
      assert.equal(response.statusCode, 404);
      assert.equal(faultMessage(response), `Host '${host}' is not mapped to any cell`);
    }
    const bare = await request('GET', '/os-hosts/bare');
    assert.equal(bare.statusCode, 404);
    assert.equal(faultMessage(bare), 'Compute host bare could not be found.');
  });

  test("update: Tempest's nulls and bad words are 400; the driver can't, 501; unknown host 404", async () => {
    const nulls = await request('PUT', '/os-hosts/host1', { body: { status: null, maintenance_mode: null } });
    assert.equal(nulls.statusCode, 400);
    assert.equal(
      faultMessage(nulls),
      "Invalid input for field/attribute status. Value: None. None is not of type 'string'",
    );
    const invalid = await request('PUT', '/os-hosts/host1', {
      body: { status: 'invalid', maintenance_mode: 'enable' },
    });
    assert.equal(invalid.statusCode, 400);
    assert.equal((await request('PUT', '/os-hosts/host1', { body: { other: 'enable' } })).statusCode, 400);

    for (const body of [
      { status: 'enable' },
      { maintenance_mode: 'DISABLE' },
      { status: 'Disable', maintenance_mode: 'enable' },
    ]) {
      const response = await request('PUT', '/os-hosts/host1', { body });
      assert.equal(response.statusCode, 501);
      assert.deepEqual(response.json(), {
        notImplemented: { code: 501, message: 'The requested functionality is not supported.' },
      });
    }
    const unknown = await request('PUT', '/os-hosts/nonexistent_hostname', { body: { status: 'enable' } });
    assert.equal(unknown.statusCode, 404);
    // Nova's schema requires neither field: an empty body changes nothing.
    assert.deepEqual((await request('PUT', '/os-hosts/whatever', { body: {} })).json(), { host: 'whatever' });
  });

  test('power actions: 501 for a compute host (no driver has them), 404 for an unknown one', async () => {
    for (const action of ['startup', 'shutdown', 'reboot']) {
      assert.equal((await request('GET', `/os-hosts/host1/${action}`)).statusCode, 501, action);
      const unknown = await request('GET', `/os-hosts/nonexistent_hostname/${action}`);
      assert.equal(unknown.statusCode, 404, action);
    }
  });

  test('admin only: 403 for a project member on every call', async () => {
    const member = { caller: 'member' };
    for (const [method, path, body] of [
      ['GET', '/os-hosts', undefined],
      ['GET', '/os-hosts/host1', undefined],
      ['PUT', '/os-hosts/host1', { status: 'enable', maintenance_mode: 'enable' }],
      ['GET', '/os-hosts/host1/startup', undefined],
      ['GET', '/os-hosts/host1/shutdown', undefined],
      ['GET', '/os-hosts/host1/reboot', undefined],
    ] as const) {
      const response = await request(method, path, { ...member, ...(body ? { body } : {}) });
      assert.equal(response.statusCode, 403, `${method} ${path}`);
    }
  });

  test('deprecated: 404 from 2.43', async () => {
    assert.equal((await request('GET', '/os-hosts', { version: '2.42' })).statusCode, 200);
    for (const [method, path] of [
      ['GET', '/os-hosts'],
      ['GET', '/os-hosts/host1'],
      ['GET', '/os-hosts/host1/reboot'],
    ]) {
      assert.equal((await request(method, path, { version: '2.43' })).statusCode, 404, path);
    }
    const update = await request('PUT', '/os-hosts/host1', { body: { status: 'enable' }, version: '2.43' });
    assert.equal(update.statusCode, 404);
  });
});
