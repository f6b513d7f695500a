import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  bridgeName,
  dhcpNamespace,
  routerNamespace,
  vxlanName,
} from '../../../src/network/drivers/device-names.js';
import { DeviceNotFound, InvalidSpec, NetworkNotWired } from '../../../src/network/drivers/errors.js';
import type { NetworkDriver, RouterSpec } from '../../../src/network/drivers/network-driver.js';
import { dhcpSpec, icmpIngress, macAddress, networkSpec, portSpec, routerLeg } from './fixtures.js';

/** What the host shows: device names and namespace names (the OS's view for a real host, the records for the fake). */
export interface HostView {
  links: string[];
  namespaces: string[];
}

/** How the contract gets drivers of one implementation, and looks at their host. */
export interface NetworkDriverHarness {
  /** A new driver of its own (its owner, its state), set up. */
  create(): Promise<NetworkDriver>;
  /** Makes a device as a hypervisor makes an instance's TAP. */
  makeDevice(driver: NetworkDriver, name: string): Promise<void>;
  /** Removes a device `makeDevice` made (the instance is gone). */
  removeDevice(driver: NetworkDriver, name: string): Promise<void>;
  hostView(driver: NetworkDriver): Promise<HostView>;
  /** Tears the driver's host down and forgets it. */
  dispose(driver: NetworkDriver): Promise<void>;
}

const emptyManaged = { networks: [], dhcp: [], routers: [], ports: [] };

/**
 * The behaviour every network driver owes the agent (STYLE.md: one contract suite per
 * interface, run against every implementation): desired-state `ensure*` that converge and are
 * idempotent, forgiving `delete*`, the errors of a missing network or device, `listManaged` as the
 * record of what is there, and a `teardown` that leaves nothing and touches nothing of others'.
 */
export function networkDriverContract(
  name: string,
  harness: NetworkDriverHarness,
  skip: string | false = false,
): void {
  async function withDriver(body: (driver: NetworkDriver) => Promise<void>): Promise<void> {
    const driver = await harness.create();
    try {
      await body(driver);
    } finally {
      await harness.dispose(driver);
    }
  }

  describe(`network driver contract: ${name}`, { skip }, () => {
    test('a new driver manages nothing', () =>
      withDriver(async (driver) => {
        assert.deepEqual(await driver.listManaged(), emptyManaged);
      }));

    test('ensureNetwork makes the bridge and its VXLAN device, once; deleteNetwork removes them, also twice', () =>
      withDriver(async (driver) => {
        const network = networkSpec();
        await driver.ensureNetwork(network);
        await driver.ensureNetwork(network);
        assert.deepEqual((await driver.listManaged()).networks, [network.id]);
        const links = (await harness.hostView(driver)).links;
        assert.ok(links.includes(bridgeName(network.id)));
        assert.ok(links.includes(vxlanName(network.segmentationId!)));

        await driver.ensureNetwork({ ...network, mtu: 1400 });
        assert.deepEqual((await driver.listManaged()).networks, [network.id]);

        await driver.deleteNetwork(network.id);
        await driver.deleteNetwork(network.id);
        await driver.deleteNetwork(randomUUID());
        assert.deepEqual((await driver.listManaged()).networks, []);
        const after = (await harness.hostView(driver)).links;
        assert.ok(!after.includes(bridgeName(network.id)));
        assert.ok(!after.includes(vxlanName(network.segmentationId!)));
      }));

    test('ensureDhcp needs the network wired; then it runs in its namespace until deleteDhcp', () =>
      withDriver(async (driver) => {
        const network = networkSpec();
        const dhcp = dhcpSpec(network, '10.0.0.0/24');
        await assert.rejects(driver.ensureDhcp(dhcp), NetworkNotWired);
        await driver.ensureNetwork(network);
        await driver.ensureDhcp(dhcp);
        await driver.ensureDhcp({ ...dhcp, hosts: [{ mac: macAddress(), ip: '10.0.0.5', hostname: 'vm1' }] });
        assert.deepEqual((await driver.listManaged()).dhcp, [network.id]);
        assert.ok((await harness.hostView(driver)).namespaces.includes(dhcpNamespace(network.id)));

        await driver.deleteDhcp(network.id);
        await driver.deleteDhcp(network.id);
        assert.deepEqual((await driver.listManaged()).dhcp, []);
        assert.ok(!(await harness.hostView(driver)).namespaces.includes(dhcpNamespace(network.id)));
      }));

    test('ensureRouter needs every network it connects; it converges to changed legs and floating IPs', () =>
      withDriver(async (driver) => {
        const external = networkSpec({
          networkType: 'flat',
          segmentationId: null,
          physicalNetwork: 'public',
          mtu: 1500,
        });
        const internal = networkSpec();
        const router: RouterSpec = {
          id: randomUUID(),
          interfaces: [routerLeg(internal, '10.0.0.1', 24)],
          gateway: {
            ...routerLeg(external, '198.51.100.10', 24),
            gatewayIps: ['198.51.100.1'],
            enableSnat: true,
          },
          floatingIps: [{ floatingIp: '198.51.100.20', fixedIp: '10.0.0.5' }],
          routes: [{ destination: '10.9.0.0/16', nexthop: '10.0.0.254' }],
          metadata: { port: 9697 },
        };
        await driver.ensureNetwork(internal);
        await assert.rejects(driver.ensureRouter(router), NetworkNotWired);
        await driver.ensureNetwork(external);
        await driver.ensureRouter(router);
        await driver.ensureRouter(router);
        assert.deepEqual((await driver.listManaged()).routers, [router.id]);
        assert.ok((await harness.hostView(driver)).namespaces.includes(routerNamespace(router.id)));

        await driver.ensureRouter({ ...router, interfaces: [], floatingIps: [], routes: [], metadata: null });
        await driver.ensureRouter({ ...router, gateway: null });
        assert.deepEqual((await driver.listManaged()).routers, [router.id]);

        await driver.deleteRouter(router.id);
        await driver.deleteRouter(router.id);
        assert.deepEqual((await driver.listManaged()).routers, []);
        assert.ok(!(await harness.hostView(driver)).namespaces.includes(routerNamespace(router.id)));
      }));

    test('ensurePort needs its device and its network; it plugs the device until deletePort', () =>
      withDriver(async (driver) => {
        const network = networkSpec();
        const port = portSpec(network, '10.0.0.5', 24);
        await assert.rejects(driver.ensurePort(port), NetworkNotWired);
        await driver.ensureNetwork(network);
        await assert.rejects(driver.ensurePort(port), (error: DeviceNotFound) => {
          assert.ok(error instanceof DeviceNotFound);
          assert.equal(error.device, port.devName);
          return true;
        });
        await harness.makeDevice(driver, port.devName);
        try {
          await driver.ensurePort(port);
          await driver.ensurePort({ ...port, securityGroupRules: [...port.securityGroupRules, icmpIngress] });
          await driver.ensurePort({ ...port, portSecurityEnabled: false });
          assert.deepEqual((await driver.listManaged()).ports, [port.id]);

          await driver.deletePort(port.id);
          await driver.deletePort(port.id);
          assert.deepEqual((await driver.listManaged()).ports, []);
          assert.ok(
            (await harness.hostView(driver)).links.includes(port.devName),
            'the device is not the driver’s to remove',
          );
        } finally {
          await harness.removeDevice(driver, port.devName);
        }
      }));

    test('specs that cannot be carried out are refused with InvalidSpec, before anything changes', () =>
      withDriver(async (driver) => {
        const network = networkSpec();
        await assert.rejects(driver.ensureNetwork({ ...network, segmentationId: null }), InvalidSpec);
        await assert.rejects(driver.ensureNetwork({ ...network, mtu: 10 }), InvalidSpec);
        await assert.rejects(driver.ensureNetwork({ ...network, hostAddresses: ['10.0.0.1'] }), InvalidSpec);
        await assert.rejects(
          driver.ensureNetwork({
            ...network,
            networkType: 'vlan',
            physicalNetwork: 'nowhere',
            segmentationId: 10,
          }),
          InvalidSpec,
        );
        assert.deepEqual(await driver.listManaged(), emptyManaged);
        await driver.ensureNetwork(network);
        const port = portSpec(network, '10.0.0.5', 24);
        await assert.rejects(driver.ensurePort({ ...port, devName: 'tap-name-far-too-long' }), InvalidSpec);
        await assert.rejects(driver.ensurePort({ ...port, mac: 'not a mac' }), InvalidSpec);
        await assert.rejects(
          driver.ensurePort({ ...port, fixedIps: [{ ip: '10.0.0.300', prefixlen: 24 }] }),
          InvalidSpec,
        );
        const dhcp = dhcpSpec(network, '10.0.0.0/24');
        await assert.rejects(
          driver.ensureDhcp({ ...dhcp, hosts: [{ mac: macAddress(), ip: '10.0.0.5', hostname: 'a b' }] }),
          InvalidSpec,
        );
        assert.deepEqual((await driver.listManaged()).dhcp, []);
      }));

    test("teardown removes everything the driver made and nothing of another driver's", async () => {
      const mine = await harness.create();
      const other = await harness.create();
      const network = networkSpec();
      const otherNetwork = networkSpec();
      const port = portSpec(network, '10.0.0.5', 24);
      try {
        await other.ensureNetwork(otherNetwork);
        await other.ensureDhcp(dhcpSpec(otherNetwork, '10.0.0.0/24'));
        await mine.ensureNetwork(network);
        await mine.ensureDhcp(dhcpSpec(network, '10.0.0.0/24'));
        await mine.ensureRouter({
          id: randomUUID(),
          interfaces: [routerLeg(network, '10.0.0.1', 24)],
          gateway: null,
          floatingIps: [],
          routes: [],
          metadata: null,
        });
        await harness.makeDevice(mine, port.devName);
        await mine.ensurePort(port);

        await mine.teardown();
        assert.deepEqual(await mine.listManaged(), emptyManaged);
        const view = await harness.hostView(mine);
        assert.ok(!view.links.includes(bridgeName(network.id)));
        assert.ok(!view.namespaces.some((namespace) => namespace.endsWith(network.id)));
        assert.deepEqual(await other.listManaged(), {
          ...emptyManaged,
          networks: [otherNetwork.id],
          dhcp: [otherNetwork.id],
        });
      } finally {
        await harness.removeDevice(mine, port.devName);
        await harness.dispose(mine);
        await harness.dispose(other);
      }
    });
  });
}
