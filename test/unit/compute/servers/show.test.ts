import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COMPUTE_URL } from '../../../helpers/compute-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { message, networkInfo, serversFixture, type ServersFixture } from './fixtures.js';

/** The keys every detailed server has at 2.1 for its owner. */
const V2_1 = [
  'OS-DCF:diskConfig',
  'OS-EXT-AZ:availability_zone',
  'OS-EXT-STS:power_state',
  'OS-EXT-STS:task_state',
  'OS-EXT-STS:vm_state',
  'OS-SRV-USG:launched_at',
  'OS-SRV-USG:terminated_at',
  'accessIPv4',
  'accessIPv6',
  'addresses',
  'config_drive',
  'created',
  'flavor',
  'hostId',
  'id',
  'image',
  'key_name',
  'links',
  'metadata',
  'name',
  'os-extended-volumes:volumes_attached',
  'progress',
  'status',
  'tenant_id',
  'updated',
  'user_id',
];

describe('GET and PUT /servers/{id}', () => {
  let f: ServersFixture;
  let id: string;
  before(async () => {
    f = await serversFixture();
    await f.compute.request('POST', '/flavors/1/os-extra_specs', {
      body: { extra_specs: { 'hw:cpu_policy': 'shared' } },
    });
    const created = await f.create({ name: 'shown', metadata: { a: 'b' } });
    id = created.json().server.id;
  });
  after(() => f.close());

  const show = (version?: string, caller = 'member') =>
    f.compute.request('GET', `/servers/${id}`, { caller, version });

  test('2.1: the v2.1 fields, flavor and image as links', async () => {
    const response = await show();
    assert.equal(response.statusCode, 200, response.body);
    const server = response.json().server;
    assert.deepEqual(Object.keys(server).sort(), V2_1);
    assert.equal(server.status, 'BUILD');
    assert.equal(server.tenant_id, PROJECTS.one);
    assert.equal(server.hostId, '');
    assert.deepEqual(server.metadata, { a: 'b' });
    assert.deepEqual(server.flavor, {
      id: '1',
      links: [{ rel: 'bookmark', href: `${COMPUTE_URL}/flavors/1` }],
    });
    assert.deepEqual(server.image, {
      id: f.imageId,
      links: [{ rel: 'bookmark', href: `${COMPUTE_URL}/images/${f.imageId}` }],
    });
    assert.deepEqual(server.links, [
      { rel: 'self', href: `${COMPUTE_URL}/v2.1/servers/${id}` },
      { rel: 'bookmark', href: `${COMPUTE_URL}/servers/${id}` },
    ]);
    assert.match(server.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(server.config_drive, '');
    assert.equal(server.progress, 0);
    assert.deepEqual(server.addresses, {});
  });

  test('2.47 embeds the flavor; 2.73 adds locked_reason; admins see more', async () => {
    const embedded = (await show('2.47')).json().server;
    assert.deepEqual(embedded.flavor, {
      vcpus: 1,
      ram: 512,
      disk: 1,
      ephemeral: 0,
      swap: 0,
      original_name: 'm1.tiny',
      extra_specs: { 'hw:cpu_policy': 'shared' },
    });
    const latest = (await show('2.73')).json().server;
    for (const key of ['locked', 'locked_reason', 'description', 'tags', 'trusted_image_certificates']) {
      assert.ok(key in latest, key);
    }
    assert.equal(latest.locked, false);
    assert.equal(latest.locked_reason, null);
    assert.equal(latest.description, 'shown', 'before 2.19 the description is the name');
    assert.ok(!('host_status' in latest), 'host status is for admins');
    assert.ok(!('OS-EXT-SRV-ATTR:host' in latest));
    const admin = (await show('2.73', 'admin')).json().server;
    assert.equal(admin.host_status, '');
    assert.equal(admin['OS-EXT-SRV-ATTR:host'], null);
    assert.match(admin['OS-EXT-SRV-ATTR:instance_name'], /^instance-[0-9a-f]{8}$/);
    assert.equal(admin['OS-EXT-SRV-ATTR:hostname'], 'shown');
    assert.equal(admin['OS-EXT-SRV-ATTR:kernel_id'], '');
    const groups = (await show('2.71')).json().server;
    assert.deepEqual(groups.server_groups, []);
    const hostname = (await show('2.90')).json().server;
    assert.equal(hostname['OS-EXT-SRV-ATTR:hostname'], 'shown');
  });

  test('a failed server shows its fault; details to admins or for non-500 faults', async () => {
    await f.compute.db
      .updateTable('instances')
      .set({ vm_state: 'error', task_state: null })
      .where('uuid', '=', id)
      .execute();
    await f.compute.db
      .insertInto('instance_faults')
      .values({
        instance_uuid: id,
        code: 500,
        message: 'No valid host was found.',
        details: 'trace',
        host: null,
        created_at: '2030-01-01T00:00:00.000Z',
      })
      .execute();
    const fault = (await show()).json().server.fault;
    assert.deepEqual(fault, {
      code: 500,
      created: '2030-01-01T00:00:00Z',
      message: 'No valid host was found.',
    });
    assert.equal((await show(undefined, 'admin')).json().server.fault.details, 'trace');
    await f.compute.db
      .updateTable('instances')
      .set({ vm_state: 'building', task_state: 'scheduling' })
      .where('uuid', '=', id)
      .execute();
  });

  test("another project's server, or none, is not found", async () => {
    const response = await f.compute.request('GET', `/servers/${id}`, { caller: 'other' });
    assert.equal(response.statusCode, 404);
    assert.equal(message(response), `Instance ${id} could not be found.`);
    assert.equal((await f.compute.request('GET', '/servers/nope', { caller: 'member' })).statusCode, 404);
    for (const [method, path] of [
      ['PUT', `/servers/${id}`],
      ['DELETE', `/servers/${id}`],
      ['GET', `/servers/${id}/metadata`],
      ['GET', `/servers/${id}/ips`],
    ] as const) {
      const body = method === 'PUT' ? { server: { name: 'x' } } : undefined;
      const other = await f.compute.request(method, path, { caller: 'other', body });
      assert.equal(other.statusCode, 404, `${method} ${path}`);
    }
    // Admins see every project's.
    assert.equal((await f.compute.request('GET', `/servers/${id}`, { caller: 'admin' })).statusCode, 200);
  });

  test('PUT changes the name and more; its answer shows all from 2.75', async () => {
    const old = await f.compute.request('PUT', `/servers/${id}`, {
      caller: 'member',
      body: { server: { name: 'renamed', accessIPv4: '192.0.2.1', 'OS-DCF:diskConfig': 'AUTO' } },
    });
    assert.equal(old.statusCode, 200, old.body);
    const before275 = old.json().server;
    assert.equal(before275.name, 'renamed');
    assert.equal(before275.accessIPv4, '192.0.2.1');
    assert.equal(before275['OS-DCF:diskConfig'], 'AUTO');
    assert.ok(!('OS-EXT-STS:vm_state' in before275));
    assert.ok(!('key_name' in before275));
    const described = await f.compute.request('PUT', `/servers/${id}`, {
      caller: 'member',
      version: '2.75',
      body: { server: { description: 'about it' } },
    });
    assert.equal(described.json().server.description, 'about it');
    assert.ok('OS-EXT-STS:vm_state' in described.json().server);
    const early = await f.compute.request('PUT', `/servers/${id}`, {
      caller: 'member',
      body: { server: { description: 'too early' } },
    });
    assert.equal(early.statusCode, 400);
    const hostname = await f.compute.request('PUT', `/servers/${id}`, {
      caller: 'member',
      version: '2.90',
      body: { server: { hostname: 'new-host' } },
    });
    assert.equal(hostname.json().server['OS-EXT-SRV-ATTR:hostname'], 'new-host');
  });

  test('ips: by network, from the network info', async () => {
    await f.compute.db
      .updateTable('instances')
      .set({
        vm_state: 'active',
        network_info: networkInfo('fa:16:3e:00:00:02', [
          { address: '10.0.0.7', version: 4, type: 'fixed' },
          { address: 'fd00::7', version: 6, type: 'fixed' },
        ]),
      })
      .where('uuid', '=', id)
      .execute();
    const ips = await f.compute.request('GET', `/servers/${id}/ips`, { caller: 'member' });
    assert.deepEqual(ips.json(), {
      addresses: {
        private: [
          { version: 4, addr: '10.0.0.7' },
          { version: 6, addr: 'fd00::7' },
        ],
      },
    });
    const one = await f.compute.request('GET', `/servers/${id}/ips/private`, { caller: 'member' });
    assert.deepEqual(Object.keys(one.json()), ['private']);
    const none = await f.compute.request('GET', `/servers/${id}/ips/public`, { caller: 'member' });
    assert.equal(none.statusCode, 404);
    assert.equal(message(none), 'Instance is not a member of specified network');
    const detail = (await show()).json().server;
    assert.deepEqual(detail.addresses.private[0], {
      version: 4,
      addr: '10.0.0.7',
      'OS-EXT-IPS:type': 'fixed',
      'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:02',
    });
    assert.deepEqual(detail.security_groups, [{ name: 'default' }]);
  });
});
