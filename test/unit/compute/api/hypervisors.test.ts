import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';
import {
  ComputeNodeRegistry,
  type ComputeNodeRow,
} from '../../../../src/compute/hypervisors/compute-node-registry.js';
import { ServiceRegistry } from '../../../../src/compute/services/service-registry.js';
import { hostResources } from '../hypervisors/host-resources.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Tempest's required keys: the brief view, and the detail views of v2_1 and v2_88. */
const BRIEF = ['hypervisor_hostname', 'id', 'state', 'status'];
const DETAIL_21 = [
  ...BRIEF,
  'cpu_info',
  'current_workload',
  'disk_available_least',
  'free_disk_gb',
  'free_ram_mb',
  'host_ip',
  'hypervisor_type',
  'hypervisor_version',
  'local_gb',
  'local_gb_used',
  'memory_mb',
  'memory_mb_used',
  'running_vms',
  'service',
  'vcpus',
  'vcpus_used',
].sort();
const DETAIL_288 = [...BRIEF, 'host_ip', 'hypervisor_type', 'hypervisor_version', 'service', 'uptime'].sort();

const UPTIME = ' 10:00:00 up 3 days,  2:05,  0 users,  load average: 0.00, 0.00, 0.00';

describe('os-hypervisors', () => {
  let compute: ComputeTestApp;
  let node1: ComputeNodeRow;
  let node2: ComputeNodeRow;
  /** What compute1's agent answers to `get_host_uptime` (compute2 is down: nobody asks it). */
  let uptimeAnswer: () => string;
  before(async () => {
    compute = await computeTestApp();
    uptimeAnswer = () => UPTIME;
    await compute.deps.bus.serve('compute.compute1', { get_host_uptime: () => uptimeAnswer() });
    compute.deps.now = () => later(65);
    const services = new ServiceRegistry(compute.db);
    const nodes = new ComputeNodeRegistry(compute.db);
    await services.register('compute1', 'nova-compute', T0);
    await services.heartbeat('compute1', 'nova-compute', later(30));
    // compute2 never heartbeats: down at 65 s.
    const compute2 = await services.register('compute2', 'nova-compute', T0);
    node1 = await nodes.report('compute1', hostResources('node1.example'), T0);
    node2 = await nodes.report('compute2', hostResources('node2.example', { vcpus: 4, runningVms: 0 }), T0);
    await services.setStatus(compute2, { disabled: true, disabledReason: 'maintenance' }, T0);
  });
  after(() => compute.close());

  const get = (path: string, version = '2.1', caller = 'admin') =>
    compute.request('GET', `/os-hypervisors${path}`, { version, caller });

  test('list: integer ids before 2.53, uuids from then; state and status from the service', async () => {
    const at21 = (await get('')).json().hypervisors;
    assert.deepEqual(at21, [
      { id: node1.id, hypervisor_hostname: 'node1.example', state: 'up', status: 'enabled' },
      { id: node2.id, hypervisor_hostname: 'node2.example', state: 'down', status: 'disabled' },
    ]);
    const at253 = (await get('', '2.53')).json().hypervisors;
    assert.deepEqual(
      at253.map((h: { id: string }) => h.id),
      [node1.uuid, node2.uuid],
    );
  });

  test('detail per microversion: cpu_info text, then object; resources gone at 2.88', async () => {
    const at21 = (await get('/detail')).json().hypervisors[0];
    assert.deepEqual(Object.keys(at21).sort(), DETAIL_21);
    assert.equal(typeof at21.cpu_info, 'string');
    assert.deepEqual([at21.free_ram_mb, at21.free_disk_gb, at21.current_workload], [12288, 80, 0]);
    assert.deepEqual(at21.service, { id: at21.service.id, host: 'compute1', disabled_reason: null });
    const at228 = (await get('/detail', '2.28')).json().hypervisors[0];
    assert.equal(at228.cpu_info.model, 'Nehalem');
    const at288 = (await get('/detail', '2.88')).json().hypervisors;
    for (const hypervisor of at288) assert.deepEqual(Object.keys(hypervisor).sort(), DETAIL_288);
    assert.equal(at288[0].uptime, UPTIME);
    assert.equal(at288[1].uptime, null, 'compute2 is down');
    assert.equal(at288[1].service.disabled_reason, 'maintenance');
  });

  test('show by integer id before 2.53 and by uuid from then; with_servers from 2.53', async () => {
    const at21 = await get(`/${node2.id}`);
    assert.equal(at21.statusCode, 200);
    assert.deepEqual(Object.keys(at21.json().hypervisor).sort(), DETAIL_21);
    assert.equal((await get(`/${node2.uuid}`)).statusCode, 404);
    assert.equal((await get(`/${node1.uuid}`, '2.53')).json().hypervisor.id, node1.uuid);
    const bad = await get(`/${node1.id}`, '2.53');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().badRequest.message, `Invalid uuid ${node1.id}`);
    const missing = await get('/999');
    assert.equal(missing.json().itemNotFound.message, "Hypervisor with ID '999' could not be found.");
    // No instances yet: no servers key until 2.75, an empty list from then.
    assert.equal(
      'servers' in (await get(`/${node1.uuid}?with_servers=true`, '2.53')).json().hypervisor,
      false,
    );
    assert.deepEqual((await get(`/${node1.uuid}?with_servers=1`, '2.75')).json().hypervisor.servers, []);
    assert.equal((await get(`/${node1.uuid}?with_servers=maybe`, '2.75')).statusCode, 400);
    assert.equal((await get(`/${node1.uuid}?bogus=1`, '2.53')).statusCode, 400);
  });

  test('statistics sum the nodes of enabled compute services, before 2.88', async () => {
    const response = await get('/statistics');
    assert.deepEqual(response.json().hypervisor_statistics, {
      count: 1,
      vcpus: 8,
      memory_mb: 16384,
      local_gb: 100,
      vcpus_used: 2,
      memory_mb_used: 4096,
      local_gb_used: 20,
      free_ram_mb: 12288,
      free_disk_gb: 80,
      current_workload: 0,
      running_vms: 1,
      disk_available_least: 70,
    });
    assert.equal((await get('/statistics', '2.88')).statusCode, 404);
  });

  test("uptime: the brief view with the agent's uptime line; 400 for a host that is down", async () => {
    const response = await get(`/${node1.id}/uptime`);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      hypervisor: {
        id: node1.id,
        hypervisor_hostname: 'node1.example',
        state: 'up',
        status: 'enabled',
        uptime: UPTIME,
      },
    });
    assert.equal((await get(`/${node1.uuid}/uptime`, '2.53')).json().hypervisor.id, node1.uuid);
    const down = await get(`/${node2.id}/uptime`);
    assert.equal(down.statusCode, 400);
    assert.equal(down.json().badRequest.message, 'Compute service of compute2 is unavailable at this time.');
  });

  test('a driver that cannot tell: uptime is a 501, and null in the 2.88 views', async () => {
    uptimeAnswer = () => {
      throw Object.assign(new Error('no uptime'), { name: 'OperationNotSupported' });
    };
    try {
      const unsupported = await get(`/${node1.id}/uptime`);
      assert.equal(unsupported.statusCode, 501);
      assert.equal(
        unsupported.json().notImplemented.message,
        'The requested functionality is not supported.',
      );
      assert.equal((await get(`/${node1.uuid}`, '2.88')).json().hypervisor.uptime, null);
    } finally {
      uptimeAnswer = () => UPTIME;
    }
    assert.equal((await get(`/${node1.uuid}`, '2.88')).json().hypervisor.uptime, UPTIME);
  });

  test('uptime is 404 from 2.88 and for no node', async () => {
    assert.equal((await get('/999/uptime')).statusCode, 404);
    assert.equal((await get(`/${node1.uuid}/uptime`, '2.88')).statusCode, 404);
  });

  test('search and servers by pattern before 2.53; the pattern query from 2.53', async () => {
    const found = (await get('/node2/search')).json().hypervisors;
    assert.deepEqual(found, [
      { id: node2.id, hypervisor_hostname: 'node2.example', state: 'down', status: 'disabled' },
    ]);
    const servers = (await get('/example/servers')).json().hypervisors;
    assert.equal(servers.length, 2);
    const none = await get('/nothing/search');
    assert.equal(none.json().itemNotFound.message, "No hypervisor matching 'nothing' could be found.");
    assert.equal((await get('/node2/search', '2.53')).statusCode, 404);
    const byPattern = (await get('?hypervisor_hostname_pattern=node1', '2.53')).json();
    assert.deepEqual(
      byPattern.hypervisors.map((h: { id: string }) => h.id),
      [node1.uuid],
    );
    assert.equal((await get('?hypervisor_hostname_pattern=node1&limit=1', '2.53')).statusCode, 400);
    assert.equal((await get('?hypervisor_hostname_pattern=no%20de', '2.53')).statusCode, 400);
  });

  test('limit and marker from 2.33, with hypervisors_links', async () => {
    const first = (await get('?limit=1', '2.33')).json();
    assert.deepEqual(
      first.hypervisors.map((h: { id: number }) => h.id),
      [node1.id],
    );
    assert.equal(first.hypervisors_links[0].rel, 'next');
    assert.match(
      first.hypervisors_links[0].href,
      new RegExp(`/os-hypervisors\\?limit=1&marker=${node1.id}$`),
    );
    const second = (await get(`/detail?limit=1&marker=${node1.uuid}`, '2.53')).json();
    assert.deepEqual(
      second.hypervisors.map((h: { id: string }) => h.id),
      [node2.uuid],
    );
    assert.match(second.hypervisors_links[0].href, /\/os-hypervisors\/detail\?/);
    const last = (await get(`?marker=${node2.id}`, '2.33')).json();
    assert.deepEqual(last, { hypervisors: [] });
    // Before 2.33 paging parameters are ignored.
    assert.equal((await get('?limit=1')).json().hypervisors.length, 2);
    const cases = [
      ['?marker=nowhere', '2.33', 'marker [nowhere] not found'],
      ['?limit=-1', '2.33', undefined],
      ['?limit=x', '2.53', undefined],
      ['?bogus=1', '2.53', "Additional properties are not allowed ('bogus' was unexpected)"],
    ] as const;
    for (const [query, version, message] of cases) {
      const response = await get(query, version);
      assert.equal(response.statusCode, 400, query);
      if (message) assert.equal(response.json().badRequest.message, message);
    }
    assert.equal((await get('?bogus=1', '2.52')).statusCode, 200);
  });

  test('a member may not use any of it', async () => {
    const paths = [
      ['', 'list'],
      ['/detail', 'list-detail'],
      [`/${node1.id}`, 'show'],
      ['/statistics', 'statistics'],
      [`/${node1.id}/uptime`, 'uptime'],
      ['/node/search', 'search'],
      ['/node/servers', 'servers'],
    ];
    for (const [path, action] of paths) {
      const response = await get(path, '2.1', 'member');
      assert.equal(response.statusCode, 403, path);
      assert.equal(
        response.json().forbidden.message,
        `Policy doesn't allow os_compute_api:os-hypervisors:${action} to be performed.`,
      );
    }
  });
});
