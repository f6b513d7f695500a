import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actionsFixture, type ActionsFixture } from './fixtures.js';

/** What Tempest's v2_75 `rebuild_server_with_admin_pass` allows beside the server's own fields. */
const ADMIN_ONLY = [
  'OS-EXT-SRV-ATTR:host',
  'OS-EXT-SRV-ATTR:hypervisor_hostname',
  'OS-EXT-SRV-ATTR:instance_name',
  'OS-EXT-SRV-ATTR:reservation_id',
  'OS-EXT-SRV-ATTR:launch_index',
  'OS-EXT-SRV-ATTR:hostname',
  'OS-EXT-SRV-ATTR:kernel_id',
  'OS-EXT-SRV-ATTR:ramdisk_id',
  'OS-EXT-SRV-ATTR:root_device_name',
  'host_status',
];

describe('2.75: rebuild and update answer with the server as show does', () => {
  let fx: ActionsFixture;
  let imageId: string;
  before(async () => {
    fx = await actionsFixture();
    const image = await fx.compute.image.createImage('member', { name: 'cirros', min_ram: 0 });
    await fx.compute.image.upload('member', image.id as string, 'disk bytes');
    imageId = image.id as string;
  });
  after(() => fx.close());

  test("an admin's rebuild: the full view with user_data, without the user data attribute", async () => {
    const uuid = await fx.server({ user_data: 'IyEvYmluL3NoCg==' });
    const response = await fx.action(
      uuid,
      { rebuild: { imageRef: imageId } },
      { caller: 'admin', version: '2.75' },
    );
    assert.equal(response.statusCode, 202, response.body);
    const server = response.json().server as Record<string, unknown>;
    for (const key of [...ADMIN_ONLY, 'OS-EXT-STS:vm_state', 'server_groups', 'adminPass', 'key_name'])
      assert.ok(key in server, key);
    assert.equal(server.user_data, 'IyEvYmluL3NoCg==');
    assert.ok(!('OS-EXT-SRV-ATTR:user_data' in server));
  });

  test("an admin's update at 2.75 shows everything show does, the user data attribute included", async () => {
    const uuid = await fx.server({ user_data: 'IyEvYmluL3NoCg==' });
    const updated = await fx.compute.request('PUT', `/servers/${uuid}`, {
      body: { server: {} },
      version: '2.75',
    });
    assert.equal(updated.statusCode, 200, updated.body);
    const shown = await fx.compute.request('GET', `/servers/${uuid}`, { version: '2.75' });
    const { updated: _a, ...fromUpdate } = updated.json().server as Record<string, unknown>;
    const { updated: _b, ...fromShow } = shown.json().server as Record<string, unknown>;
    assert.deepEqual(Object.keys(fromUpdate).sort(), Object.keys(fromShow).sort());
    assert.equal(fromUpdate['OS-EXT-SRV-ATTR:user_data'], 'IyEvYmluL3NoCg==');
  });
});
