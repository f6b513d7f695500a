import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { computeNetworkApp, type ComputeNetworkApp } from '../../../helpers/compute-network-app.js';

const UNKNOWN = '11111111-2222-3333-4444-555555555555';

describe('server create checks the networks asked for, as Nova does with Neutron', () => {
  let cloud: ComputeNetworkApp;
  let oneNetwork: string;
  let create: (
    server: object,
    version?: string,
    caller?: string,
  ) => ReturnType<ComputeNetworkApp['compute']['request']>;
  const message = (response: { json(): unknown }) =>
    Object.values(response.json() as Record<string, { message: string }>)[0].message;
  before(async () => {
    cloud = await computeNetworkApp();
    oneNetwork = await cloud.createNetwork('private', '10.0.0.0/24');
    await cloud.createNetwork('first', '10.1.0.0/24', { caller: 'other' });
    await cloud.createNetwork('second', '10.2.0.0/24', { caller: 'other' });
    create = (server, version = '2.37', caller = 'member') =>
      cloud.compute.request('POST', '/servers', {
        caller,
        version,
        body: { server: { name: 'vm', imageRef: cloud.imageId, flavorRef: '1', ...server } },
      });
  });
  after(() => cloud.close());

  test('auto with several networks is ambiguous (409)', async () => {
    const response = await create({ networks: 'auto' }, '2.37', 'other');
    assert.equal(response.statusCode, 409);
    assert.equal(
      message(response),
      'Multiple possible networks found, use a Network ID to be more specific.',
    );
  });

  test('auto with no network needs an auto-allocated topology, which there is not (400)', async () => {
    const response = await create({ networks: 'auto' }, '2.37', 'admin');
    assert.equal(response.statusCode, 400);
    assert.equal(
      message(response),
      `Unable to automatically allocate a network for project ${PROJECTS.admin}`,
    );
  });

  test('without networks before 2.37 and no network, the server boots with none', async () => {
    const created = await cloud.json('POST', '/servers', 202, {
      caller: 'admin',
      body: { server: { name: 'bare', imageRef: cloud.imageId, flavorRef: '1' } },
    });
    const server = await cloud.waitForStatus(created.server.id, 'ACTIVE');
    assert.deepEqual(server.addresses, {});
  });

  test('a network that does not exist, or that the caller cannot see, is a 400', async () => {
    for (const [id, caller] of [
      [UNKNOWN, 'member'],
      [oneNetwork, 'other'],
    ]) {
      const response = await create({ networks: [{ uuid: id }] }, '2.37', caller);
      assert.equal(response.statusCode, 400);
      assert.equal(message(response), `Network ${id} could not be found.`);
    }
  });

  test('a port that does not exist is a 400, a port in use a 409', async () => {
    const missing = await create({ networks: [{ port: UNKNOWN }] });
    assert.equal(missing.statusCode, 400);
    assert.equal(message(missing), `Port id ${UNKNOWN} could not be found.`);
    const port = await cloud.network.json('POST', '/ports', 201, {
      body: { port: { network_id: oneNetwork, device_id: 'someone-else' } },
    });
    const used = await create({ networks: [{ port: port.port.id }] });
    assert.equal(used.statusCode, 409);
    assert.equal(message(used), `Port ${port.port.id} is still in use.`);
  });

  test("a fixed IP asked for is the port's; one already taken is a 400", async () => {
    const server = await cloud.boot(
      { networks: [{ uuid: oneNetwork, fixed_ip: '10.0.0.50' }] },
      { version: '2.37' },
    );
    assert.equal(server.addresses.private[0].addr, '10.0.0.50');
    const again = await create({ networks: [{ uuid: oneNetwork, fixed_ip: '10.0.0.50' }] });
    assert.equal(again.statusCode, 400);
    assert.equal(message(again), `Fixed IP address 10.0.0.50 is already in use on instance ${server.id}.`);
  });

  test('a security group that does not exist is a 400; one that does goes on the port', async () => {
    const missing = await create({ networks: 'auto', security_groups: [{ name: 'nope' }] });
    assert.equal(missing.statusCode, 400);
    assert.equal(message(missing), "Unable to find security_group with name or id 'nope'");
    const group = await cloud.network.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'web' } },
    });
    const server = await cloud.boot(
      { networks: 'auto', security_groups: [{ name: 'web' }] },
      { version: '2.37' },
    );
    const [port] = await cloud.neutron.listPorts({ device_id: server.id });
    assert.deepEqual(port.security_groups, [group.security_group.id]);
    assert.deepEqual(server.security_groups, [{ name: 'web' }]);
  });

  test("the project's port quota caps how many servers one request makes (403 below min_count)", async () => {
    const [network] = await cloud.neutron.listNetworks({ tenant_id: PROJECTS.two, name: 'first' });
    const used = (await cloud.neutron.listPorts({ tenant_id: PROJECTS.two })).length;
    await cloud.network.json('PUT', `/quotas/${PROJECTS.two}`, 200, {
      caller: 'admin',
      body: { quota: { port: used + 1 } },
    });
    const response = await create({ networks: [{ uuid: network.id }], min_count: 2 }, '2.37', 'other');
    assert.equal(response.statusCode, 403);
    assert.equal(message(response), 'Maximum number of ports exceeded');
  });
});
