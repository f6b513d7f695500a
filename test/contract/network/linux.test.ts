import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ChildProcessRunner, type CommandRunner } from '../../../src/network/drivers/linux/command-runner.js';
import { LinuxNetworkDriver } from '../../../src/network/drivers/linux/linux-network-driver.js';
import type { NetworkDriver, RouterSpec } from '../../../src/network/drivers/network-driver.js';
import { rootSkipReason } from '../../e2e/network/root-host.js';
import { networkDriverContract } from './contract.js';
import { dhcpSpec, macAddress, networkSpec, portSpec, routerLeg } from './fixtures.js';
import { RecordingRunner } from './recording-runner.js';

const run = promisify(execFile);
const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
const stateDirs = new WeakMap<NetworkDriver, string>();
const owners = new WeakMap<NetworkDriver, string>();

/** A driver with an owner tag and a state directory of its own, set up; `runner` to watch its commands. */
async function createDriver(runner: CommandRunner = new ChildProcessRunner()): Promise<LinuxNetworkDriver> {
  const stateDir = await mkdtemp(join(tmpdir(), 'stratus-dataplane-contract-'));
  await chmod(stateDir, 0o755);
  const owner = `c${randomBytes(3).toString('hex')}`;
  const driver = new LinuxNetworkDriver({ stateDir, owner, runner });
  stateDirs.set(driver, stateDir);
  owners.set(driver, owner);
  try {
    await driver.setup();
  } catch (error) {
    await dispose(driver);
    throw error;
  }
  return driver;
}

async function dispose(driver: NetworkDriver): Promise<void> {
  try {
    await driver.teardown();
    const rules =
      (await run('iptables-save', [], { env })).stdout + (await run('ip6tables-save', [], { env })).stdout;
    assert.ok(!rules.includes(`${owners.get(driver)}-`), 'no chain or rule of the driver is left');
  } finally {
    await rm(stateDirs.get(driver)!, { recursive: true, force: true });
  }
}

networkDriverContract(
  'LinuxNetworkDriver',
  {
    create: () => createDriver(),
    // A TAP, as QEMU makes for a NIC.
    makeDevice: async (_driver, name) => {
      await run('ip', ['tuntap', 'add', 'dev', name, 'mode', 'tap'], { env });
    },
    removeDevice: async (_driver, name) => {
      await run('ip', ['link', 'delete', name], { env }).catch(() => {});
    },
    hostView: async () => {
      const links = JSON.parse((await run('ip', ['-j', 'link', 'show'], { env })).stdout) as {
        ifname: string;
      }[];
      const namespaces = JSON.parse((await run('ip', ['-j', 'netns', 'list'], { env })).stdout || '[]') as {
        name: string;
      }[];
      return { links: links.map(({ ifname }) => ifname), namespaces: namespaces.map(({ name }) => name) };
    },
    dispose,
  },
  rootSkipReason,
);

describe('LinuxNetworkDriver on this host', { skip: rootSkipReason }, () => {
  test('ensuring the same specs again changes nothing on the host: only questions are asked', async () => {
    const real = new ChildProcessRunner();
    const runner = new RecordingRunner((argv, input) => real.run(argv, { input, allowFailure: true }));
    const driver = await createDriver(runner);
    const external = networkSpec({
      networkType: 'flat',
      segmentationId: null,
      physicalNetwork: 'public',
      mtu: 1500,
    });
    const internal = networkSpec();
    // Dual stack: an IPv4 subnet and an IPv6 one (DHCPv6 with router advertisements from dnsmasq).
    const port = portSpec(internal, '10.0.0.5', 24, {});
    port.fixedIps.push({ ip: '2001:db8::5', prefixlen: 64 });
    const dhcp = dhcpSpec(internal, '10.0.0.0/24', [
      { mac: port.mac, ip: '10.0.0.5', hostname: 'vm1' },
      { mac: port.mac, ip: '2001:db8::5', hostname: 'vm1' },
    ]);
    dhcp.port.fixedIps.push({ ip: '2001:db8::2', prefixlen: 64 });
    dhcp.subnets.push({
      cidr: '2001:db8::/64',
      ipVersion: 6,
      gatewayIp: '2001:db8::1',
      dnsNameservers: ['2001:db8::53'],
      hostRoutes: [],
      ipv6AddressMode: 'dhcpv6-stateful',
      enableDhcp: true,
    });
    const internalLeg = routerLeg(internal, '10.0.0.1', 24);
    internalLeg.fixedIps.push({ ip: '2001:db8::1', prefixlen: 64 });
    const router: RouterSpec = {
      id: randomUUID(),
      interfaces: [internalLeg],
      gateway: {
        ...routerLeg(external, '198.51.100.10', 24),
        gatewayIps: ['198.51.100.1'],
        enableSnat: true,
      },
      floatingIps: [{ floatingIp: '198.51.100.20', fixedIp: '10.0.0.5' }],
      routes: [{ destination: '10.9.0.0/16', nexthop: '10.0.0.254' }],
      metadata: { port: 9697 },
    };
    await run('ip', ['tuntap', 'add', 'dev', port.devName, 'mode', 'tap'], { env });
    try {
      const ensureAll = async () => {
        for (const network of [external, internal]) await driver.ensureNetwork(network);
        await driver.ensureDhcp(dhcp);
        await driver.ensureRouter(router);
        await driver.ensurePort(port);
      };
      await ensureAll();
      const pid = await readFile(join(stateDirs.get(driver)!, 'dhcp', internal.id, 'pid'), 'utf8');
      assert.ok(await readFile(`/proc/${pid.trim()}/cmdline`, 'utf8'), 'dnsmasq runs');
      runner.clear();
      await ensureAll();
      assert.deepEqual(runner.changes(), []);
    } finally {
      await run('ip', ['link', 'delete', port.devName], { env }).catch(() => {});
      await dispose(driver);
    }
  });

  test('a changed host list reaches the running dnsmasq by SIGHUP, a changed subnet restarts it', async () => {
    const driver = await createDriver();
    const network = networkSpec();
    const dhcp = dhcpSpec(network, '10.0.0.0/24');
    const pidFile = join(stateDirs.get(driver)!, 'dhcp', network.id, 'pid');
    try {
      await driver.ensureNetwork(network);
      await driver.ensureDhcp(dhcp);
      const pid = await readFile(pidFile, 'utf8');
      const host = { mac: macAddress(), ip: '10.0.0.7', hostname: 'vm7' };
      await driver.ensureDhcp({ ...dhcp, hosts: [host] });
      assert.equal(await readFile(pidFile, 'utf8'), pid, 'the same dnsmasq');
      const hostsFile = await readFile(join(stateDirs.get(driver)!, 'dhcp', network.id, 'host'), 'utf8');
      assert.equal(hostsFile, `${host.mac},vm7,10.0.0.7\n`);

      await driver.ensureDhcp({
        ...dhcp,
        hosts: [host],
        subnets: [{ ...dhcp.subnets[0], cidr: '10.0.0.0/23' }],
      });
      assert.notEqual(await readFile(pidFile, 'utf8'), pid, 'a new dnsmasq');
      // Gone, or a zombie until init reaps it: either way it has no command line any more.
      const oldCommandLine = await readFile(`/proc/${pid.trim()}/cmdline`, 'utf8').catch(() => '');
      assert.equal(oldCommandLine, '', 'the old one is gone');
    } finally {
      await dispose(driver);
    }
  });
});
