import { maxDeviceNameLength } from './device-names.js';
import { InvalidSpec } from './errors.js';
import { parseAddress, parseCidr } from './ip-cidr.js';
import type {
  DhcpSpec,
  FixedIp,
  HostRoute,
  NetworkSpec,
  PortSpec,
  RouterSpec,
  SecurityGroupRuleSpec,
} from './network-driver.js';

/**
 * The checks every driver makes before acting on a spec, so the fake refuses what the real one
 * would: what reaches a command line or a config file is known to be well formed (an id, a name,
 * an address never carries a space, a comma or a newline).
 */

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const macPattern = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const devicePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const hostnamePattern = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvalidSpec(message);
}

function checkId(id: string, what: string): void {
  check(typeof id === 'string' && idPattern.test(id), `${what} id ${JSON.stringify(id)} is not an id`);
}

function checkMac(mac: string): void {
  check(macPattern.test(mac), `${JSON.stringify(mac)} is not a MAC address`);
}

function checkMtu(mtu: number): void {
  check(Number.isInteger(mtu) && mtu >= 68 && mtu <= 65535, `MTU ${mtu} is not between 68 and 65535`);
}

function checkFixedIps(fixedIps: FixedIp[]): void {
  for (const { ip, prefixlen } of fixedIps) parseCidr(`${ip}/${prefixlen}`);
}

function checkRoute(route: HostRoute): void {
  parseCidr(route.destination);
  parseAddress(route.nexthop);
}

export function checkNetworkSpec(spec: NetworkSpec): void {
  checkId(spec.id, 'network');
  checkMtu(spec.mtu);
  const id = spec.segmentationId;
  if (spec.networkType === 'vxlan')
    check(Number.isInteger(id) && id! >= 1 && id! <= 0xffffff, `VXLAN network ${spec.id} needs a VNI`);
  if (spec.networkType === 'vlan') {
    check(Number.isInteger(id) && id! >= 1 && id! <= 4094, `VLAN network ${spec.id} needs a VLAN id`);
    check(spec.physicalNetwork, `VLAN network ${spec.id} needs a physical network`);
  }
  for (const address of spec.hostAddresses) {
    check(address.includes('/'), `host address ${address} needs a prefix length`);
    parseCidr(address);
  }
}

export function checkDhcpSpec(spec: DhcpSpec): void {
  checkId(spec.networkId, 'network');
  checkId(spec.port.id, 'port');
  checkMac(spec.port.mac);
  checkMtu(spec.mtu);
  checkFixedIps(spec.port.fixedIps);
  for (const subnet of spec.subnets) {
    check(
      parseCidr(subnet.cidr).version === subnet.ipVersion,
      `${subnet.cidr} is not IPv${subnet.ipVersion}`,
    );
    if (subnet.gatewayIp) parseAddress(subnet.gatewayIp);
    subnet.dnsNameservers.forEach(parseAddress);
    subnet.hostRoutes.forEach(checkRoute);
  }
  for (const host of spec.hosts) {
    checkMac(host.mac);
    parseAddress(host.ip);
    check(hostnamePattern.test(host.hostname), `${JSON.stringify(host.hostname)} is not a host name`);
  }
  if (spec.dnsDomain !== null)
    check(hostnamePattern.test(spec.dnsDomain), `${JSON.stringify(spec.dnsDomain)} is not a domain`);
}

export function checkRouterSpec(spec: RouterSpec): void {
  checkId(spec.id, 'router');
  for (const leg of spec.gateway ? [...spec.interfaces, spec.gateway] : spec.interfaces) {
    checkId(leg.portId, 'port');
    checkId(leg.networkId, 'network');
    checkMac(leg.mac);
    checkMtu(leg.mtu);
    checkFixedIps(leg.fixedIps);
  }
  spec.gateway?.gatewayIps.forEach(parseAddress);
  for (const { floatingIp, fixedIp } of spec.floatingIps) {
    check(parseAddress(floatingIp).version === 4, `floating IP ${floatingIp} is not IPv4`);
    check(parseAddress(fixedIp).version === 4, `fixed IP ${fixedIp} of a floating IP is not IPv4`);
  }
  spec.routes.forEach(checkRoute);
  if (spec.metadata) {
    const { port } = spec.metadata;
    check(Number.isInteger(port) && port >= 1 && port <= 65535, `metadata port ${port} is not a TCP port`);
  }
}

function checkRule(rule: SecurityGroupRuleSpec): void {
  check(
    rule.direction === 'ingress' || rule.direction === 'egress',
    `direction ${rule.direction} is unknown`,
  );
  check(rule.ethertype === 'IPv4' || rule.ethertype === 'IPv6', `ethertype ${rule.ethertype} is unknown`);
  check(
    rule.protocol === null || /^[a-z0-9-]+$/i.test(rule.protocol),
    `protocol ${rule.protocol} is unknown`,
  );
  for (const value of [rule.portRangeMin, rule.portRangeMax])
    check(
      value === null || (Number.isInteger(value) && value >= 0 && value <= 65535),
      `port ${value} is out of range`,
    );
  const version = rule.ethertype === 'IPv4' ? 4 : 6;
  for (const prefix of rule.remoteIpPrefixes ?? [])
    check(parseCidr(prefix).version === version, `remote prefix ${prefix} is not ${rule.ethertype}`);
}

export function checkPortSpec(spec: PortSpec): void {
  checkId(spec.id, 'port');
  checkId(spec.networkId, 'network');
  check(
    devicePattern.test(spec.devName) && spec.devName.length <= maxDeviceNameLength,
    `${JSON.stringify(spec.devName)} is not a device name of at most ${maxDeviceNameLength} characters`,
  );
  checkMac(spec.mac);
  checkFixedIps(spec.fixedIps);
  for (const pair of spec.allowedAddressPairs) {
    checkMac(pair.macAddress);
    parseCidr(pair.ipAddress);
  }
  spec.securityGroupRules.forEach(checkRule);
}
