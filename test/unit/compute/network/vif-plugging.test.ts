import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeNetworkApp, type ComputeNetworkOptions } from '../../../helpers/compute-network-app.js';

/** A cloud whose host has no network agent: ports are bound but nobody plugs them. */
async function withoutNetworkAgent(
  options: ComputeNetworkOptions,
  check: (cloud: Awaited<ReturnType<typeof computeNetworkApp>>, networkId: string) => Promise<void>,
) {
  const cloud = await computeNetworkApp({ networkAgent: false, ...options });
  try {
    await check(cloud, await cloud.createNetwork('private', '10.0.0.0/24'));
  } finally {
    await cloud.close();
  }
}

test("a port never plugged fails the build as Nova's VirtualInterfaceCreateException, and its port goes", async () => {
  await withoutNetworkAgent({ vifPluggingTimeout: 1 }, async (cloud) => {
    const server = await cloud.boot({ networks: 'auto' }, { version: '2.37', status: 'ERROR' });
    assert.equal(server.fault.message, 'Virtual Interface creation failed');
    assert.equal(server['OS-EXT-STS:task_state'], null);
    assert.deepEqual(await cloud.neutron.listPorts({ device_id: server.id }), []);
  });
});

test('with vif_plugging_is_fatal off, a port not plugged in time only delays the build', async () => {
  await withoutNetworkAgent({ vifPluggingTimeout: 1, vifPluggingIsFatal: false }, async (cloud) => {
    const server = await cloud.boot({ networks: 'auto' }, { version: '2.37' });
    assert.equal(Object.keys(server.addresses).length, 1);
  });
});

test('with vif_plugging_timeout 0 the build does not wait for Neutron', async () => {
  await withoutNetworkAgent({ vifPluggingTimeout: 0 }, async (cloud, networkId) => {
    const started = Date.now();
    const server = await cloud.boot({ networks: [{ uuid: networkId }] }, { version: '2.37' });
    assert.ok(Date.now() - started < 1000);
    const [port] = await cloud.neutron.listPorts({ device_id: server.id });
    assert.equal(port.status, 'DOWN');
  });
});
