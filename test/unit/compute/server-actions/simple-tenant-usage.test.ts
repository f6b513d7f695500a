import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseUsageTime } from '../../../../src/compute/api/simple-tenant-usage.js';
import { actionsFixture, faultMessage, PROJECTS, SMALL, TINY, type ActionsFixture } from './fixtures.js';

const PERIOD = 'start=2024-01-01T00:00:00&end=2024-01-02T00:00:00';

interface Usage {
  tenant_id: string;
  total_hours: number;
  total_vcpus_usage: number;
  total_memory_mb_usage: number;
  total_local_gb_usage: number;
  start: string;
  stop: string;
  server_usages?: Record<string, unknown>[];
}

describe('os-simple-tenant-usage: hours and resource-hours per project over a period', () => {
  let fx: ActionsFixture;
  const ids: Record<string, string> = {};

  before(async () => {
    fx = await actionsFixture();
    // Running the whole day.
    ids.running = await fx.server({ display_name: 'running', launched_at: '2024-01-01T00:00:00.000Z' });
    // Deleted at noon after six hours, on a bigger flavor.
    ids.deleted = await fx.server({
      display_name: 'deleted',
      flavor: JSON.stringify(SMALL),
      launched_at: '2024-01-01T06:00:00.000Z',
      terminated_at: '2024-01-01T12:00:00.000Z',
      deleted_at: '2024-01-01T12:00:00.000Z',
      vm_state: 'deleted',
      deleted: 1,
    });
    // Gone before the period.
    await fx.server({
      project_id: PROJECTS.two,
      launched_at: '2023-12-30T00:00:00.000Z',
      terminated_at: '2023-12-31T00:00:00.000Z',
      deleted: 1,
    });
    // Never launched.
    await fx.server({ project_id: PROJECTS.two, launched_at: null });
    // Another project's, from 18:00.
    ids.other = await fx.server({
      project_id: PROJECTS.two,
      display_name: 'other',
      launched_at: '2024-01-01T18:00:00.000Z',
    });
  });
  after(() => fx.close());

  const get = (path: string, caller = 'admin', version?: string) =>
    fx.compute.request('GET', `/os-simple-tenant-usage${path}`, { caller, version });

  test('the admin list: totals of each project, deleted servers counted for their hours', async () => {
    const response = await get(`?${PERIOD}`);
    assert.equal(response.statusCode, 200, response.body);
    const usages = (response.json() as { tenant_usages: Usage[] }).tenant_usages;
    const one = usages.find((usage) => usage.tenant_id === PROJECTS.one)!;
    assert.deepEqual(one, {
      tenant_id: PROJECTS.one,
      total_local_gb_usage: 24 * TINY.rootGb + 6 * SMALL.rootGb,
      total_vcpus_usage: 24 * TINY.vcpus + 6 * SMALL.vcpus,
      total_memory_mb_usage: 24 * TINY.memoryMb + 6 * SMALL.memoryMb,
      total_hours: 30,
      start: '2024-01-01T00:00:00.000000',
      stop: '2024-01-02T00:00:00.000000',
    });
    const two = usages.find((usage) => usage.tenant_id === PROJECTS.two)!;
    assert.equal(two.total_hours, 6);
    assert.equal(usages.length, 2);
  });

  test('detailed=1: each server with its hours, state and uptime', async () => {
    const usages = ((await get(`?${PERIOD}&detailed=1`)).json() as { tenant_usages: Usage[] }).tenant_usages;
    const servers = usages.find((usage) => usage.tenant_id === PROJECTS.one)!.server_usages!;
    const deleted = servers.find((server) => server.instance_id === ids.deleted)!;
    assert.deepEqual(deleted, {
      instance_id: ids.deleted,
      name: 'deleted',
      hours: 6,
      memory_mb: SMALL.memoryMb,
      local_gb: SMALL.rootGb,
      vcpus: SMALL.vcpus,
      tenant_id: PROJECTS.one,
      flavor: 'm1.small',
      started_at: '2024-01-01T06:00:00.000000',
      ended_at: '2024-01-01T12:00:00.000000',
      state: 'terminated',
      uptime: 6 * 3600,
    });
    const running = servers.find((server) => server.instance_id === ids.running)!;
    assert.equal(running.state, 'active');
    assert.equal(running.ended_at, null);
  });

  test('one project: its owner may see it, with the servers; another project may not', async () => {
    const response = await get(`/${PROJECTS.one}?${PERIOD}`, 'member');
    assert.equal(response.statusCode, 200, response.body);
    const usage = (response.json() as { tenant_usage: Usage }).tenant_usage;
    assert.equal(usage.total_hours, 30);
    assert.equal(usage.server_usages!.length, 2);
    assert.equal((await get(`/${PROJECTS.two}?${PERIOD}`, 'member')).statusCode, 403);
    assert.equal((await get(`?${PERIOD}`, 'member')).statusCode, 403);
    const empty = await get(`/${PROJECTS.admin}?${PERIOD}`);
    assert.deepEqual(empty.json(), { tenant_usage: {} });
  });

  test('2.40: pages of servers with a next link', async () => {
    const response = await get(`?${PERIOD}&limit=2`, 'admin', '2.40');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { tenant_usages: Usage[]; tenant_usages_links: { href: string }[] };
    assert.equal(body.tenant_usages.length, 1);
    assert.equal(body.tenant_usages[0].tenant_id, PROJECTS.one);
    const last = [ids.running, ids.deleted].sort().at(-1)!;
    assert.equal(
      body.tenant_usages_links[0].href,
      // Nova sorts the parameters and puts a new marker last.
      `http://stratus.test/compute/v2.1/os-simple-tenant-usage?end=2024-01-02T00%3A00%3A00&limit=2&start=2024-01-01T00%3A00%3A00&marker=${last}`,
    );
    const next = await get(`?${PERIOD}&limit=2&marker=${last}`, 'admin', '2.40');
    assert.deepEqual(
      (next.json() as { tenant_usages: Usage[] }).tenant_usages.map((usage) => usage.tenant_id),
      [PROJECTS.two],
    );
    const unknown = await get(`?${PERIOD}&marker=nope`, 'admin', '2.40');
    assert.equal(unknown.statusCode, 400);
    assert.equal(faultMessage(unknown), 'Marker nope could not be found.');
    assert.equal((await get(`?${PERIOD}&bogus=1`, 'admin', '2.75')).statusCode, 400);
  });

  test("times in Nova's three formats; anything else or a start after the end is a 400", async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    assert.equal(parseUsageTime('2024-01-01T00:00:00', now).toISOString(), '2024-01-01T00:00:00.000Z');
    assert.equal(parseUsageTime('2024-1-2T3:04:05.5', now).toISOString(), '2024-01-02T03:04:05.500Z');
    assert.equal(parseUsageTime('2024-01-01 10:00:00.123456', now).toISOString(), '2024-01-01T10:00:00.123Z');
    const bad = await get('?start=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.equal(faultMessage(bad), 'Invalid datetime string: Datetime is in invalid format');
    assert.equal((await get('?start=2024-02-30T00:00:00')).statusCode, 400);
    const reversed = await get('?start=2024-01-02T00:00:00&end=2024-01-01T00:00:00');
    assert.equal(reversed.statusCode, 400);
    assert.equal(
      faultMessage(reversed),
      'Invalid start time. The start time cannot occur after the end time.',
    );
  });

  test('an empty tenant id (a trailing slash) reaches no route: 404, as Nova', async () => {
    const response = await get(`/?${PERIOD}`);
    assert.equal(response.statusCode, 404);
  });
});
