import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';
import { createRouter, networkWithSubnet, routerAction, type NetworkWithSubnet } from './routers-fixtures.js';

describe("compute hears about its instances' ports (Neutron's nova notifier)", () => {
  let net: NetworkTestApp;
  let external: NetworkWithSubnet;
  let internal: NetworkWithSubnet;
  before(async () => {
    net = await networkTestApp();
    external = await networkWithSubnet(net, { external: true, cidr: '172.24.4.0/24' });
    internal = await networkWithSubnet(net, { cidr: '10.0.0.0/24' });
    const router = await createRouter(net, { external_gateway_info: { network_id: external.network.id } });
    await routerAction(net, router.id, 'add_router_interface', { subnet_id: internal.subnet.id });
  });
  after(() => net.close());

  const instancePort = async (deviceId: string) =>
    (
      await net.json('POST', '/ports', 201, {
        body: {
          port: { network_id: internal.network.id, device_id: deviceId, device_owner: 'compute:nova' },
        },
      })
    ).port;

  test('associating and releasing a floating IP is a network-changed of the instance', async () => {
    const port = await instancePort('vm-1');
    const { floatingip } = await net.json('POST', '/floatingips', 201, {
      body: { floatingip: { floating_network_id: external.network.id, port_id: port.id } },
    });
    await net.json('PUT', `/floatingips/${floatingip.id}`, 200, { body: { floatingip: { port_id: null } } });
    const events = net.sentToCompute.filter((event) => event.tag === port.id);
    assert.deepEqual(events, [
      { name: 'network-changed', server_uuid: 'vm-1', tag: port.id, status: 'completed' },
      { name: 'network-changed', server_uuid: 'vm-1', tag: port.id, status: 'completed' },
    ]);
  });

  test('deleting an instance port is a network-vif-deleted; other ports say nothing', async () => {
    const port = await instancePort('vm-2');
    const plain = (
      await net.json('POST', '/ports', 201, { body: { port: { network_id: internal.network.id } } })
    ).port;
    await net.json('DELETE', `/ports/${port.id}`, 204);
    await net.json('DELETE', `/ports/${plain.id}`, 204);
    assert.deepEqual(
      net.sentToCompute.filter((event) => event.tag === port.id || event.tag === plain.id),
      [{ name: 'network-vif-deleted', server_uuid: 'vm-2', tag: port.id, status: 'completed' }],
    );
  });
});
