import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeNetworkApp, type ComputeNetworkApp } from '../../../helpers/compute-network-app.js';

describe('ports follow their server: shelve offload, unshelve, cold migration', () => {
  let cloud: ComputeNetworkApp;
  let networkId: string;
  const portOf = async (serverId: string) => {
    const ports = await cloud.neutron.listPorts({ device_id: serverId });
    assert.equal(ports.length, 1);
    return ports[0];
  };
  const action = (serverId: string, body: object) =>
    cloud.json('POST', `/servers/${serverId}/action`, 202, { caller: 'admin', body });
  before(async () => {
    // Two hosts, only the first with a network agent: the builds do not wait for plugging.
    cloud = await computeNetworkApp({ hosts: 2, vifPluggingTimeout: 0 });
    networkId = await cloud.createNetwork('private', '10.0.0.0/24');
  });
  after(() => cloud.close());

  test('shelve offload unbinds the port from the host; unshelve binds it where the server lands', async () => {
    const server = await cloud.boot({ networks: [{ uuid: networkId }] }, { version: '2.37' });
    const before = await portOf(server.id);
    await action(server.id, { shelve: null });
    await cloud.waitForStatus(server.id, 'SHELVED_OFFLOADED');
    const offloaded = await portOf(server.id);
    assert.equal(offloaded.id, before.id);
    assert.equal(offloaded['binding:host_id'], '');
    assert.equal(offloaded.device_id, server.id);
    await action(server.id, { unshelve: null });
    const back = await cloud.waitForStatus(server.id, 'ACTIVE');
    const rebound = await portOf(server.id);
    assert.equal(rebound['binding:host_id'], back['OS-EXT-SRV-ATTR:host']);
    assert.deepEqual(back.addresses, server.addresses);
  });

  test('a cold migration binds the port to the destination host', async () => {
    const server = await cloud.boot({ networks: [{ uuid: networkId }] }, { version: '2.37' });
    const source = server['OS-EXT-SRV-ATTR:host'];
    assert.equal((await portOf(server.id))['binding:host_id'], source);
    await action(server.id, { migrate: null });
    const moved = await cloud.waitForStatus(server.id, 'VERIFY_RESIZE');
    assert.notEqual(moved['OS-EXT-SRV-ATTR:host'], source);
    assert.equal((await portOf(server.id))['binding:host_id'], moved['OS-EXT-SRV-ATTR:host']);
    await cloud.json('POST', `/servers/${server.id}/action`, 204, {
      caller: 'admin',
      body: { confirmResize: null },
    });
    await cloud.waitForStatus(server.id, 'ACTIVE');
  });

  test('a reverted migration binds the port back to the source host', async () => {
    const server = await cloud.boot({ networks: [{ uuid: networkId }] }, { version: '2.37' });
    const source = server['OS-EXT-SRV-ATTR:host'];
    await action(server.id, { migrate: null });
    await cloud.waitForStatus(server.id, 'VERIFY_RESIZE');
    await action(server.id, { revertResize: null });
    const reverted = await cloud.waitForStatus(server.id, 'ACTIVE');
    assert.equal(reverted['OS-EXT-SRV-ATTR:host'], source);
    assert.equal((await portOf(server.id))['binding:host_id'], source);
  });

  test('a live migration binds the port to the destination host', async () => {
    const server = await cloud.boot({ networks: [{ uuid: networkId }] }, { version: '2.37' });
    const source = server['OS-EXT-SRV-ATTR:host'];
    await cloud.json('POST', `/servers/${server.id}/action`, 202, {
      caller: 'admin',
      version: '2.30',
      body: { 'os-migrateLive': { host: null, block_migration: 'auto' } },
    });
    let moved = server;
    for (let attempt = 0; attempt < 300; attempt++) {
      moved = (await cloud.json('GET', `/servers/${server.id}`, 200, { caller: 'admin' })).server;
      if (moved['OS-EXT-STS:task_state'] === null && moved['OS-EXT-SRV-ATTR:host'] !== source) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.notEqual(moved['OS-EXT-SRV-ATTR:host'], source);
    assert.equal((await portOf(server.id))['binding:host_id'], moved['OS-EXT-SRV-ATTR:host']);
  });
});
