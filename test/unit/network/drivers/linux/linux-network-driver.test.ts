import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DeviceNotFound, NetworkNotWired } from '../../../../../src/network/drivers/errors.js';
import type { LinkState } from '../../../../../src/network/drivers/linux/links.js';
import { LinuxNetworkDriver } from '../../../../../src/network/drivers/linux/linux-network-driver.js';
import type { PortSpec, RouterSpec } from '../../../../../src/network/drivers/network-driver.js';
import { RecordingRunner } from '../../../../contract/network/recording-runner.js';
import { linkJson } from './link-json.js';

type Link = Partial<LinkState> & { name: string };

/**
 * A host as the driver's questions see it, scripted: devices (on the host and in namespaces),
 * namespaces and the two families' iptables-save output. Every other command succeeds.
 */
class ScriptedHost {
  links: Link[] = [];
  namespaceLinks = new Map<string, Link[]>();
  saved: Record<'iptables-save' | 'ip6tables-save', string> = { 'iptables-save': '', 'ip6tables-save': '' };

  readonly runner = new RecordingRunner((argv) => this.answer(argv));

  private answer(argv: string[]) {
    const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: '' });
    if (argv[0] === 'iptables-save' || argv[0] === 'ip6tables-save') return ok(this.saved[argv[0]]);
    if (argv.join(' ') === 'ip -j netns list')
      return ok(JSON.stringify([...this.namespaceLinks.keys()].map((name) => ({ name }))));
    const namespace = argv[1] === '-n' ? argv[2] : null;
    const rest = namespace ? argv.slice(3) : argv.slice(1);
    const links = namespace ? (this.namespaceLinks.get(namespace) ?? []) : this.links;
    if (rest.join(' ').startsWith('-j -d address show')) {
      const device = rest[5];
      const found = device ? links.filter((link) => link.name === device) : links;
      if (device && found.length === 0)
        return { exitCode: 1, stdout: '', stderr: `Device "${device}" does not exist.` };
      return ok(JSON.stringify(found.map(linkJson)));
    }
    if (rest.join(' ') === '-j link show lo')
      return ok(JSON.stringify(links.filter((l) => l.name === 'lo').map(linkJson)));
    return ok(argv.includes('show') ? '[]' : '');
  }
}

const networkId = '11111111-2222-4333-8444-555555555555';
const bridge = { name: 'brq11111111-22', kind: 'bridge', mtu: 1450, alias: `stratus:network:${networkId}` };
const port: PortSpec = {
  id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  devName: 'tapaaaaaaaa-bb',
  mac: 'fa:16:3e:00:00:05',
  networkId,
  fixedIps: [{ ip: '10.0.0.5', prefixlen: 24 }],
  portSecurityEnabled: true,
  allowedAddressPairs: [],
  securityGroupRules: [],
};

let stateDir: string;
before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'stratus-linux-driver-unit-'));
  await chmod(stateDir, 0o755);
});
after(() => rm(stateDir, { recursive: true, force: true }));

test('ensurePort: the firewall in both families, then the device plugged with the network MTU; again, nothing', async () => {
  const host = new ScriptedHost();
  host.links = [bridge, { name: port.devName, kind: 'tun', mtu: 1500, up: false }];
  const driver = new LinuxNetworkDriver({ stateDir, runner: host.runner });
  await driver.ensurePort(port);

  const changes = host.runner.changes();
  assert.equal(changes.length, 3);
  assert.match(changes[0], /^iptables-restore --noflush\n\*filter\n:stratus-s-tapaaaaaaaa-bb - \[0:0\]\n/);
  assert.match(
    changes[0],
    /\n-A stratus-s-tapaaaaaaaa-bb -s 10.0.0.5\/32 -m mac --mac-source fa:16:3e:00:00:05 -j RETURN\n/,
  );
  assert.match(changes[1], /^ip6tables-restore --noflush\n/);
  assert.equal(
    changes[2],
    [
      'ip -batch -',
      'link set dev tapaaaaaaaa-bb alias stratus:port:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      'link set dev tapaaaaaaaa-bb mtu 1450',
      'link set dev tapaaaaaaaa-bb master brq11111111-22',
      'link set dev tapaaaaaaaa-bb up',
      '',
    ].join('\n'),
  );

  // The host now as the commands left it: the restore scripts read back as iptables-save prints them.
  const restoreInput = (tool: string) => host.runner.commands.find(({ argv }) => argv[0] === tool)!.input;
  host.saved = {
    'iptables-save': restoreInput('iptables-restore'),
    'ip6tables-save': restoreInput('ip6tables-restore'),
  };
  host.links[1] = {
    ...host.links[1],
    mtu: 1450,
    up: true,
    master: bridge.name,
    alias: `stratus:port:${port.id}`,
  };
  host.runner.clear();
  await driver.ensurePort(port);
  assert.deepEqual(host.runner.changes(), []);

  await driver.ensurePort({ ...port, portSecurityEnabled: false });
  const unfiltered = host.runner.changes();
  assert.equal(unfiltered.length, 2, 'one restore per family, nothing else');
  assert.match(unfiltered[0], /\n-X stratus-i-tapaaaaaaaa-bb\n/);
});

test('ensurePort refuses a missing network or device before changing anything', async () => {
  const host = new ScriptedHost();
  const driver = new LinuxNetworkDriver({ stateDir, runner: host.runner });
  await assert.rejects(driver.ensurePort(port), NetworkNotWired);
  host.links = [{ ...bridge, alias: 'other:network:x' }];
  await assert.rejects(
    driver.ensurePort(port),
    NetworkNotWired,
    "another owner's bridge is not the network's",
  );
  host.links = [bridge];
  await assert.rejects(driver.ensurePort(port), DeviceNotFound);
  assert.deepEqual(host.runner.changes(), []);
});

test('ensureRouter on a bare host: namespace with forwarding, legs, default and extra routes, NAT, then the tag', async () => {
  const host = new ScriptedHost();
  const external = { ...bridge, name: 'brqeeeeeeee-ee', alias: 'stratus:network:eeeeeeee-ee' };
  host.links = [bridge, external];
  const namespace = 'qrouter-r1';
  const driver = new LinuxNetworkDriver({ stateDir, runner: host.runner });
  const router: RouterSpec = {
    id: 'r1',
    interfaces: [
      {
        portId: 'qqqqqqqqqqqq',
        mac: 'fa:16:3e:00:00:01',
        networkId,
        fixedIps: [{ ip: '10.0.0.1', prefixlen: 24 }],
        mtu: 1450,
      },
    ],
    gateway: {
      portId: 'gggggggggggg',
      mac: 'fa:16:3e:00:00:02',
      networkId: 'eeeeeeee-ee',
      fixedIps: [{ ip: '172.24.4.10', prefixlen: 24 }],
      mtu: 1500,
      gatewayIps: ['172.24.4.1'],
      enableSnat: true,
    },
    floatingIps: [],
    routes: [{ destination: '10.9.0.0/16', nexthop: '10.0.0.254' }],
    metadata: null,
  };
  // The namespace appears with its loopback once `ip netns add` ran.
  const run = host.runner.run.bind(host.runner);
  host.runner.run = async (argv, options) => {
    if (argv.join(' ') === `ip netns add ${namespace}`)
      host.namespaceLinks.set(namespace, [{ name: 'lo', kind: null }]);
    return run(argv, options);
  };
  await driver.ensureRouter(router);
  assert.deepEqual(host.runner.changes(), [
    `ip netns add ${namespace}`,
    `ip netns exec ${namespace} sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1`,
    [
      'ip -batch -',
      'link add name tapqqqqqqqqqqq mtu 1450 type veth peer name qr-qqqqqqqqqqq address fa:16:3e:00:00:01 mtu 1450 netns qrouter-r1',
      'link set dev tapqqqqqqqqqqq alias stratus:router:r1',
      'link set dev tapqqqqqqqqqqq master brq11111111-22',
      'link set dev tapqqqqqqqqqqq up',
      'link add name tapggggggggggg mtu 1500 type veth peer name qg-ggggggggggg address fa:16:3e:00:00:02 mtu 1500 netns qrouter-r1',
      'link set dev tapggggggggggg alias stratus:router:r1',
      'link set dev tapggggggggggg master brqeeeeeeee-ee',
      'link set dev tapggggggggggg up',
      '',
    ].join('\n'),
    [
      `ip -n ${namespace} -batch -`,
      'link set dev qr-qqqqqqqqqqq up',
      'address add 10.0.0.1/24 dev qr-qqqqqqqqqqq',
      'link set dev qg-ggggggggggg up',
      'address add 172.24.4.10/24 dev qg-ggggggggggg',
      '',
    ].join('\n'),
    [
      `ip -n ${namespace} -batch -`,
      'route replace 0.0.0.0/0 via 172.24.4.1 proto static',
      'route replace 10.9.0.0/16 via 10.0.0.254 proto static',
      '',
    ].join('\n'),
    [
      `ip netns exec ${namespace} iptables-restore`,
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      '-A POSTROUTING ! -o qg-ggggggggggg -m conntrack ! --ctstate DNAT -j ACCEPT',
      '-A POSTROUTING -o qg-ggggggggggg -j SNAT --to-source 172.24.4.10',
      'COMMIT',
      '',
    ].join('\n'),
    `ip -n ${namespace} link set dev lo alias stratus:router:r1 up`,
  ]);
});
