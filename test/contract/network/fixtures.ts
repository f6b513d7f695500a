import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { tapName } from '../../../src/network/drivers/device-names.js';
import type {
  DhcpHostSpec,
  DhcpSpec,
  NetworkSpec,
  PortSpec,
  RouterInterfaceSpec,
  SecurityGroupRuleSpec,
} from '../../../src/network/drivers/network-driver.js';

/** A MAC in OpenStack's range (fa:16:3e), random. */
export function macAddress(): string {
  return ['fa', '16', '3e', ...[...randomBytes(3)].map((byte) => byte.toString(16).padStart(2, '0'))].join(
    ':',
  );
}

/** A self-service (VXLAN) network of its own VNI, unless overridden. */
export function networkSpec(overrides: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    id: randomUUID(),
    mtu: 1450,
    networkType: 'vxlan',
    segmentationId: randomInt(100_000, 16_000_000),
    physicalNetwork: null,
    hostAddresses: [],
    ...overrides,
  };
}

/** An IPv4 subnet's parts: `10.0.0.0/24` gives the address of host `n` and the prefix length. */
export function ipv4Subnet(cidr: string) {
  const [network, length] = cidr.split('/');
  const base = network.split('.').slice(0, 3).join('.');
  return { cidr, prefixlen: Number(length), host: (n: number) => `${base}.${n}`, gateway: `${base}.1` };
}

/** The DHCP server of a network with one IPv4 subnet (the server at .2, the gateway at .1). */
export function dhcpSpec(network: NetworkSpec, cidr: string, hosts: DhcpHostSpec[] = []): DhcpSpec {
  const subnet = ipv4Subnet(cidr);
  return {
    networkId: network.id,
    mtu: network.mtu,
    port: {
      id: randomUUID(),
      mac: macAddress(),
      fixedIps: [{ ip: subnet.host(2), prefixlen: subnet.prefixlen }],
    },
    subnets: [
      {
        cidr,
        ipVersion: 4,
        gatewayIp: subnet.gateway,
        dnsNameservers: [],
        hostRoutes: [],
        ipv6AddressMode: null,
        enableDhcp: true,
      },
    ],
    hosts,
    dnsDomain: null,
  };
}

/** A router leg on a network, with one address. */
export function routerLeg(network: NetworkSpec, ip: string, prefixlen: number): RouterInterfaceSpec {
  return {
    portId: randomUUID(),
    mac: macAddress(),
    networkId: network.id,
    fixedIps: [{ ip, prefixlen }],
    mtu: network.mtu,
  };
}

/** Upstream's default security group, resolved for one member: all egress; ingress from the group's members. */
export function defaultGroupRules(memberPrefixes: string[]): SecurityGroupRuleSpec[] {
  const rule = (
    direction: 'ingress' | 'egress',
    remoteIpPrefixes: string[] | null,
  ): SecurityGroupRuleSpec => ({
    direction,
    ethertype: 'IPv4',
    protocol: null,
    portRangeMin: null,
    portRangeMax: null,
    remoteIpPrefixes,
  });
  return [rule('egress', null), rule('ingress', memberPrefixes)];
}

/** An ingress rule for ICMP from anywhere. */
export const icmpIngress: SecurityGroupRuleSpec = {
  direction: 'ingress',
  ethertype: 'IPv4',
  protocol: 'icmp',
  portRangeMin: null,
  portRangeMax: null,
  remoteIpPrefixes: null,
};

/** An instance's port on a network with one IPv4 address, its TAP named as Nova names it. */
export function portSpec(
  network: NetworkSpec,
  ip: string,
  prefixlen: number,
  overrides: Partial<PortSpec> = {},
): PortSpec {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    devName: tapName(id),
    mac: macAddress(),
    networkId: network.id,
    fixedIps: [{ ip, prefixlen }],
    portSecurityEnabled: true,
    allowedAddressPairs: [],
    securityGroupRules: defaultGroupRules([]),
    ...overrides,
  };
}
