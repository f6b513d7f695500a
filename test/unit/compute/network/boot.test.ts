import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeNetworkApp, type ComputeNetworkApp } from '../../../helpers/compute-network-app.js';

describe('compute with the network service: boot and delete', () => {
  let cloud: ComputeNetworkApp;
  let privateId: string;
  before(async () => {
    cloud = await computeNetworkApp();
    privateId = await cloud.createNetwork('private', '10.0.0.0/24');
  });
  after(() => cloud.close());

  test("networks auto: a port on the project's only network, bound to the host, in the server's addresses", async () => {
    const server = await cloud.boot({ networks: 'auto' }, { version: '2.37' });
    const [port] = await cloud.neutron.listPorts({ device_id: server.id });
    assert.equal(port.network_id, privateId);
    assert.equal(port.device_owner, 'compute:nova');
    assert.equal(port['binding:host_id'], cloud.host);
    assert.equal(port.status, 'ACTIVE');
    assert.equal(port.project_id, server.tenant_id);
    const address = port.fixed_ips[0].ip_address;
    assert.deepEqual(server.addresses, {
      private: [
        {
          version: 4,
          addr: address,
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': port.mac_address,
        },
      ],
    });
    assert.deepEqual(server.security_groups, [{ name: 'default' }]);
    const ips = await cloud.json('GET', `/servers/${server.id}/ips`, 200, { caller: 'member' });
    assert.deepEqual(ips.addresses, { private: [{ version: 4, addr: address }] });
  });

  test('deleting the server deletes the port compute made', async () => {
    const server = await cloud.boot({ networks: [{ uuid: privateId }] }, { version: '2.37' });
    assert.equal((await cloud.neutron.listPorts({ device_id: server.id })).length, 1);
    await cloud.json('DELETE', `/servers/${server.id}`, 204, { caller: 'member' });
    await cloud.waitForStatus(server.id, 'DELETED', { headers: {} }).catch(() => undefined);
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await cloud.neutron.listPorts({ device_id: server.id })).length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail('the port of the deleted server is still there');
  });

  test('a port given at boot is bound to the server, then unbound and kept when it is deleted', async () => {
    const created = await cloud.network.json('POST', '/ports', 201, {
      body: { port: { network_id: privateId, name: 'mine' } },
    });
    const portId = created.port.id as string;
    const server = await cloud.boot({ networks: [{ port: portId }] }, { version: '2.37' });
    const bound = (await cloud.neutron.getPort(portId))!;
    assert.equal(bound.device_id, server.id);
    assert.equal(bound['binding:host_id'], cloud.host);
    await cloud.json('DELETE', `/servers/${server.id}`, 204, { caller: 'member' });
    for (let attempt = 0; attempt < 200; attempt++) {
      const port = await cloud.neutron.getPort(portId);
      assert.ok(port, "the user's port was deleted");
      if (port.device_id === '') {
        assert.equal(port.device_owner, '');
        assert.equal(port['binding:host_id'], '');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail('the given port was never unbound');
  });
});
