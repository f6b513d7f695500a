import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { computeNetworkApp, type ComputeNetworkApp } from '../../../helpers/compute-network-app.js';

const UNKNOWN = '11111111-2222-3333-4444-555555555555';

describe('os-interface with the network service', () => {
  let cloud: ComputeNetworkApp;
  let privateId: string;
  let extraId: string;
  let serverId: string;
  const path = () => `/servers/${serverId}/os-interface`;
  const message = (response: { json(): unknown }) =>
    Object.values(response.json() as Record<string, { message: string }>)[0].message;
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let attempt = 0; attempt < 300; attempt++) {
      if (await check()) return;
      await sleep(10);
    }
    assert.fail(`never: ${what}`);
  };
  before(async () => {
    cloud = await computeNetworkApp();
    privateId = await cloud.createNetwork('private', '10.0.0.0/24');
    const server = await cloud.boot({ networks: [{ uuid: privateId }] }, { version: '2.37' });
    serverId = server.id;
    extraId = await cloud.createNetwork('extra', '10.9.0.0/24');
  });
  after(() => cloud.close());

  test("lists the server's ports as Neutron has them, and shows one", async () => {
    const { interfaceAttachments } = await cloud.json('GET', path(), 200, { caller: 'member' });
    assert.equal(interfaceAttachments.length, 1);
    const [attachment] = interfaceAttachments;
    const port = (await cloud.neutron.getPort(attachment.port_id))!;
    assert.deepEqual(attachment, {
      net_id: privateId,
      port_id: port.id,
      mac_addr: port.mac_address,
      port_state: 'ACTIVE',
      fixed_ips: port.fixed_ips,
    });
    const shown = await cloud.json('GET', `${path()}/${port.id}`, 200, { caller: 'member', version: '2.70' });
    assert.deepEqual(shown.interfaceAttachment, { ...attachment, tag: null });
  });

  test('attaching on a network makes a port, bound and plugged; detaching deletes it', async () => {
    const { interfaceAttachment } = await cloud.json('POST', path(), 200, {
      caller: 'member',
      version: '2.49',
      body: { interfaceAttachment: { net_id: extraId, tag: 'data' } },
    });
    assert.equal(interfaceAttachment.net_id, extraId);
    const portId = interfaceAttachment.port_id as string;
    const port = (await cloud.neutron.getPort(portId))!;
    assert.equal(port.device_id, serverId);
    assert.equal(port['binding:host_id'], cloud.host);
    const { server } = await cloud.json('GET', `/servers/${serverId}`, 200, { caller: 'member' });
    assert.deepEqual(
      server.addresses.extra.map((address: { addr: string }) => address.addr),
      [port.fixed_ips[0].ip_address],
    );
    const tagged = await cloud.json('GET', `${path()}/${portId}`, 200, { caller: 'member', version: '2.70' });
    assert.equal(tagged.interfaceAttachment.tag, 'data');

    await cloud.json('DELETE', `${path()}/${portId}`, 202, { caller: 'member' });
    await until('the port is deleted', async () => (await cloud.neutron.getPort(portId)) === null);
    await until('the server no longer shows it', async () => {
      const { server } = await cloud.json('GET', `/servers/${serverId}`, 200, { caller: 'member' });
      return !('extra' in server.addresses);
    });
  });

  test('a port the user gives is attached, and on detach unbound and kept', async () => {
    const created = await cloud.network.json('POST', '/ports', 201, {
      body: { port: { network_id: extraId } },
    });
    const portId = created.port.id as string;
    await cloud.json('POST', path(), 200, {
      caller: 'member',
      body: { interfaceAttachment: { port_id: portId } },
    });
    assert.equal((await cloud.neutron.getPort(portId))!.device_id, serverId);
    await cloud.json('DELETE', `${path()}/${portId}`, 202, { caller: 'member' });
    await until('the port is unbound', async () => (await cloud.neutron.getPort(portId))?.device_id === '');
    await cloud.network.json('DELETE', `/ports/${portId}`, 204);
  });

  test("Nova's refusals: unknown network or port (404), a port in use (409), two networks to choose from (400)", async () => {
    const noNetwork = await cloud.compute.request('POST', path(), {
      caller: 'member',
      body: { interfaceAttachment: { net_id: UNKNOWN } },
    });
    assert.equal(noNetwork.statusCode, 404);
    assert.equal(message(noNetwork), `Network ${UNKNOWN} could not be found.`);
    const noPort = await cloud.compute.request('POST', path(), {
      caller: 'member',
      body: { interfaceAttachment: { port_id: UNKNOWN } },
    });
    assert.equal(noPort.statusCode, 404);
    assert.equal(message(noPort), `Port id ${UNKNOWN} could not be found.`);
    const [attached] = await cloud.neutron.listPorts({ device_id: serverId });
    const inUse = await cloud.compute.request('POST', path(), {
      caller: 'member',
      body: { interfaceAttachment: { port_id: attached.id } },
    });
    assert.equal(inUse.statusCode, 409);
    assert.equal(message(inUse), `Port ${attached.id} is still in use.`);
    const ambiguous = await cloud.compute.request('POST', path(), {
      caller: 'member',
      body: { interfaceAttachment: {} },
    });
    assert.equal(ambiguous.statusCode, 400);
    assert.equal(
      message(ambiguous),
      'Multiple possible networks found, use a Network ID to be more specific.',
    );
  });

  test('a port deleted in Neutron leaves the server when Neutron says so (network-vif-deleted)', async () => {
    const { interfaceAttachment } = await cloud.json('POST', path(), 200, {
      caller: 'member',
      body: { interfaceAttachment: { net_id: extraId } },
    });
    const portId = interfaceAttachment.port_id as string;
    await cloud.network.json('DELETE', `/ports/${portId}`, 204, { caller: 'admin' });
    await cloud.json('POST', '/os-server-external-events', 200, {
      caller: 'admin',
      body: { events: [{ name: 'network-vif-deleted', server_uuid: serverId, tag: portId }] },
    });
    await until('the server no longer shows the port', async () => {
      const { server } = await cloud.json('GET', `/servers/${serverId}`, 200, { caller: 'member' });
      return !('extra' in server.addresses);
    });
  });
});
