/**
 * The network part of the CLI checks, as issue 5's "Done means" lists them: an ordinary user
 * (demo) builds a self-service network with Debian's `openstack` CLI (network, IPv4 and IPv6
 * subnets, a router to `public` with both subnets on it, a port, a security group with rules,
 * a floating IP on the port) and shares the network with a second project
 * (network-sharing-cli.ts). Every step asserts on what the user sees.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { needs, type Checks } from './checks.js';
import { json, openstack, refused, succeeds, type Json } from './cli.js';
import type { Cloud } from './cloud.js';
import { eui64Address, inIpv4Cidr, ipv6Groups, sameIpv6 } from './network-addresses.js';
import { runNetworkSharingChecks } from './network-sharing-cli.js';
import type { OpenRc } from './openrc.js';
import { PUBLIC_NETWORK_NAME } from './tempest-network.js';

const V4_CIDR = '192.168.77.0/24';
const V4_GATEWAY = '192.168.77.1';
const V4_PORT_ADDRESS = '192.168.77.10';
const V6_CIDR = 'fd00:77::/64';
// Left out, an IPv6 gateway is the subnet-router anycast address (Neutron's _gateway_ip_str).
const V6_GATEWAY = 'fd00:77::';
const DNS_SERVER = '192.0.2.53';

type FixedIp = { subnet_id: string; ip_address: string };

const fixedIps = (port: Json) => port.fixed_ips as FixedIp[];

/** The first row of a list whose `key` column is `value`. */
function row(rows: Json[], key: string, value: unknown): Json | undefined {
  return rows.find((entry) => entry[key] === value);
}

async function projectIdOf(env: OpenRc): Promise<string> {
  return String((await json(env, ['token', 'issue'])).project_id);
}

export async function runNetworkChecks(checks: Checks, cloud: Cloud): Promise<void> {
  const { admin, demo } = cloud;
  const prefix = `conformance-${randomBytes(4).toString('hex')}`;
  const made: { fip?: string; ports: string[]; router?: string; subnets: string[]; group?: string } = {
    ports: [],
    subnets: [],
  };

  const external = await checks.check('user: network list --external shows public; its range', async () => {
    const listed = await json<Json[]>(demo, ['network', 'list', '--external']);
    const found = row(listed, 'Name', PUBLIC_NETWORK_NAME);
    assert.ok(found, `${PUBLIC_NETWORK_NAME} among ${JSON.stringify(listed)}`);
    // Its subnet is the admin's: an ordinary user does not see the subnets of a network not shared with it.
    const subnets = await json<Json[]>(admin, ['subnet', 'list', '--network', String(found.ID)]);
    const v4 = subnets.find((subnet) => String(subnet.Subnet).includes('.'));
    assert.ok(v4, `an IPv4 subnet of ${PUBLIC_NETWORK_NAME}`);
    return { id: String(found.ID), cidr: String(v4.Subnet) };
  });

  const owner = await checks.check('user: token issue (project id)', async () => ({
    env: demo,
    projectId: await projectIdOf(demo),
  }));

  const network = await checks.check('user: network create, show and list', async () => {
    const created = await json(demo, ['network', 'create', `${prefix}-net`]);
    assert.equal(created.name, `${prefix}-net`);
    assert.equal(created.project_id, needs(owner, 'token issue').projectId);
    assert.equal(created.admin_state_up, true);
    assert.equal(created.shared, false);
    assert.equal(created['router:external'], false);
    const shown = await json(demo, ['network', 'show', String(created.id)]);
    assert.equal(shown.status, 'ACTIVE');
    const listed = await json<Json[]>(demo, ['network', 'list']);
    assert.ok(row(listed, 'ID', created.id), 'the network is listed');
    return String(created.id);
  });
  const networkId = () => needs(network, 'network create');

  const v4 = await checks.check(
    'user: subnet create (IPv4: DHCP, a DNS server, gateway and pool by default)',
    async () => {
      const created = await json(demo, [
        'subnet',
        'create',
        '--network',
        networkId(),
        '--subnet-range',
        V4_CIDR,
        '--dns-nameserver',
        DNS_SERVER,
        `${prefix}-v4`,
      ]);
      made.subnets.push(String(created.id));
      assert.equal(created.ip_version, 4);
      assert.equal(created.cidr, V4_CIDR);
      assert.equal(created.gateway_ip, V4_GATEWAY);
      assert.equal(created.enable_dhcp, true);
      assert.deepEqual(created.dns_nameservers, [DNS_SERVER]);
      assert.deepEqual(created.allocation_pools, [{ start: '192.168.77.2', end: '192.168.77.254' }]);
      return String(created.id);
    },
  );

  const v6 = await checks.check('user: subnet create (IPv6 with SLAAC)', async () => {
    const created = await json(demo, [
      'subnet',
      'create',
      '--network',
      networkId(),
      '--ip-version',
      '6',
      '--ipv6-ra-mode',
      'slaac',
      '--ipv6-address-mode',
      'slaac',
      '--subnet-range',
      V6_CIDR,
      `${prefix}-v6`,
    ]);
    made.subnets.push(String(created.id));
    assert.equal(created.ip_version, 6);
    assert.equal(created.cidr, V6_CIDR);
    assert.equal(created.gateway_ip, V6_GATEWAY);
    assert.equal(created.ipv6_ra_mode, 'slaac');
    assert.equal(created.ipv6_address_mode, 'slaac');
    const listed = await json<Json[]>(demo, ['subnet', 'list', '--network', networkId()]);
    assert.deepEqual(listed.map((subnet) => subnet.Subnet).sort(), [V4_CIDR, V6_CIDR].sort());
    return String(created.id);
  });

  const router = await checks.check('user: router create', async () => {
    const created = await json(demo, ['router', 'create', `${prefix}-router`]);
    made.router = String(created.id);
    assert.equal(created.name, `${prefix}-router`);
    assert.equal(created.status, 'ACTIVE');
    assert.equal(created.project_id, needs(owner, 'token issue').projectId);
    return String(created.id);
  });
  const routerId = () => needs(router, 'router create');

  await checks.check('user: router set --external-gateway public (SNAT, an address on public)', async () => {
    const publicNet = needs(external, 'network list --external');
    await succeeds(demo, ['router', 'set', '--external-gateway', PUBLIC_NETWORK_NAME, routerId()]);
    const shown = await json(demo, ['router', 'show', routerId()]);
    const gateway = shown.external_gateway_info as Json;
    assert.equal(gateway.network_id, publicNet.id);
    assert.equal(gateway.enable_snat, true);
    const addresses = (gateway.external_fixed_ips as FixedIp[]).map((ip) => ip.ip_address);
    assert.ok(
      addresses.some((address) => inIpv4Cidr(address, publicNet.cidr)),
      `an address of ${publicNet.cidr} among ${addresses.join(', ')}`,
    );
  });

  await checks.check(
    "user: router add subnet (IPv4, IPv6): the router's ports hold the gateways",
    async () => {
      await succeeds(demo, ['router', 'add', 'subnet', routerId(), needs(v4, 'subnet create (IPv4)')]);
      await succeeds(demo, ['router', 'add', 'subnet', routerId(), needs(v6, 'subnet create (IPv6)')]);
      const ports = await json<Json[]>(demo, ['port', 'list', '--router', routerId(), '--long']);
      const interfaces = ports.filter((port) => port['Device Owner'] === 'network:router_interface');
      const addresses = interfaces.flatMap((port) =>
        (port['Fixed IP Addresses'] as FixedIp[]).map((ip) => ip.ip_address),
      );
      assert.ok(addresses.includes(V4_GATEWAY), `${V4_GATEWAY} among ${addresses.join(', ')}`);
      assert.ok(
        addresses.some((address) => sameIpv6(address, ipv6Groups(V6_GATEWAY))),
        `${V6_GATEWAY} among ${addresses.join(', ')}`,
      );
    },
  );

  const port = await checks.check(
    'user: port create: the asked IPv4 address, the SLAAC address of its MAC, the default group',
    async () => {
      const created = await json(demo, [
        'port',
        'create',
        '--network',
        networkId(),
        '--fixed-ip',
        `subnet=${needs(v4, 'subnet create (IPv4)')},ip-address=${V4_PORT_ADDRESS}`,
        `${prefix}-port`,
      ]);
      made.ports.push(String(created.id));
      assert.equal(created.status, 'DOWN', 'a port nothing is plugged into is DOWN');
      assert.equal(created.admin_state_up, true);
      assert.equal(created.port_security_enabled, true);
      const mac = String(created.mac_address);
      assert.match(mac, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      const ips = fixedIps(created);
      assert.ok(row(ips, 'ip_address', V4_PORT_ADDRESS), `${V4_PORT_ADDRESS} in ${JSON.stringify(ips)}`);
      const slaac = ips.find((ip) => ip.subnet_id === needs(v6, 'subnet create (IPv6)'));
      assert.ok(slaac, `an address of the SLAAC subnet in ${JSON.stringify(ips)}`);
      assert.ok(
        sameIpv6(slaac.ip_address, eui64Address(V6_CIDR, mac)),
        `${slaac.ip_address} is EUI-64 of ${mac}`,
      );
      const groups = await json<Json[]>(demo, ['security', 'group', 'list']);
      const defaultGroup = row(groups, 'Name', 'default');
      assert.ok(defaultGroup, "the project's default security group");
      assert.deepEqual(created.security_group_ids, [defaultGroup.ID]);
      return String(created.id);
    },
  );
  const portId = () => needs(port, 'port create');

  await checks.check("user: the default group has upstream's four rules", async () => {
    const rules = await json<Json[]>(demo, ['security', 'group', 'rule', 'list', 'default', '--long']);
    const summary = rules.map((rule) => `${String(rule.Direction)} ${String(rule.Ethertype)}`).sort();
    assert.deepEqual(summary, ['egress IPv4', 'egress IPv6', 'ingress IPv4', 'ingress IPv6']);
    const ingress = rules.filter((rule) => rule.Direction === 'ingress');
    assert.ok(
      ingress.every((rule) => rule['Remote Security Group']),
      'ingress only from members of the group',
    );
  });

  const group = await checks.check('user: security group create (egress allowed by default)', async () => {
    const created = await json(demo, [
      'security',
      'group',
      'create',
      '--description',
      'web',
      `${prefix}-web`,
    ]);
    made.group = String(created.id);
    assert.equal(created.name, `${prefix}-web`);
    assert.equal(created.description, 'web');
    const rules = created.rules as Json[];
    assert.deepEqual(rules.map((rule) => `${String(rule.direction)} ${String(rule.ethertype)}`).sort(), [
      'egress IPv4',
      'egress IPv6',
    ]);
    return String(created.id);
  });
  const groupId = () => needs(group, 'security group create');

  await checks.check(
    'user: security group rule create (TCP 22 from anywhere, ICMP); a duplicate is refused',
    async () => {
      const ssh = [
        'security',
        'group',
        'rule',
        'create',
        '--protocol',
        'tcp',
        '--dst-port',
        '22',
        '--remote-ip',
        '0.0.0.0/0',
      ];
      const created = await json(demo, [...ssh, groupId()]);
      assert.equal(created.direction, 'ingress');
      assert.equal(created.ether_type, 'IPv4');
      assert.equal(created.protocol, 'tcp');
      assert.equal(created.port_range_min, 22);
      assert.equal(created.port_range_max, 22);
      assert.equal(created.remote_ip_prefix, '0.0.0.0/0');
      assert.equal(created.security_group_id, groupId());
      const icmp = await json(demo, ['security', 'group', 'rule', 'create', '--protocol', 'icmp', groupId()]);
      assert.equal(icmp.protocol, 'icmp');
      await refused(
        demo,
        [...ssh, groupId()],
        [`Security group rule already exists. Rule id is ${String(created.id)}.`, '409'],
      );
      const rules = await json<Json[]>(demo, ['security', 'group', 'rule', 'list', groupId()]);
      assert.equal(rules.length, 4, 'two egress rules, SSH and ICMP');
    },
  );

  await checks.check('user: port set --security-group adds the group to the port', async () => {
    await succeeds(demo, ['port', 'set', '--security-group', groupId(), portId()]);
    const shown = await json(demo, ['port', 'show', portId()]);
    assert.equal((shown.security_group_ids as string[]).length, 2);
    assert.ok((shown.security_group_ids as string[]).includes(groupId()));
  });

  const fip = await checks.check('user: floating ip create public', async () => {
    const publicNet = needs(external, 'network list --external');
    const created = await json(demo, ['floating', 'ip', 'create', PUBLIC_NETWORK_NAME]);
    made.fip = String(created.id);
    assert.equal(created.floating_network_id, publicNet.id);
    assert.ok(
      inIpv4Cidr(String(created.floating_ip_address), publicNet.cidr),
      `${String(created.floating_ip_address)} in ${publicNet.cidr}`,
    );
    assert.equal(created.port_id, null);
    assert.equal(created.status, 'DOWN');
    return String(created.id);
  });

  await checks.check('user: floating ip set --port (through the router), then unset --port', async () => {
    const id = needs(fip, 'floating ip create');
    await succeeds(demo, [
      'floating',
      'ip',
      'set',
      '--port',
      portId(),
      '--fixed-ip-address',
      V4_PORT_ADDRESS,
      id,
    ]);
    const associated = await json(demo, ['floating', 'ip', 'show', id]);
    assert.equal(associated.port_id, portId());
    assert.equal(associated.fixed_ip_address, V4_PORT_ADDRESS);
    assert.equal(associated.router_id, routerId());
    const listed = await json<Json[]>(demo, ['floating', 'ip', 'list', '--port', portId()]);
    assert.ok(row(listed, 'ID', id), 'listed by its port');
    await succeeds(demo, ['floating', 'ip', 'unset', '--port', id]);
    const released = await json(demo, ['floating', 'ip', 'show', id]);
    assert.equal(released.port_id, null);
    assert.equal(released.fixed_ip_address, null);
  });

  if (owner && network && v4 && port && router) {
    await runNetworkSharingChecks(checks, admin, owner, {
      networkId: network,
      subnetId: v4,
      portId: port,
      routerId: router,
      namePrefix: prefix,
    });
  }

  await checks.check(
    'user: delete the floating IP, port, router, subnets, network and security group',
    async () => {
      if (made.fip) await succeeds(demo, ['floating', 'ip', 'delete', made.fip]);
      for (const id of made.ports) await succeeds(demo, ['port', 'delete', id]);
      if (made.router) {
        for (const subnet of made.subnets)
          await openstack(demo, ['router', 'remove', 'subnet', made.router, subnet]);
        await succeeds(demo, ['router', 'unset', '--external-gateway', made.router]);
        await succeeds(demo, ['router', 'delete', made.router]);
      }
      if (made.subnets.length > 0) await succeeds(demo, ['subnet', 'delete', ...made.subnets]);
      if (network) await succeeds(demo, ['network', 'delete', network]);
      if (made.group) await succeeds(demo, ['security', 'group', 'delete', made.group]);
      const listed = await json<Json[]>(demo, ['network', 'list']);
      assert.ok(!network || !row(listed, 'ID', network), 'the network is gone');
    },
  );
}
