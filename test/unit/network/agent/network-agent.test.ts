import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ServerExternalEvent } from '../../../../src/common/clients/compute-events-client.js';
import { createLogger } from '../../../../src/common/logging.js';
import { NetworkAgent } from '../../../../src/network/agent/network-agent.js';
import { FakeNetworkDriver } from '../../../../src/network/drivers/index.js';
import { networkTestApp, type NetworkTestApp } from '../../../helpers/network-app.js';

describe('the network agent on the fake data plane', () => {
  let net: NetworkTestApp;
  let driver: FakeNetworkDriver;
  let agent: NetworkAgent;
  const events: ServerExternalEvent[] = [];

  before(async () => {
    net = await networkTestApp();
    driver = new FakeNetworkDriver({ checkDevices: true });
    agent = new NetworkAgent({
      host: 'h1',
      driver,
      deps: net.deps,
      changes: net.deps.changes,
      notify: async (sent) => {
        events.push(...sent);
      },
      logger: createLogger('silent'),
      resyncIntervalMs: 60_000,
      devicePollMs: 20,
      hostBridgedPhysicalNetworks: ['public'],
      networkNode: true,
      reportIntervalSeconds: 60,
      metadata: null,
    });
    await agent.start();
  });
  after(async () => {
    await agent.stop({ teardown: true });
    await net.close();
  });

  test('a network with a DHCP subnet gets a bridge and a DHCP server with its own ACTIVE port', async () => {
    const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'n' } } });
    const { subnet } = await net.json('POST', '/subnets', 201, {
      body: { subnet: { network_id: network.id, ip_version: 4, cidr: '10.9.0.0/24' } },
    });
    await agent.sync();
    assert.ok(driver.host.networks.has(network.id));
    const dhcp = driver.host.dhcpServers.get(network.id);
    assert.ok(dhcp, 'a DHCP server runs for the network');
    const { ports } = await net.json(
      'GET',
      `/ports?network_id=${network.id}&device_owner=network:dhcp`,
      200,
      {
        caller: 'admin',
      },
    );
    assert.equal(ports.length, 1);
    assert.equal(ports[0].status, 'ACTIVE');
    assert.equal(ports[0].fixed_ips[0].subnet_id, subnet.id);
  });

  test('an instance port goes ACTIVE once its TAP exists, and compute hears network-vif-plugged', async () => {
    const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'vm-net' } } });
    await net.json('POST', '/subnets', 201, {
      body: { subnet: { network_id: network.id, ip_version: 4, cidr: '10.8.0.0/24' } },
    });
    const { port } = await net.json('POST', '/ports', 201, {
      caller: 'admin',
      body: {
        port: {
          network_id: network.id,
          device_id: 'instance-1',
          device_owner: 'compute:nova',
          'binding:host_id': 'h1',
        },
      },
    });
    await agent.sync();
    const waiting = await net.json('GET', `/ports/${port.id}`, 200, { caller: 'admin' });
    assert.equal(waiting.port.status, 'DOWN', 'no TAP yet: the port waits');
    driver.createDevice(`tap${port.id.slice(0, 11)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const plugged = await net.json('GET', `/ports/${port.id}`, 200, { caller: 'admin' });
    assert.equal(plugged.port.status, 'ACTIVE');
    assert.ok(driver.host.ports.has(port.id));
    assert.deepEqual(
      events.filter((event) => event.tag === port.id),
      [{ name: 'network-vif-plugged', server_uuid: 'instance-1', tag: port.id, status: 'completed' }],
    );
    const dhcp = driver.host.dhcpServers.get(network.id);
    assert.ok(dhcp?.spec.hosts.some((host) => host.mac === port.mac_address));
  });

  test('a TAP that goes and comes back (a guest restarted) takes its port DOWN and ACTIVE again at once', async () => {
    const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'restart' } } });
    await net.json('POST', '/subnets', 201, {
      body: { subnet: { network_id: network.id, ip_version: 4, cidr: '10.6.0.0/24' } },
    });
    const { port } = await net.json('POST', '/ports', 201, {
      caller: 'admin',
      body: {
        port: {
          network_id: network.id,
          device_id: 'instance-2',
          device_owner: 'compute:nova',
          'binding:host_id': 'h1',
        },
      },
    });
    const tap = `tap${port.id.slice(0, 11)}`;
    driver.createDevice(tap);
    await agent.sync();
    const statusNow = async () =>
      (await net.json('GET', `/ports/${port.id}`, 200, { caller: 'admin' })).port.status;
    assert.equal(await statusNow(), 'ACTIVE');
    // No resync is due for a minute: the device watch alone must notice.
    driver.removeDevice(tap);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await statusNow(), 'DOWN');
    driver.createDevice(tap);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await statusNow(), 'ACTIVE');
    assert.deepEqual(
      events.filter((event) => event.tag === port.id).map((event) => event.name),
      ['network-vif-plugged', 'network-vif-unplugged', 'network-vif-plugged'],
    );
  });

  test('the agents list shows this host as Linux bridge, DHCP and L3 agents, alive', async () => {
    const { agents } = await net.json('GET', '/agents', 200, { caller: 'admin' });
    assert.deepEqual(agents.map((agent: { agent_type: string }) => agent.agent_type).sort(), [
      'DHCP agent',
      'L3 agent',
      'Linux bridge agent',
    ]);
    assert.ok(agents.every((agent: { alive: boolean; host: string }) => agent.alive && agent.host === 'h1'));
  });

  test('a deleted network leaves nothing on the host', async () => {
    const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'gone' } } });
    await net.json('POST', '/subnets', 201, {
      body: { subnet: { network_id: network.id, ip_version: 4, cidr: '10.7.0.0/24' } },
    });
    await agent.sync();
    assert.ok(driver.host.dhcpServers.has(network.id));
    await net.json('DELETE', `/networks/${network.id}`, 204);
    await agent.sync();
    assert.equal(driver.host.dhcpServers.has(network.id), false);
    assert.equal(driver.host.networks.has(network.id), false);
  });
});
