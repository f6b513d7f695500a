import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DhcpSpec, DhcpSubnetSpec } from '../../../../../src/network/drivers/network-driver.js';
import {
  dhcpHostsFile,
  dhcpOptsFile,
  dnsmasqArguments,
} from '../../../../../src/network/drivers/linux/dnsmasq-config.js';

const subnet = (overrides: Partial<DhcpSubnetSpec>): DhcpSubnetSpec => ({
  cidr: '10.0.0.0/24',
  ipVersion: 4,
  gatewayIp: '10.0.0.1',
  dnsNameservers: [],
  hostRoutes: [],
  ipv6AddressMode: null,
  enableDhcp: true,
  ...overrides,
});

const spec: DhcpSpec = {
  networkId: 'net-1',
  mtu: 1450,
  port: { id: 'port-1', mac: 'fa:16:3e:00:00:02', fixedIps: [{ ip: '10.0.0.2', prefixlen: 24 }] },
  subnets: [
    subnet({ dnsNameservers: ['192.0.2.53', '192.0.2.54'] }),
    subnet({
      cidr: '10.1.0.0/24',
      gatewayIp: null,
      hostRoutes: [{ destination: '0.0.0.0/0', nexthop: '10.1.0.254' }],
    }),
    subnet({
      cidr: '2001:db8::/64',
      ipVersion: 6,
      gatewayIp: '2001:db8::1',
      ipv6AddressMode: 'dhcpv6-stateful',
    }),
    subnet({ cidr: '2001:db8:1::/64', ipVersion: 6, gatewayIp: null, ipv6AddressMode: 'slaac' }),
    subnet({ cidr: '10.2.0.0/24', enableDhcp: false }),
  ],
  hosts: [
    { mac: 'FA:16:3E:00:00:05', ip: '10.0.0.5', hostname: 'host-10-0-0-5' },
    { mac: 'fa:16:3e:00:00:05', ip: '2001:db8::5', hostname: 'host-2001-db8--5' },
    { mac: 'fa:16:3e:00:00:06', ip: '2001:db8:1::6', hostname: 'slaac-only' },
    { mac: 'fa:16:3e:00:00:07', ip: '10.2.0.7', hostname: 'dhcp-disabled' },
  ],
  dnsDomain: 'openstacklocal',
};

test('the hosts file lists hosts on subnets where dnsmasq gives addresses, names with the domain', () => {
  assert.equal(
    dhcpHostsFile(spec),
    'fa:16:3e:00:00:05,host-10-0-0-5.openstacklocal,10.0.0.5\n' +
      'fa:16:3e:00:00:05,host-2001-db8--5.openstacklocal,[2001:db8::5]\n',
  );
});

test("the options file gives each subnet its router, DNS servers and routes, Neutron's way", () => {
  assert.equal(
    dhcpOptsFile(spec),
    [
      'tag:subnet-0,option:dns-server,192.0.2.53,192.0.2.54',
      'tag:subnet-0,option:classless-static-route,10.1.0.0/24,0.0.0.0,10.2.0.0/24,0.0.0.0,0.0.0.0/0,10.0.0.1',
      'tag:subnet-0,249,10.1.0.0/24,0.0.0.0,10.2.0.0/24,0.0.0.0,0.0.0.0/0,10.0.0.1',
      'tag:subnet-0,option:router,10.0.0.1',
      'tag:subnet-1,option:classless-static-route,10.0.0.0/24,0.0.0.0,10.2.0.0/24,0.0.0.0,0.0.0.0/0,10.1.0.254',
      'tag:subnet-1,249,10.0.0.0/24,0.0.0.0,10.2.0.0/24,0.0.0.0,0.0.0.0/0,10.1.0.254',
      'tag:subnet-1,option:router,10.1.0.254',
      'tag:subnet-2,option6:domain-search,openstacklocal',
      '',
    ].join('\n'),
  );
  const lone = { ...spec, subnets: [subnet({ gatewayIp: null })], dnsDomain: null };
  assert.equal(dhcpOptsFile(lone), 'tag:subnet-0,option:router\n');
});

test('the command line: DHCP only, a static range per subnet, router advertisements for IPv6 without a default route', () => {
  const paths = { hosts: '/s/host', opts: '/s/opts', leases: '/s/leases', pid: '/s/pid' };
  assert.deepEqual(dnsmasqArguments(spec, 'ns-port-1', paths, 86400), [
    '--no-hosts',
    '--no-resolv',
    '--port=0',
    '--pid-file=/s/pid',
    '--dhcp-hostsfile=/s/host',
    '--dhcp-optsfile=/s/opts',
    '--dhcp-leasefile=/s/leases',
    '--interface=ns-port-1',
    '--bind-dynamic',
    '--conf-file=/dev/null',
    '--dhcp-range=set:subnet-0,10.0.0.0,static,255.255.255.0,86400s',
    '--dhcp-range=set:subnet-1,10.1.0.0,static,255.255.255.0,86400s',
    '--dhcp-range=set:subnet-2,2001:db8::,static,64,86400s',
    '--dhcp-range=set:subnet-3,2001:db8:1::,slaac,64,86400s',
    '--enable-ra',
    '--ra-param=ns-port-1,0,0',
    '--dhcp-option-force=option:mtu,1450',
    '--dhcp-lease-max=16777216',
    '--domain=openstacklocal',
  ]);
});
