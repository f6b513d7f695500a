import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { FakeNetworkDriver } from '../../../../src/network/drivers/fake/fake-network-driver.js';
import { dhcpSpec, networkSpec, portSpec, routerLeg } from '../../../contract/network/fixtures.js';

test('the fake records what a real host would have: bridges with their uplinks, DHCP hosts, NAT rules, port filters', async () => {
  const driver = new FakeNetworkDriver({ physicalInterfaceMappings: { physnet1: 'eth1' } });
  const external = networkSpec({
    networkType: 'flat',
    segmentationId: null,
    physicalNetwork: 'public',
    mtu: 1500,
  });
  const provider = networkSpec({ networkType: 'vlan', segmentationId: 100, physicalNetwork: 'physnet1' });
  const internal = networkSpec({ segmentationId: 77 });
  for (const network of [external, provider, internal]) await driver.ensureNetwork(network);
  assert.equal(
    driver.host.networks.get(external.id)!.uplink,
    null,
    'the all-in-one public network stays on the host',
  );
  assert.deepEqual(driver.host.networks.get(provider.id)!.uplink, {
    kind: 'vlan',
    name: 'eth1.100',
    parent: 'eth1',
    vlanId: 100,
  });
  assert.deepEqual(driver.host.networks.get(internal.id)!.uplink, {
    kind: 'vxlan',
    name: 'vxlan-77',
    vni: 77,
  });

  const port = portSpec(internal, '10.0.0.5', 24);
  const dhcp = dhcpSpec(internal, '10.0.0.0/24', [{ mac: port.mac, ip: '10.0.0.5', hostname: 'vm1' }]);
  await driver.ensureDhcp(dhcp);
  assert.deepEqual(driver.host.dhcpServers.get(internal.id)!.spec.hosts, dhcp.hosts);
  assert.equal(driver.host.dhcpServers.get(internal.id)!.namespace, `qdhcp-${internal.id}`);

  const router = {
    id: randomUUID(),
    interfaces: [routerLeg(internal, '10.0.0.1', 24)],
    gateway: { ...routerLeg(external, '172.24.4.10', 24), gatewayIps: ['172.24.4.1'], enableSnat: true },
    floatingIps: [{ floatingIp: '172.24.4.20', fixedIp: '10.0.0.5' }],
    routes: [],
    metadata: null,
  };
  await driver.ensureRouter(router);
  const natRules = driver.host.routers.get(router.id)!.natRules;
  assert.deepEqual(
    natRules.map((rule) => rule.kind),
    ['floating-dnat', 'internal-no-nat', 'floating-snat', 'gateway-snat', 'hairpin-snat'],
  );

  await driver.ensurePort(port);
  await driver.ensurePort({ ...port, portSecurityEnabled: false });
  assert.deepEqual(driver.host.ports.get(port.id), {
    spec: { ...port, portSecurityEnabled: false },
    bridge: `brq${internal.id.slice(0, 11)}`,
    filtered: false,
  });
});
