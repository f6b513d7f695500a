import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PortSpec, SecurityGroupRuleSpec } from '../../../../../src/network/drivers/network-driver.js';
import { linkLocalOf, portChainRules } from '../../../../../src/network/drivers/linux/port-rules.js';

const port: PortSpec = {
  id: '5e0c4a6f-0000-4000-8000-000000000001',
  devName: 'tap5e0c4a6f-00',
  mac: 'fa:16:3e:aa:bb:cc',
  networkId: 'net-1',
  fixedIps: [
    { ip: '10.0.0.5', prefixlen: 24 },
    { ip: '2001:db8::5', prefixlen: 64 },
  ],
  portSecurityEnabled: true,
  allowedAddressPairs: [{ ipAddress: '10.0.0.128/25', macAddress: 'FA:16:3E:00:00:01' }],
  securityGroupRules: [],
};

const rule = (overrides: Partial<SecurityGroupRuleSpec>): SecurityGroupRuleSpec => ({
  direction: 'ingress',
  ethertype: 'IPv4',
  protocol: null,
  portRangeMin: null,
  portRangeMax: null,
  remoteIpPrefixes: null,
  ...overrides,
});

test('IPv4 chains: established first, DHCP answers from its subnet, the rules, then drop', () => {
  const rules = portChainRules(
    {
      ...port,
      securityGroupRules: [
        rule({ protocol: 'tcp', portRangeMin: 22, portRangeMax: 22, remoteIpPrefixes: ['192.0.2.7/24'] }),
        rule({ protocol: 'icmp', portRangeMin: 8, portRangeMax: null }),
        rule({ direction: 'egress', remoteIpPrefixes: ['0.0.0.0/0'] }),
        rule({ direction: 'egress', protocol: '17', portRangeMin: 53, portRangeMax: 54 }),
        rule({ ethertype: 'IPv6', protocol: 'tcp' }),
      ],
    },
    4,
    'o-s-tap5e0c4a6f-00',
  );
  assert.deepEqual(rules.ingress, [
    '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
    '-s 10.0.0.0/24 -p udp -m udp --sport 67 --dport 68 -j RETURN',
    '-s 192.0.2.0/24 -p tcp -m tcp --dport 22 -j RETURN',
    '-p icmp -m icmp --icmp-type 8 -j RETURN',
    '-m conntrack --ctstate INVALID -j DROP',
    '-j DROP',
  ]);
  assert.deepEqual(rules.egress, [
    '-s 0.0.0.0/32 -d 255.255.255.255/32 -p udp -m udp --sport 68 --dport 67 -j RETURN',
    '-j o-s-tap5e0c4a6f-00',
    '-p udp -m udp --sport 68 --dport 67 -j RETURN',
    '-p udp -m udp --sport 67 --dport 68 -j DROP',
    '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
    '-j RETURN',
    '-p udp -m udp --dport 53:54 -j RETURN',
    '-m conntrack --ctstate INVALID -j DROP',
    '-j DROP',
  ]);
  assert.deepEqual(rules.spoof, [
    '-s 10.0.0.5/32 -m mac --mac-source fa:16:3e:aa:bb:cc -j RETURN',
    '-s 10.0.0.128/25 -m mac --mac-source fa:16:3e:00:00:01 -j RETURN',
    '-j DROP',
  ]);
});

test('a remote group without members allows nothing; each member prefix is a rule of its own', () => {
  const ingress = (remoteIpPrefixes: string[] | null) =>
    portChainRules({ ...port, securityGroupRules: [rule({ remoteIpPrefixes })] }, 4, 's').ingress;
  assert.equal(ingress([]).length, 4);
  assert.deepEqual(ingress(['10.0.0.6/32', '10.0.0.7/32']).slice(2, 4), [
    '-s 10.0.0.6/32 -j RETURN',
    '-s 10.0.0.7/32 -j RETURN',
  ]);
});

test('IPv6 chains: neighbour discovery and DHCPv6 pass, router advertisements from the instance do not', () => {
  const rules = portChainRules(
    {
      ...port,
      securityGroupRules: [rule({ ethertype: 'IPv6', protocol: 'icmp', portRangeMin: 128, portRangeMax: 0 })],
    },
    6,
    's6',
  );
  assert.ok(rules.ingress.includes('-p ipv6-icmp -m icmp6 --icmpv6-type 135 -j RETURN'));
  assert.ok(rules.ingress.includes('-p ipv6-icmp -m icmp6 --icmpv6-type 128/0 -j RETURN'));
  assert.ok(rules.ingress.includes('-d fe80::/64 -p udp -m udp --sport 547 --dport 546 -j RETURN'));
  assert.ok(!rules.ingress.some((line) => line.includes('--dport 68')));
  assert.ok(
    rules.egress.indexOf('-p ipv6-icmp -m icmp6 --icmpv6-type 134 -j DROP') < rules.egress.indexOf('-j s6'),
  );
  assert.deepEqual(rules.spoof, [
    '-s 2001:db8::5/128 -m mac --mac-source fa:16:3e:aa:bb:cc -j RETURN',
    '-s fe80::f816:3eff:feaa:bbcc/128 -m mac --mac-source fa:16:3e:aa:bb:cc -j RETURN',
    '-s fe80::f816:3eff:fe00:1/128 -m mac --mac-source fa:16:3e:00:00:01 -j RETURN',
    '-j DROP',
  ]);
});

test('the EUI-64 link-local address of a MAC', () => {
  assert.equal(linkLocalOf('fa:16:3e:aa:bb:cc'), 'fe80::f816:3eff:feaa:bbcc/128');
  assert.equal(linkLocalOf('00:00:00:00:00:01'), 'fe80::200:ff:fe00:1/128');
});
