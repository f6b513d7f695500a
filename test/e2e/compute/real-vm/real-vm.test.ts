import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { OpenRc } from '../../../conformance/openrc.js';
import {
  act,
  cli,
  consoleLog,
  hostPings,
  LOGIN_READY,
  qemuProcesses,
  ssh as sshWithKey,
  until,
  type Json,
} from './guest-cli.js';
import {
  createMemberProject,
  guestArpEntry,
  guestPings,
  guestPingsBecome,
  serverPort,
} from './guest-network.js';
import { consoleRefusal, viewGuestScreen } from './novnc-screen.js';
import { RealCloud, realCloudSkipReason } from './real-cloud.js';

describe('real guests through the whole cloud, with the openstack CLI', { skip: realCloudSkipReason }, () => {
  let cloud: RealCloud;
  const dir = () => cloud.dataDir;
  /** Servers to delete if a test stops half-way, with the credentials of their project. */
  const created: { env: OpenRc; name: string }[] = [];

  before(async () => {
    cloud = await RealCloud.start();
    // The API answers while `stratus up` still builds and registers the default image.
    await until('the default image', async () =>
      (await cli(cloud.demo, ['image', 'show', 'stratus-guest'])).status === 'active' ? true : undefined,
    );
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir(), 'k.pem')]);
    await act(cloud.demo, ['keypair', 'create', '--public-key', join(dir(), 'k.pem.pub'), 'k']);
  });
  after(async () => {
    if (!cloud) return;
    for (const { env, name } of created) {
      // A test stopped half-way: its guests' consoles stay with the cloud's log (STRATUS_KEEP_TEST_CLOUD).
      const console = await consoleLog(env, name).catch((error: unknown) => String(error));
      writeFileSync(join(dir(), `${name}.console.log`), console);
      await act(env, ['server', 'delete', '--wait', name]).catch(() => {});
    }
    await cloud.stop();
  });

  async function status(name: string): Promise<string> {
    return (await cli(cloud.demo, ['server', 'show', name])).status as string;
  }
  async function reaches(name: string, wanted: string): Promise<void> {
    await until(`${name} ${wanted}`, async () => ((await status(name)) === wanted ? true : undefined));
  }
  async function consoleShows(name: string, text: string): Promise<void> {
    await until(`${text} on ${name}'s console`, async () => {
      return (await consoleLog(cloud.demo, name)).includes(text) ? true : undefined;
    });
  }
  const ssh = (address: string, command: string) => sshWithKey(join(dir(), 'k.pem'), address, command);

  test('boot, log in by SSH through a floating IP, user data, power operations, snapshot, resize, delete', async () => {
    const { demo } = cloud;
    await act(demo, ['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22', 'default']);
    writeFileSync(join(dir(), 'user-data'), '#!/bin/sh\necho user-data-ran > /tmp/user-data-ran\n');

    created.push({ env: demo, name: 'vm1' });
    const server = await cli(demo, [
      'server', 'create', '--image', 'stratus-guest', '--flavor', 'm1.tiny', '--network', 'private',
      '--key-name', 'k', '--user-data', join(dir(), 'user-data'), '--wait', 'vm1',
    ]); // prettier-ignore
    assert.equal(server.status, 'ACTIVE');
    const uuid = server.id as string;
    assert.equal(qemuProcesses(uuid).length, 1, 'one QEMU process runs the guest');
    await consoleShows('vm1', LOGIN_READY);

    // The noVNC console, in headless Chromium: the guest's VGA text screen (its login prompt).
    const consoleUrl = (await cli(demo, ['console', 'url', 'show', '--novnc', 'vm1'])).url as string;
    const screen = await viewGuestScreen(consoleUrl);
    assert.match(screen.status, /^Connected/);
    assert.deepEqual([screen.width, screen.height], [720, 400], 'VGA text mode, 80x25');
    assert.ok(screen.litPixels > 1000 && screen.litPixels < (720 * 400) / 2, 'text on a dark screen');
    const forged = consoleUrl.replace(/token%3D[^&]+/, 'token%3Dnot-a-token');
    assert.match(await consoleRefusal(forged), /connection is closed|disconnected|failed/i);

    const fip = (await cli(demo, ['floating', 'ip', 'create', 'public'])).floating_ip_address as string;
    await act(demo, ['server', 'add', 'floating', 'ip', 'vm1', fip]);
    const seen = await ssh(fip, 'hostname; cat /tmp/user-data-ran');
    assert.deepEqual(seen.trim().split('\n'), ['vm1', 'user-data-ran']);

    await act(demo, ['server', 'reboot', '--wait', 'vm1']);
    assert.equal(await status('vm1'), 'ACTIVE');
    await act(demo, ['server', 'stop', 'vm1']);
    await reaches('vm1', 'SHUTOFF');
    assert.equal(qemuProcesses(uuid).length, 0, 'a stopped guest has no process');
    await act(demo, ['server', 'start', 'vm1']);
    await reaches('vm1', 'ACTIVE');
    assert.equal(qemuProcesses(uuid).length, 1);
    await act(demo, ['server', 'pause', 'vm1']);
    await reaches('vm1', 'PAUSED');
    await act(demo, ['server', 'unpause', 'vm1']);
    await reaches('vm1', 'ACTIVE');
    await act(demo, ['server', 'suspend', 'vm1']);
    await reaches('vm1', 'SUSPENDED');
    assert.equal(qemuProcesses(uuid).length, 0, 'a suspended guest is saved to disk');
    await act(demo, ['server', 'resume', 'vm1']);
    await reaches('vm1', 'ACTIVE');
    assert.match(await ssh(fip, 'echo back'), /back/);

    await act(demo, ['server', 'image', 'create', '--name', 'vm1-snapshot', '--wait', 'vm1']);
    created.push({ env: demo, name: 'vm2' });
    const fromSnapshot = await cli(demo, [
      'server', 'create', '--image', 'vm1-snapshot', '--flavor', 'm1.tiny', '--network', 'private',
      '--key-name', 'k', '--wait', 'vm2',
    ]); // prettier-ignore
    assert.equal(fromSnapshot.status, 'ACTIVE');
    await consoleShows('vm2', 'vm2 login');

    await act(demo, ['server', 'resize', '--flavor', 'm1.small', '--wait', 'vm1']);
    assert.equal(await status('vm1'), 'VERIFY_RESIZE');
    await act(demo, ['server', 'resize', 'confirm', 'vm1']);
    await reaches('vm1', 'ACTIVE');
    assert.match(qemuProcesses(uuid)[0] ?? '', / -m 2048 /, 'the guest runs with the new flavor');

    const ports = (await cli(demo, ['port', 'list', '--server', 'vm1'])) as unknown as Json[];
    await act(demo, ['server', 'delete', '--wait', 'vm1', 'vm2']);
    created.length = 0;
    assert.equal(qemuProcesses(uuid).length, 0, 'no process left');
    const hostsDir = join(dir(), 'compute', 'qemu', 'hosts');
    for (const host of readdirSync(hostsDir)) assert.deepEqual(readdirSync(join(hostsDir, host)), []);
    for (const port of ports) {
      const tap = `tap${String(port.ID ?? port.id)}`.slice(0, 14);
      assert.ok(!existsSync(`/sys/class/net/${tap}`), `${tap} is gone`);
    }
    const providers = (await cli(cloud.admin, ['resource', 'provider', 'list'])) as unknown as Json[];
    for (const provider of providers) {
      const usages = (await cli(cloud.admin, [
        'resource',
        'provider',
        'usage',
        'show',
        provider.uuid,
      ])) as unknown as Json[];
      for (const usage of usages) assert.equal(usage.usage, 0, `${usage.resource_class} is given back`);
    }
  });

  test("guests ping each other, their router and the host's public gateway; ICMP from outside as the group says; two projects on one CIDR stay apart; the metadata address answers", async () => {
    const { demo, admin } = cloud;
    const key = join(dir(), 'k.pem');
    const subnetGateway = async (env: OpenRc, subnet: string) =>
      (await cli(env, ['subnet', 'show', subnet])).gateway_ip as string;
    const privateGateway = await subnetGateway(demo, 'private-subnet');
    const hostGateway = await subnetGateway(admin, 'public-subnet');
    const boot = async (env: OpenRc, name: string, nic: string[], group: string) => {
      created.push({ env, name });
      const server = await cli(env, [
        'server', 'create', '--image', 'stratus-guest', '--flavor', 'm1.tiny', ...nic,
        '--security-group', group, '--key-name', 'k', '--wait', name,
      ]); // prettier-ignore
      assert.equal(server.status, 'ACTIVE');
      return server;
    };
    const withFloatingIp = async (env: OpenRc, name: string) => {
      const address = (await cli(env, ['floating', 'ip', 'create', 'public'])).floating_ip_address as string;
      await act(env, ['server', 'add', 'floating', 'ip', name, address]);
      return address;
    };

    // SSH from anywhere; ICMP only from the group's own members.
    await act(demo, ['security', 'group', 'create', 'guests']);
    await act(demo, ['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22', 'guests']);
    await act(demo, [
      'security',
      'group',
      'rule',
      'create',
      '--proto',
      'icmp',
      '--remote-group',
      'guests',
      'guests',
    ]);
    const [first] = await Promise.all(
      ['net1', 'net2'].map((name) => boot(demo, name, ['--network', 'private'], 'guests')),
    );
    const [one, two] = [await serverPort(demo, 'net1'), await serverPort(demo, 'net2')];
    const oneFip = await withFloatingIp(demo, 'net1');
    await ssh(oneFip, 'true');

    await guestPingsBecome(key, oneFip, two.ip, true);
    assert.equal(await guestArpEntry(key, oneFip, two.ip), two.mac, "net1 reached net2's port");
    assert.ok(await guestPings(key, oneFip, privateGateway), 'net1 reaches its router');
    assert.ok(
      await guestPings(key, oneFip, hostGateway),
      "net1 reaches the host's public gateway through SNAT",
    );

    const metadata = JSON.parse(
      await ssh(oneFip, 'wget -qO- http://169.254.169.254/openstack/latest/meta_data.json'),
    ) as Json;
    assert.equal(metadata.uuid, first.id);
    assert.equal(metadata.name, 'net1');

    assert.equal(hostPings(oneFip), false, 'the group lets no ICMP in from the host');
    const rule = await cli(demo, ['security', 'group', 'rule', 'create', '--proto', 'icmp', 'guests']);
    await until('the host pinging net1', async () => (hostPings(oneFip) ? true : undefined));
    await act(demo, ['security', 'group', 'rule', 'delete', rule.id as string]);
    await until('the host no longer pinging net1', async () => (hostPings(oneFip) ? undefined : true));

    // Another project on the same CIDR, whose guest has net2's very address and lets any ping in:
    // only the networks keep the projects apart.
    const alt = await createMemberProject(admin, demo, 'alt');
    await act(alt, ['keypair', 'create', '--public-key', `${key}.pub`, 'k']);
    await act(alt, ['network', 'create', 'alt-net']);
    const privateCidr = (await cli(demo, ['subnet', 'show', 'private-subnet'])).cidr as string;
    await act(alt, ['subnet', 'create', '--network', 'alt-net', '--subnet-range', privateCidr, 'alt-subnet']);
    await act(alt, ['router', 'create', 'alt-router']);
    await act(alt, ['router', 'set', '--external-gateway', 'public', 'alt-router']);
    await act(alt, ['router', 'add', 'subnet', 'alt-router', 'alt-subnet']);
    await act(alt, ['security', 'group', 'create', 'open']);
    await act(alt, ['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22', 'open']);
    await act(alt, ['security', 'group', 'rule', 'create', '--proto', 'icmp', 'open']);
    await boot(alt, 'alt1', ['--nic', `net-id=alt-net,v4-fixed-ip=${two.ip}`], 'open');
    const altFip = await withFloatingIp(alt, 'alt1');
    assert.equal((await ssh(altFip, 'hostname')).trim(), 'alt1');
    const altPorts = (await cli(alt, [
      'port',
      'list',
      '--network',
      'alt-net',
      '--long',
    ])) as unknown as Json[];
    const altAddresses = altPorts.flatMap((port) =>
      (port['Fixed IP Addresses'] as { ip_address: string }[]).map((fixed) => fixed.ip_address),
    );
    assert.ok(!altAddresses.includes(one.ip), "net1's address is free on alt-net");

    assert.ok(
      await guestPings(key, altFip, privateGateway),
      'alt1 reaches its own router at the same address',
    );
    assert.equal(await guestPings(key, altFip, one.ip), false, 'alt1 does not reach the demo project');
    assert.ok(await guestPings(key, oneFip, two.ip), 'net1 still reaches net2');
    assert.equal(await guestArpEntry(key, oneFip, two.ip), two.mac, 'and not alt1, of the same address');

    for (const { env, name } of created.splice(0)) await act(env, ['server', 'delete', '--wait', name]);
  });
});
