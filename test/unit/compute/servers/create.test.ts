import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { COMPUTE_URL } from '../../../helpers/compute-app.js';
import { message, serversFixture, type ServersFixture } from './fixtures.js';

describe('POST /servers', () => {
  let f: ServersFixture;
  before(async () => {
    f = await serversFixture();
  });
  after(() => f.close());

  test('writes a building server with its rows and asks the conductor to build it', async () => {
    const created = await f.create({ metadata: { role: 'web' }, config_drive: true });
    assert.equal(created.statusCode, 202, created.body);
    const server = created.json().server;
    assert.deepEqual(Object.keys(server).sort(), [
      'OS-DCF:diskConfig',
      'adminPass',
      'id',
      'links',
      'security_groups',
    ]);
    assert.equal(server.adminPass.length, 12);
    assert.deepEqual(server.security_groups, [{ name: 'default' }]);
    assert.equal(server['OS-DCF:diskConfig'], 'MANUAL');
    assert.equal(created.headers.location, `${COMPUTE_URL}/v2.1/servers/${server.id}`);

    const row = await f.compute.db
      .selectFrom('instances')
      .selectAll()
      .where('uuid', '=', server.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.vm_state, 'building');
    assert.equal(row.task_state, 'scheduling');
    assert.equal(row.power_state, 0);
    assert.equal(row.host, null);
    assert.equal(row.hostname, 'web');
    assert.equal(row.project_id, PROJECTS.one);
    assert.equal(row.config_drive, 1);
    assert.match(row.reservation_id, /^r-[0-9a-z]{8}$/);
    assert.equal(JSON.parse(row.flavor).id, '1');
    const system = JSON.parse(row.system_metadata);
    assert.equal(system.image_disk_format, 'raw');
    assert.equal(system.image_min_disk, '1');
    assert.equal(system.image_base_image_ref, f.imageId);

    const bdms = await f.compute.db
      .selectFrom('block_device_mappings')
      .selectAll()
      .where('instance_uuid', '=', server.id)
      .execute();
    assert.deepEqual(
      bdms.map((bdm) => [bdm.source_type, bdm.destination_type, bdm.boot_index, bdm.image_id]),
      [['image', 'local', 0, f.imageId]],
    );
    const spec = await f.compute.db
      .selectFrom('request_specs')
      .selectAll()
      .where('instance_uuid', '=', server.id)
      .executeTakeFirstOrThrow();
    assert.equal(JSON.parse(spec.spec).numInstances, 1);
    // Without a network service the server gets no networks: none resolved for it.
    assert.deepEqual(JSON.parse(spec.spec).requestedNetworks, []);
    const actions = await f.compute.db
      .selectFrom('instance_actions')
      .selectAll()
      .where('instance_uuid', '=', server.id)
      .execute();
    assert.deepEqual(
      actions.map((action) => action.action),
      ['create'],
    );
    assert.match(actions[0].request_id, /^req-/);

    await new Promise((resolve) => setImmediate(resolve));
    const cast = f.conductorCasts.find((c) => (c.args.instanceUuids as string[]).includes(server.id));
    assert.ok(cast, 'build_instances was cast');
    assert.equal((cast.args.context as { requestId: string }).requestId, actions[0].request_id);
  });

  test('several servers at once, or their reservation id', async () => {
    const created = await f.create({
      name: 'batch',
      min_count: 2,
      max_count: 3,
      return_reservation_id: true,
    });
    assert.equal(created.statusCode, 202, created.body);
    const { reservation_id: reservation } = created.json();
    const rows = await f.compute.db
      .selectFrom('instances')
      .selectAll()
      .where('reservation_id', '=', reservation)
      .orderBy('launch_index')
      .execute();
    assert.deepEqual(
      rows.map((row) => [row.display_name, row.hostname, row.launch_index]),
      [
        ['batch-1', 'batch-1', 0],
        ['batch-2', 'batch-2', 1],
        ['batch-3', 'batch-3', 2],
      ],
    );
  });

  test('refuses what Nova refuses', async () => {
    const cases: [Record<string, unknown>, number, string | RegExp, string?][] = [
      [{ imageRef: '9e0e4f1f-65c5-4d1e-a3f5-6c9e7e1e3b1c' }, 400, 'Can not find requested image'],
      [{ imageRef: undefined }, 400, 'Missing imageRef attribute'],
      [{ flavorRef: 'nope' }, 400, 'Flavor nope could not be found.'],
      [{ flavorRef: `${COMPUTE_URL}/flavors/nope` }, 400, 'Flavor nope could not be found.'],
      [{ key_name: 'missing' }, 400, 'Invalid key_name provided.'],
      [
        { 'OS-DCF:diskConfig': 'WARM' },
        400,
        "Invalid input for field/attribute OS-DCF:diskConfig. Value: WARM. 'WARM' is not one of ['AUTO', 'MANUAL']",
      ],
      [{ user_data: 'not base64!' }, 400, /^Invalid input for field\/attribute user_data/],
      [{ user_data: 'a'.repeat(65536) }, 400, /is too long/],
      [{ min_count: 3, max_count: 2 }, 400, 'min_count must be <= max_count'],
      [{ metadata: { ['k'.repeat(256)]: 'v' } }, 400, /does not match any of the regexes/],
      [{ metadata: { k: 'v'.repeat(256) } }, 400, /is too long/],
      [{ name: ' padded ' }, 400, /An invalid 'name' value was provided/],
      [
        { networks: 'auto' },
        400,
        /Additional properties are not allowed \('networks' was unexpected\)|is not of type 'array'/,
      ],
      [
        { networks: [{ uuid: '9e0e4f1f-65c5-4d1e-a3f5-6c9e7e1e3b1c' }] },
        400,
        'Network 9e0e4f1f-65c5-4d1e-a3f5-6c9e7e1e3b1c could not be found.',
      ],
      [{ networks: [{ uuid: 'x' }] }, 400, 'Bad networks format: network uuid is not in proper format (x)'],
      [{ description: 'too early' }, 400, /'description' was unexpected/],
      [{ tags: ['a'] }, 400, /'tags' was unexpected/],
      [{ availability_zone: 'elsewhere' }, 400, 'The requested availability zone is not available'],
      [{ availability_zone: 'a:b:c:d' }, 400, 'Invalid input received: Unable to parse availability_zone'],
      [
        { block_device_mapping_v2: [{ source_type: 'blank', destination_type: 'local', boot_index: 1 }] },
        400,
        'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
      ],
      [
        {
          block_device_mapping_v2: [
            { source_type: 'image', uuid: 'x', destination_type: 'local', boot_index: 1 },
          ],
        },
        400,
        'Block Device Mapping is Invalid: Mapping image to local is not supported.',
      ],
    ];
    for (const [fields, status, expected] of cases) {
      const response = await f.create(fields);
      assert.equal(response.statusCode, status, `${JSON.stringify(fields).slice(0, 80)}: ${response.body}`);
      if (typeof expected === 'string') assert.equal(message(response), expected);
      else assert.match(message(response), expected);
    }
    // 2.37 made networks required.
    const missing = await f.create({}, { version: '2.37' });
    assert.equal(missing.statusCode, 400);
    assert.match(message(missing), /'networks' is a required property/);
    assert.equal((await f.create({ networks: 'none' }, { version: '2.37' })).statusCode, 202);
  });

  test('forcing a host and asking for one are for admins', async () => {
    const forced = await f.create({ availability_zone: 'nova:node1' });
    assert.equal(forced.statusCode, 403);
    assert.equal(
      message(forced),
      "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.",
    );
    const asked = await f.create({ host: 'node1', networks: 'none' }, { version: '2.74' });
    assert.equal(asked.statusCode, 403);
    const admin = await f.create({ host: 'node1', networks: 'none' }, { version: '2.74', caller: 'admin' });
    assert.equal(admin.statusCode, 400);
    assert.equal(message(admin), 'Compute host node1 could not be found.');
  });

  test('a node asked for without a host is stored with no host (2.74)', async () => {
    const provider = await f.compute.placement.request('POST', '/resource_providers', {
      body: { name: 'node9' },
    });
    assert.equal(provider.statusCode, 201, provider.body);
    const created = await f.create(
      { hypervisor_hostname: 'node9', networks: 'none' },
      { version: '2.74', caller: 'admin' },
    );
    assert.equal(created.statusCode, 202, created.body);
    const spec = await f.compute.db
      .selectFrom('request_specs')
      .select('spec')
      .where('instance_uuid', '=', created.json().server.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(spec.spec).requestedDestination, { host: null, node: 'node9' });
  });

  test('a disabled or private flavor is not found', async () => {
    await f.compute.request('POST', '/flavors', {
      body: {
        flavor: {
          name: 'private',
          ram: 512,
          vcpus: 1,
          disk: 1,
          id: 'private',
          'os-flavor-access:is_public': false,
        },
      },
    });
    const response = await f.create({ flavorRef: 'private' });
    assert.equal(response.statusCode, 400);
    assert.equal(message(response), 'Flavor private could not be found.');
  });

  test('an image the caller cannot see, or one not active, cannot boot', async () => {
    const hidden = await f.compute.image.createImage('other', { name: 'theirs' });
    await f.compute.image.upload('other', hidden.id as string, 'x');
    const unseen = await f.create({ imageRef: hidden.id });
    assert.equal(unseen.statusCode, 400);
    assert.equal(message(unseen), 'Can not find requested image');
    const queued = await f.compute.image.createImage('member', { name: 'empty' });
    const inactive = await f.create({ imageRef: queued.id });
    assert.equal(inactive.statusCode, 400);
    assert.equal(message(inactive), `Image ${queued.id} is not active.`);
  });

  test('a volume-backed server needs no image', async () => {
    const volume = 'a3c5e7f1-0000-4000-8000-000000000001';
    const created = await f.create({
      imageRef: '',
      block_device_mapping_v2: [
        { source_type: 'volume', uuid: volume, destination_type: 'volume', boot_index: 0 },
      ],
    });
    assert.equal(created.statusCode, 202, created.body);
    const id = created.json().server.id;
    const row = await f.compute.db
      .selectFrom('instances')
      .selectAll()
      .where('uuid', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.image_ref, '');
    const shown = await f.compute.request('GET', `/servers/${id}`, { caller: 'member' });
    assert.equal(shown.json().server.image, '');
    assert.deepEqual(shown.json().server['os-extended-volumes:volumes_attached'], [{ id: volume }]);
  });

  test('metadata beyond the quota is refused', async () => {
    await f.compute.request('PUT', `/os-quota-sets/${PROJECTS.one}`, {
      body: { quota_set: { metadata_items: 2 } },
    });
    const response = await f.create({ metadata: { a: '1', b: '2', c: '3' } });
    assert.equal(response.statusCode, 403);
    assert.equal(message(response), 'Maximum number of metadata items exceeds 2');
    await f.compute.request('PUT', `/os-quota-sets/${PROJECTS.one}`, {
      body: { quota_set: { metadata_items: 128 } },
    });
  });

  test('a server group must exist, and joins the server', async () => {
    const missing = await f.create({}, { hints: { group: '9e0e4f1f-65c5-4d1e-a3f5-6c9e7e1e3b1c' } });
    assert.equal(missing.statusCode, 400);
    assert.equal(message(missing), 'Instance group 9e0e4f1f-65c5-4d1e-a3f5-6c9e7e1e3b1c could not be found.');
    const group = await f.compute.request('POST', '/os-server-groups', {
      caller: 'member',
      body: { server_group: { name: 'g', policies: ['anti-affinity'] } },
    });
    const groupId = group.json().server_group.id;
    const created = await f.create({}, { hints: { group: groupId, same_host: [] } });
    assert.equal(created.statusCode, 202, created.body);
    const shown = await f.compute.request('GET', `/os-server-groups/${groupId}`, { caller: 'member' });
    assert.deepEqual(shown.json().server_group.members, [created.json().server.id]);
  });
});
