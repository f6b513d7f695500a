import { invalidInput } from '../errors.js';
import { gatewayInvalidInSubnet } from '../ipam/address-pools.js';
import { isLoopback, isMulticast, parseCidr, parseIp } from '../ipam/ip-address.js';
import { dnsNameserversExhausted, hostRoutesExhausted } from './subnet-errors.js';

/** Neutron's `max_dns_nameservers` and `max_subnet_host_routes` defaults. */
export const MAX_DNS_NAMESERVERS = 5;
export const MAX_SUBNET_HOST_ROUTES = 20;

export const IPV6_SLAAC = 'slaac';
export const DHCPV6_STATELESS = 'dhcpv6-stateless';
export const IPV6_MODES = ['dhcpv6-stateful', DHCPV6_STATELESS, IPV6_SLAAC];

/** A subnet as validation sees it: the request's values over the current subnet's. */
export interface SubnetSpec {
  id?: string;
  ip_version: number;
  /** Absent when a subnet pool is to choose it. */
  cidr?: string;
  /** Undefined: not given; null: no gateway. */
  gateway_ip?: string | null;
  enable_dhcp?: boolean;
  dns_nameservers?: string[];
  host_routes?: { destination: string; nexthop: string }[];
  ipv6_ra_mode?: string | null;
  ipv6_address_mode?: string | null;
}

/** The current subnet, for an update. */
export interface CurrentSubnet {
  enable_dhcp: boolean;
  ipv6_ra_mode: string | null;
  ipv6_address_mode: string | null;
}

/** Whether a subnet's addresses are made by the hosts (SLAAC or DHCPv6-stateless): ipv6_utils. */
export function isAutoAddressSubnet(subnet: Record<string, unknown>): boolean {
  const modes = [IPV6_SLAAC, DHCPV6_STATELESS];
  return modes.includes(subnet.ipv6_address_mode as string) || modes.includes(subnet.ipv6_ra_mode as string);
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** `_validate_ip_version`: the address or CIDR must be of the subnet's version. */
function checkVersion(ipVersion: number, address: string, name: string): void {
  const version = parseCidr(address)?.version ?? parseIp(address)?.version;
  if (version !== ipVersion) {
    throw invalidInput(`${name} '${address}' does not match the ip_version '${ipVersion}'`);
  }
}

function checkDhcpCapable(cidrText: string): void {
  const cidr = parseCidr(cidrText)!;
  if ((cidr.version === 4 && cidr.prefixlen > 30) || (cidr.version === 6 && cidr.prefixlen > 126)) {
    throw invalidInput('Subnet has a prefix length that is incompatible with DHCP service enabled');
  }
  if (isMulticast(cidr)) throw invalidInput('Multicast IP subnet is not supported if enable_dhcp is True');
  if (isLoopback(cidr)) throw invalidInput('Loopback IP subnet is not supported if enable_dhcp is True');
  if (cidr.version === 4 && cidr.first === 0n) {
    throw invalidInput("First IP '0.0.0.0' of network is not supported if enable_dhcp is True.");
  }
}

function checkIpv6Modes(spec: SubnetSpec, current: CurrentSubnet | null, hasCidr: boolean): void {
  const raSet = isSet(spec.ipv6_ra_mode);
  const addressSet = isSet(spec.ipv6_address_mode);
  if (current) {
    // Only DHCP may change on an update, and not off while the modes need it.
    if (spec.enable_dhcp === false) {
      if (raSet || addressSet || isSet(current.ipv6_ra_mode) || isSet(current.ipv6_address_mode)) {
        throw invalidInput('Cannot disable enable_dhcp with ipv6 attributes set');
      }
    }
    return;
  }
  if ((raSet || addressSet) && !spec.enable_dhcp) {
    throw invalidInput('ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False');
  }
  if (raSet && addressSet && spec.ipv6_ra_mode !== spec.ipv6_address_mode) {
    throw invalidInput(
      `ipv6_ra_mode set to '${spec.ipv6_ra_mode}' with ipv6_address_mode set to '${spec.ipv6_address_mode}' ` +
        'is not valid. If both attributes are set, they must be the same value',
    );
  }
  // Neutron makes EUI-64 interface ids only, which need a /64.
  if (
    hasCidr &&
    (raSet || addressSet) &&
    isAutoAddressSubnet({ ...spec }) &&
    parseCidr(spec.cidr!)!.prefixlen !== 64
  ) {
    throw invalidInput(
      `Invalid CIDR ${spec.cidr} for IPv6 address mode. OpenStack uses the EUI-64 address format, ` +
        'which requires the prefix to be /64',
    );
  }
}

/**
 * db_base_plugin_v2's _validate_subnet, for a create (`current` null) or an update: the CIDR
 * and gateway of the subnet's version, a CIDR DHCP can serve, nameservers and routes within
 * their limits and of the right version, and the IPv6 modes consistent.
 */
export function validateSubnet(spec: SubnetSpec, current: CurrentSubnet | null): void {
  const hasCidr = spec.cidr !== undefined;
  if (hasCidr) checkVersion(spec.ip_version, spec.cidr!, 'cidr');
  const cidr = hasCidr ? parseCidr(spec.cidr!)! : null;
  if (cidr && cidr.version === 6 && cidr.first === 0n)
    throw invalidInput("IPv6 subnet '::' is not supported");
  if (hasCidr && spec.enable_dhcp && !current?.enable_dhcp) checkDhcpCapable(spec.cidr!);

  if (spec.gateway_ip) {
    checkVersion(spec.ip_version, spec.gateway_ip, 'gateway_ip');
    if (hasCidr && gatewayInvalidInSubnet(spec.cidr!, spec.gateway_ip)) {
      throw invalidInput('Gateway is not valid on subnet');
    }
  }

  const subnetName = spec.id ?? 'new subnet';
  if (spec.dns_nameservers !== undefined) {
    if (spec.dns_nameservers.length > MAX_DNS_NAMESERVERS) {
      throw dnsNameserversExhausted(subnetName, MAX_DNS_NAMESERVERS);
    }
    for (const dns of spec.dns_nameservers) checkVersion(spec.ip_version, dns, 'dns_nameserver');
  }
  if (spec.host_routes !== undefined) {
    if (spec.host_routes.length > MAX_SUBNET_HOST_ROUTES) {
      throw hostRoutesExhausted(subnetName, MAX_SUBNET_HOST_ROUTES);
    }
    for (const route of spec.host_routes) {
      checkVersion(spec.ip_version, route.nexthop, 'nexthop');
      checkVersion(spec.ip_version, route.destination, 'destination');
    }
  }

  if (spec.ip_version === 4) {
    if (isSet(spec.ipv6_ra_mode)) throw invalidInput('ipv6_ra_mode is not valid when ip_version is 4');
    if (isSet(spec.ipv6_address_mode))
      throw invalidInput('ipv6_address_mode is not valid when ip_version is 4');
    return;
  }
  checkIpv6Modes(spec, current, hasCidr);
}

/** `_validate_subnet_cidr`'s first rule: no /0 (dnsmasq cannot serve one). */
export function checkPrefixLength(cidrText: string): void {
  if (parseCidr(cidrText)!.prefixlen === 0) throw invalidInput('0 is not allowed as CIDR prefix length');
}
