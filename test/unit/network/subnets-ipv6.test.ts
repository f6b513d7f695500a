import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eui64Address } from '../../../src/network/ipam/eui64.js';
import { formatIp } from '../../../src/network/ipam/ip-address.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('IPv6 subnets', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  const network = async () =>
    (await net.json('POST', '/networks', 201, { body: { network: { name: 'v6' } } })).network;
  const v6 = (networkId: string, body: Record<string, unknown> = {}) =>
    net.request('POST', '/subnets', {
      body: { subnet: { network_id: networkId, ip_version: 6, cidr: '2001:db8:1::/64', ...body } },
    });
  const slaacOf = (prefix: string, mac: string) => formatIp(6, eui64Address(prefix, mac));

  test('an IPv6 subnet takes its subnet-router address as gateway and the rest as its pool', async () => {
    const n = await network();
    const response = await v6(n.id, { cidr: '2001:DB8:1:0:0::/64' });
    assert.equal(response.statusCode, 201);
    const { subnet } = response.json();
    assert.equal(subnet.cidr, '2001:db8:1::/64');
    assert.equal(subnet.gateway_ip, '2001:db8:1::');
    assert.deepEqual(subnet.allocation_pools, [
      { start: '2001:db8:1::1', end: '2001:db8:1:0:ffff:ffff:ffff:ffff' },
    ]);
  });

  test('the address modes are checked as Neutron checks them', async () => {
    const n = await network();
    const cases: [Record<string, unknown>, string][] = [
      [
        { ipv6_ra_mode: 'slaac', enable_dhcp: false },
        'Invalid input for operation: ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False.',
      ],
      [
        { ipv6_ra_mode: 'slaac', ipv6_address_mode: 'dhcpv6-stateful' },
        "Invalid input for operation: ipv6_ra_mode set to 'slaac' with ipv6_address_mode set to 'dhcpv6-stateful' is not valid. If both attributes are set, they must be the same value.",
      ],
      [
        { cidr: '2001:db8:2::/80', ipv6_address_mode: 'slaac' },
        'Invalid input for operation: Invalid CIDR 2001:db8:2::/80 for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64.',
      ],
      [
        { ipv6_address_mode: 'magic' },
        "Invalid input for ipv6_address_mode. Reason: magic is not in ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac'].",
      ],
      [{ cidr: '::/64' }, "Invalid input for operation: IPv6 subnet '::' is not supported."],
    ];
    for (const [body, message] of cases) {
      const response = await v6(n.id, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.json().NeutronError.message, message);
    }
  });

  test('on a SLAAC subnet a port takes its EUI-64 address, and may ask for no other', async () => {
    const n = await network();
    const before_ = (await net.json('POST', '/ports', 201, { body: { port: { network_id: n.id } } })).port;
    assert.deepEqual(before_.fixed_ips, []);
    const { subnet } = (await v6(n.id, { ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac' })).json();
    // A port already on the network gets its address when the subnet comes.
    const updated = (await net.json('GET', `/ports/${before_.id}`, 200)).port;
    assert.deepEqual(updated.fixed_ips, [
      { subnet_id: subnet.id, ip_address: slaacOf('2001:db8:1::/64', before_.mac_address) },
    ]);
    assert.equal(updated.revision_number, before_.revision_number + 1);

    const { port } = await net.json('POST', '/ports', 201, {
      body: { port: { network_id: n.id, mac_address: 'fa:16:3e:aa:bb:cc' } },
    });
    assert.deepEqual(port.fixed_ips, [
      { subnet_id: subnet.id, ip_address: '2001:db8:1:0:f816:3eff:feaa:bbcc' },
    ]);
    const refused = await net.request('POST', '/ports', {
      body: {
        port: { network_id: n.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '2001:db8:1::99' }] },
      },
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(refused.json().NeutronError, {
      type: 'AllocationOnAutoAddressSubnet',
      message: `IPv6 address 2001:db8:1::99 cannot be directly assigned to a port on subnet ${subnet.id} as the subnet is configured for automatic addresses`,
      detail: '',
    });
    // A new MAC gives the port a new SLAAC address.
    const remac = await net.json('PUT', `/ports/${port.id}`, 200, {
      caller: 'admin',
      body: { port: { mac_address: 'fa:16:3e:aa:bb:cd' } },
    });
    assert.deepEqual(remac.port.fixed_ips, [
      { subnet_id: subnet.id, ip_address: '2001:db8:1:0:f816:3eff:feaa:bbcd' },
    ]);
    // A router interface is the exception: it takes the gateway.
    const router = await net.json('POST', '/ports', 201, {
      body: {
        port: {
          network_id: n.id,
          device_owner: 'network:router_interface',
          fixed_ips: [{ subnet_id: subnet.id, ip_address: subnet.gateway_ip }],
        },
      },
    });
    assert.deepEqual(router.port.fixed_ips, [{ subnet_id: subnet.id, ip_address: '2001:db8:1::' }]);
    // A SLAAC subnet goes even with ports on it: they lose their automatic addresses.
    await net.json('DELETE', `/ports/${router.port.id}`, 204);
    await net.json('DELETE', `/subnets/${subnet.id}`, 204);
    assert.deepEqual((await net.json('GET', `/ports/${port.id}`, 200)).port.fixed_ips, []);
  });

  test('on a DHCPv6-stateful subnet ports take the next address; a dual-stack port gets one of each', async () => {
    const n = await network();
    const stateful = (
      await v6(n.id, { ipv6_ra_mode: 'dhcpv6-stateful', ipv6_address_mode: 'dhcpv6-stateful' })
    ).json().subnet;
    const v4 = (
      await net.json('POST', '/subnets', 201, {
        body: { subnet: { network_id: n.id, ip_version: 4, cidr: '10.60.0.0/24' } },
      })
    ).subnet;
    const { port } = await net.json('POST', '/ports', 201, { body: { port: { network_id: n.id } } });
    assert.deepEqual(
      [...port.fixed_ips].sort((a: { subnet_id: string }, b: { subnet_id: string }) =>
        a.subnet_id === v4.id ? -1 : b.subnet_id === v4.id ? 1 : 0,
      ),
      [
        { subnet_id: v4.id, ip_address: '10.60.0.2' },
        { subnet_id: stateful.id, ip_address: '2001:db8:1::1' },
      ],
    );
    const dhcpOff = await net.request('PUT', `/subnets/${stateful.id}`, {
      body: { subnet: { enable_dhcp: false } },
    });
    assert.equal(dhcpOff.statusCode, 400);
    assert.equal(
      dhcpOff.json().NeutronError.message,
      'Invalid input for operation: Cannot disable enable_dhcp with ipv6 attributes set.',
    );
  });

  test('an IPv6 subnet on a network whose MTU is below 1280 is refused', async () => {
    const small = (
      await net.json('POST', '/networks', 201, { body: { network: { name: 'tiny', mtu: 1000 } } })
    ).network;
    const response = await v6(small.id);
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.json().NeutronError, {
      type: 'NetworkMTUSubnetConflict',
      message: `MTU of ${small.id} is not valid, subnet requires a minimum of 1280`,
      detail: '',
    });
  });
});
