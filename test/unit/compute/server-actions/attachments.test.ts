import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { actionsFixture, faultMessage, type ActionsFixture } from './fixtures.js';

describe('os-volume_attachments and os-interface before block storage and network exist', () => {
  let fx: ActionsFixture;
  let uuid: string;
  const volumeId = randomUUID();

  before(async () => {
    fx = await actionsFixture();
    uuid = await fx.server({
      network_info: JSON.stringify([
        {
          portId: 'p-1',
          macAddress: 'fa:16:3e:00:00:01',
          networkId: 'n-1',
          networkLabel: 'private',
          ips: [
            { address: '10.0.0.5', version: 4, type: 'fixed' },
            { address: '172.24.4.9', version: 4, type: 'floating' },
          ],
          tag: 'eth',
        },
      ]),
    });
    const bdm = (fields: Record<string, unknown>) => ({
      uuid: randomUUID(),
      instance_uuid: uuid,
      source_type: 'image',
      destination_type: 'local',
      device_name: '/dev/vda',
      boot_index: 0,
      image_id: null,
      volume_id: null,
      snapshot_id: null,
      volume_size: null,
      volume_type: null,
      delete_on_termination: 1,
      guest_format: null,
      disk_bus: null,
      device_type: 'disk',
      tag: null,
      attachment_id: null,
      connection_info: null,
      created_at: new Date().toISOString(),
      updated_at: null,
      ...fields,
    });
    await fx.compute.db
      .insertInto('block_device_mappings')
      .values([
        bdm({}),
        bdm({
          source_type: 'volume',
          destination_type: 'volume',
          device_name: '/dev/vdb',
          boot_index: null,
          volume_id: volumeId,
          delete_on_termination: 0,
          tag: 'data',
          attachment_id: 'a-1',
        }),
      ])
      .execute();
  });
  after(() => fx.close());

  const path = (suffix = '') => `/servers/${uuid}/os-volume_attachments${suffix}`;

  test('the list shows the volume mappings only, with fields by microversion', async () => {
    const old = await fx.compute.request('GET', path(), { caller: 'member' });
    assert.equal(old.statusCode, 200, old.body);
    assert.deepEqual(old.json(), {
      volumeAttachments: [{ id: volumeId, volumeId, serverId: uuid, device: '/dev/vdb' }],
    });
    const latest = await fx.compute.request('GET', path(), { caller: 'member', version: '2.89' });
    assert.deepEqual(latest.json(), {
      volumeAttachments: [
        {
          volumeId,
          serverId: uuid,
          device: '/dev/vdb',
          tag: 'data',
          delete_on_termination: false,
          attachment_id: 'a-1',
          bdm_uuid: (latest.json() as { volumeAttachments: { bdm_uuid: string }[] }).volumeAttachments[0]
            .bdm_uuid,
        },
      ],
    });
    const offset = await fx.compute.request('GET', path('?offset=1&limit=1'), { caller: 'member' });
    assert.equal((offset.json() as { volumeAttachments: unknown[] }).volumeAttachments.length, 1);
  });

  test('show one, or 404 for a volume the server does not have', async () => {
    const shown = await fx.compute.request('GET', path(`/${volumeId}`), {
      caller: 'member',
      version: '2.79',
    });
    assert.equal(shown.statusCode, 200);
    assert.equal(
      (shown.json() as { volumeAttachment: { delete_on_termination: boolean } }).volumeAttachment
        .delete_on_termination,
      false,
    );
    const other = randomUUID();
    const missing = await fx.compute.request('GET', path(`/${other}`), { caller: 'member' });
    assert.equal(missing.statusCode, 404);
    assert.equal(faultMessage(missing), `Instance ${uuid} is not attached to volume ${other}`);
  });

  test('attach and detach find no volume: 404 "Volume <id> could not be found."', async () => {
    const wanted = randomUUID();
    const attach = await fx.compute.request('POST', path(), {
      caller: 'member',
      body: { volumeAttachment: { volumeId: wanted } },
    });
    assert.equal(attach.statusCode, 404, attach.body);
    assert.equal(faultMessage(attach), `Volume ${wanted} could not be found.`);
    const detach = await fx.compute.request('DELETE', path(`/${volumeId}`), { caller: 'member' });
    assert.equal(detach.statusCode, 404);
    assert.equal(faultMessage(detach), `Volume ${volumeId} could not be found.`);
    const badId = await fx.compute.request('POST', path(), {
      caller: 'member',
      body: { volumeAttachment: { volumeId: 'x' } },
    });
    assert.equal(badId.statusCode, 400);
  });

  test('the state is checked before the volume is looked for', async () => {
    const building = await fx.server({ vm_state: 'building' });
    const response = await fx.compute.request('POST', `/servers/${building}/os-volume_attachments`, {
      caller: 'member',
      body: { volumeAttachment: { volumeId: randomUUID() } },
    });
    assert.equal(response.statusCode, 409);
    assert.equal(
      faultMessage(response),
      `Cannot 'attach_volume' instance ${building} while it is in vm_state building`,
    );
  });

  test('2.85: delete_on_termination is updated in place; the device is not mutable', async () => {
    const update = (attachment: Record<string, unknown>) =>
      fx.compute.request('PUT', path(`/${volumeId}`), {
        caller: 'member',
        version: '2.85',
        body: { volumeAttachment: { volumeId, ...attachment } },
      });
    assert.equal((await update({ delete_on_termination: true })).statusCode, 202);
    const row = await fx.compute.db
      .selectFrom('block_device_mappings')
      .select('delete_on_termination')
      .where('volume_id', '=', volumeId)
      .executeTakeFirstOrThrow();
    assert.equal(row.delete_on_termination, 1);
    const device = await update({ device: '/dev/vdc' });
    assert.equal(device.statusCode, 400);
    assert.equal(faultMessage(device), 'The device property is not mutable');
    // Before 2.85 a PUT is a swap, an admin's (Cinder's) call.
    const swap = await fx.compute.request('PUT', path(`/${volumeId}`), {
      caller: 'member',
      body: { volumeAttachment: { volumeId: randomUUID() } },
    });
    assert.equal(swap.statusCode, 403);
  });

  test('interfaces: listed and shown from the network info', async () => {
    const list = await fx.compute.request('GET', `/servers/${uuid}/os-interface`, {
      caller: 'member',
      version: '2.70',
    });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json(), {
      interfaceAttachments: [
        {
          net_id: 'n-1',
          port_id: 'p-1',
          mac_addr: 'fa:16:3e:00:00:01',
          port_state: 'ACTIVE',
          fixed_ips: [{ ip_address: '10.0.0.5' }],
          tag: 'eth',
        },
      ],
    });
    const shown = await fx.compute.request('GET', `/servers/${uuid}/os-interface/p-1`, { caller: 'member' });
    assert.equal(shown.statusCode, 200);
    const missing = await fx.compute.request('GET', `/servers/${uuid}/os-interface/p-9`, {
      caller: 'member',
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(faultMessage(missing), 'Port id p-9 could not be found.');
  });

  test("interfaces: attaching finds no port or network (Neutron's answers); the action is recorded", async () => {
    const post = (body: unknown) =>
      fx.compute.request('POST', `/servers/${uuid}/os-interface`, { caller: 'member', body });
    const port = randomUUID();
    const byPort = await post({ interfaceAttachment: { port_id: port } });
    assert.equal(byPort.statusCode, 404);
    assert.equal(faultMessage(byPort), `Port id ${port} could not be found.`);
    const network = randomUUID();
    const byNetwork = await post({ interfaceAttachment: { net_id: network } });
    assert.equal(byNetwork.statusCode, 404);
    assert.equal(faultMessage(byNetwork), `Network ${network} could not be found.`);
    const none = await fx.compute.request('POST', `/servers/${uuid}/os-interface`, { caller: 'member' });
    assert.equal(none.statusCode, 400);
    assert.match(faultMessage(none), /^No specific network was requested and none are available for project/);
    const both = await post({ interfaceAttachment: { port_id: port, net_id: network } });
    assert.equal(faultMessage(both), 'Must not input both network_id and port_id');
    const recorded = await fx.compute.db
      .selectFrom('instance_actions')
      .select('action')
      .where('instance_uuid', '=', uuid)
      .execute();
    assert.ok(recorded.some((row) => row.action === 'attach_interface'));
    const detach = await fx.compute.request('DELETE', `/servers/${uuid}/os-interface/${port}`, {
      caller: 'member',
    });
    assert.equal(detach.statusCode, 404);
  });
});
