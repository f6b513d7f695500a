import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { computeNetworkApp, type ComputeNetworkApp } from '../../../helpers/compute-network-app.js';

const UNKNOWN = '11111111-2222-3333-4444-555555555555';

describe('os-floating-ips, os-floating-ip-pools and the floating IP actions over Neutron', () => {
  let cloud: ComputeNetworkApp;
  let serverId: string;
  const call = (method: string, path: string, body?: unknown, version?: string) =>
    cloud.compute.request(method, path, { caller: 'member', body, version });
  const message = (response: { json(): unknown }) =>
    Object.values(response.json() as Record<string, { message: string }>)[0].message;
  const addresses = async () =>
    (await cloud.json('GET', `/servers/${serverId}`, 200, { caller: 'member' })).server.addresses.private as {
      addr: string;
      'OS-EXT-IPS:type': string;
    }[];
  before(async () => {
    cloud = await computeNetworkApp();
    const publicNet = await cloud.network.json('POST', '/networks', 201, {
      caller: 'admin',
      body: { network: { name: 'public', 'router:external': true } },
    });
    await cloud.network.json('POST', '/subnets', 201, {
      caller: 'admin',
      body: { subnet: { network_id: publicNet.network.id, ip_version: 4, cidr: '172.24.4.0/24' } },
    });
    const privateId = await cloud.createNetwork('private', '10.0.0.0/24');
    const [subnet] = await cloud.neutron.listSubnets({ network_id: privateId });
    const router = await cloud.network.json('POST', '/routers', 201, {
      body: { router: { name: 'r', external_gateway_info: { network_id: publicNet.network.id } } },
    });
    await cloud.network.json('PUT', `/routers/${router.router.id}/add_router_interface`, 200, {
      body: { subnet_id: subnet.id },
    });
    serverId = (await cloud.boot({ networks: [{ uuid: privateId }] }, { version: '2.37' })).id;
  });
  after(() => cloud.close());

  test('the pools are the external networks', async () => {
    const { floating_ip_pools } = await cloud.json('GET', '/os-floating-ip-pools', 200, { caller: 'member' });
    assert.deepEqual(floating_ip_pools, [{ name: 'public' }]);
  });

  test('a floating IP is allocated from the default pool or a named one, listed, shown and released', async () => {
    const first = (await cloud.json('POST', '/os-floating-ips', 200, { caller: 'member', body: {} }))
      .floating_ip;
    assert.deepEqual(first, {
      id: first.id,
      ip: first.ip,
      pool: 'public',
      fixed_ip: null,
      instance_id: null,
    });
    assert.match(first.ip, /^172\.24\.4\./);
    const named = (
      await cloud.json('POST', '/os-floating-ips', 200, { caller: 'member', body: { pool: 'public' } })
    ).floating_ip;
    const { floating_ips } = await cloud.json('GET', '/os-floating-ips', 200, { caller: 'member' });
    assert.deepEqual(floating_ips.map((fip: { id: string }) => fip.id).sort(), [first.id, named.id].sort());
    assert.deepEqual(
      (await cloud.json('GET', `/os-floating-ips/${first.id}`, 200, { caller: 'member' })).floating_ip,
      first,
    );
    for (const fip of [first, named])
      assert.equal((await call('DELETE', `/os-floating-ips/${fip.id}`)).statusCode, 202);
    const gone = await call('GET', `/os-floating-ips/${first.id}`);
    assert.equal(gone.statusCode, 404);
    assert.equal(message(gone), `Floating IP not found for ID ${first.id}`);
  });

  test("Nova's refusals: an unknown pool or floating IP (404), the API after 2.35 (404)", async () => {
    const noPool = await call('POST', '/os-floating-ips', { pool: 'nowhere' });
    assert.equal(noPool.statusCode, 404);
    assert.equal(message(noPool), 'Floating IP pool not found.');
    assert.equal((await call('DELETE', `/os-floating-ips/${UNKNOWN}`)).statusCode, 404);
    assert.equal((await call('GET', '/os-floating-ips', undefined, '2.36')).statusCode, 404);
    assert.equal((await call('GET', '/os-floating-ip-pools', undefined, '2.36')).statusCode, 404);
  });

  test("addFloatingIp maps the address to the server's fixed IP; removeFloatingIp takes it back", async () => {
    const fip = (await cloud.json('POST', '/os-floating-ips', 200, { caller: 'member', body: {} }))
      .floating_ip;
    const action = (body: object, version?: string) =>
      call('POST', `/servers/${serverId}/action`, body, version);
    assert.equal((await action({ addFloatingIp: { address: fip.ip } })).statusCode, 202);
    const [fixed, floating] = await addresses();
    assert.deepEqual(
      [fixed['OS-EXT-IPS:type'], floating],
      ['fixed', { ...floating, addr: fip.ip, 'OS-EXT-IPS:type': 'floating' }],
    );
    const shown = (await cloud.json('GET', `/os-floating-ips/${fip.id}`, 200, { caller: 'member' }))
      .floating_ip;
    assert.deepEqual([shown.instance_id, shown.fixed_ip], [serverId, fixed.addr]);

    const other = (await cloud.json('POST', '/os-floating-ips', 200, { caller: 'member', body: {} }))
      .floating_ip;
    assert.equal((await action({ addFloatingIp: { address: other.ip } })).statusCode, 400);
    assert.equal((await action({ addFloatingIp: { address: '0.0.0.0' } })).statusCode, 404);
    assert.equal((await action({ addFloatingIp: { address: other.ip } }, '2.44')).statusCode, 404);

    assert.equal((await action({ removeFloatingIp: { address: fip.ip } })).statusCode, 202);
    assert.deepEqual(
      (await addresses()).map((address) => address['OS-EXT-IPS:type']),
      ['fixed'],
    );
    // Nova checks the policy against the server that has the address; with none, only an admin passes.
    assert.equal((await action({ removeFloatingIp: { address: fip.ip } })).statusCode, 403);
    const notAssociated = await cloud.compute.request('POST', `/servers/${serverId}/action`, {
      caller: 'admin',
      body: { removeFloatingIp: { address: fip.ip } },
    });
    assert.equal(notAssociated.statusCode, 409);
    assert.equal(
      message(notAssociated),
      `Floating IP ${fip.ip} is not associated with instance ${serverId}.`,
    );
  });

  test("Neutron's network-changed event refreshes the addresses of a floating IP associated through Neutron", async () => {
    const [port] = await cloud.neutron.listPorts({ device_id: serverId });
    const fip = await cloud.network.json('POST', '/floatingips', 201, {
      body: {
        floatingip: {
          floating_network_id: (await cloud.neutron.listNetworks({ name: 'public' }))[0].id,
          port_id: port.id,
        },
      },
    });
    await cloud.json('POST', '/os-server-external-events', 200, {
      caller: 'admin',
      body: { events: [{ name: 'network-changed', server_uuid: serverId, tag: port.id }] },
    });
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await addresses()).some((address) => address.addr === fip.floatingip.floating_ip_address)) return;
      await sleep(10);
    }
    assert.fail("the floating IP never showed in the server's addresses");
  });

  test('a floating IP associated again moves to the other server, which alone shows it', async () => {
    const fip = (await cloud.json('POST', '/os-floating-ips', 200, { caller: 'member', body: {} }))
      .floating_ip;
    const [port] = await cloud.neutron.listPorts({ device_id: serverId });
    const first = await cloud.boot({ networks: [{ uuid: port.network_id }] }, { version: '2.37' });
    const other = await cloud.boot({ networks: [{ uuid: port.network_id }] }, { version: '2.37' });
    const associate = (id: string) =>
      cloud.json('POST', `/servers/${id}/action`, 202, {
        caller: 'member',
        body: { addFloatingIp: { address: fip.ip } },
      });
    const floatingOf = async (id: string) =>
      Object.values((await cloud.json('GET', `/servers/${id}`, 200, { caller: 'member' })).server.addresses)
        .flat()
        .filter((address) => (address as { 'OS-EXT-IPS:type': string })['OS-EXT-IPS:type'] === 'floating')
        .map((address) => (address as { addr: string }).addr);
    await associate(first.id);
    await associate(other.id);
    assert.deepEqual(await floatingOf(other.id), [fip.ip]);
    assert.deepEqual(await floatingOf(first.id), []);
    const stale = await call('POST', `/servers/${first.id}/action`, {
      removeFloatingIp: { address: fip.ip },
    });
    assert.equal(stale.statusCode, 409);
  });
});
