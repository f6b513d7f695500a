import { NeutronError, badRequest } from '../errors.js';
import {
  pythonText,
  validIpAddress,
  validMacAddress,
  validSubnet,
  validUuid,
  type Converter,
  type Validator,
} from '../api/engine/validators.js';
import { canonicalIp, parseCidr, parseIp, isMulticast } from '../ipam/ip-address.js';

/**
 * neutron-lib's validators and converters of the port attributes (fixed_ips, MAC addresses,
 * allowed address pairs, extra DHCP options), with their messages. A left-out attribute is
 * `undefined` here and passes untouched.
 */

/** Neutron's `max_allowed_address_pair` default. */
export const MAX_ALLOWED_ADDRESS_PAIRS = 10;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `convert_to_sanitized_mac_address`: six lower-case octets joined by colons; anything else is kept. */
export const toSanitizedMac: Converter = (value) => {
  if (typeof value !== 'string') return value;
  const octets = value.split(/[:-]/);
  if (octets.length !== 6 || !octets.every((octet) => /^[0-9a-f]{1,2}$/i.test(octet))) return value;
  return octets.map((octet) => octet.toLowerCase().padStart(2, '0')).join(':');
};

/** `type:fixed_ips`: a list of {subnet_id?, ip_address?}, no address twice. */
export const validFixedIps: Validator = (value) => {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return `Invalid data format for fixed IP: '${pythonText(value)}'`;
  const addresses: unknown[] = [];
  for (const fixed of value) {
    if (!isObject(fixed)) return `Invalid data format for fixed IP: '${pythonText(fixed)}'`;
    if ('ip_address' in fixed) {
      if (addresses.includes(fixed.ip_address))
        return `Duplicate IP address '${pythonText(fixed.ip_address)}'`;
      const reason = validIpAddress(fixed.ip_address);
      if (reason) return reason;
      addresses.push(fixed.ip_address);
    }
    if ('subnet_id' in fixed) {
      const reason = validUuid(fixed.subnet_id);
      if (reason) return reason;
    }
  }
  return null;
};

/** Fixed IPs with their addresses in canonical form (IPv6 compacted), as netaddr compares them. */
export const toCanonicalFixedIps: Converter = (value) =>
  Array.isArray(value)
    ? value.map((fixed) =>
        isObject(fixed) && typeof fixed.ip_address === 'string'
          ? { ...fixed, ip_address: canonicalIp(fixed.ip_address) }
          : fixed,
      )
    : value;

/**
 * `type:allowed_address_pairs` (neutron-lib's _validate_allowed_address_pairs): at most ten,
 * each an address or CIDR that is not multicast, with an optional unicast MAC, none twice.
 * Most refusals are HTTPBadRequest with the bare reason, some Neutron's own exceptions.
 */
export function checkAllowedAddressPairs(value: unknown): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw badRequest('Allowed address pairs must be a list.');
  if (value.length > MAX_ALLOWED_ADDRESS_PAIRS) {
    throw new NeutronError(
      400,
      'AllowedAddressPairExhausted',
      `The number of allowed address pair exceeds the maximum ${MAX_ALLOWED_ADDRESS_PAIRS}.`,
    );
  }
  const seen = new Set<string>();
  for (const pair of value) {
    if (!isObject(pair))
      throw badRequest(
        `Invalid input for allowed_address_pairs. Reason: '${pythonText(pair)}' is not a dictionary.`,
      );
    if ('mac_address' in pair) {
      const reason = validMacAddress(pair.mac_address);
      if (reason) throw badRequest(reason);
    }
    if (!('ip_address' in pair)) {
      throw new NeutronError(
        400,
        'AllowedAddressPairsMissingIP',
        'AllowedAddressPair must contain ip_address',
      );
    }
    const mac = (pair.mac_address as string | undefined) ?? null;
    const key = JSON.stringify([mac, pair.ip_address]);
    if (seen.has(key)) {
      throw new NeutronError(
        400,
        'DuplicateAddressPairInRequest',
        `Request contains duplicate address pair: mac_address ${pythonText(mac)} ip_address ${pythonText(pair.ip_address)}.`,
      );
    }
    seen.add(key);
    const unknown = Object.keys(pair).filter((key) => key !== 'mac_address' && key !== 'ip_address');
    if (unknown.length > 0) throw badRequest(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
    const ip = String(pair.ip_address);
    const reason = ip.includes('/') ? validSubnet(pair.ip_address) : validIpAddress(pair.ip_address);
    if (reason) throw badRequest(reason);
    const block = ip.includes('/')
      ? parseCidr(ip)!
      : { ...parseIp(ip)!, first: parseIp(ip)!.value, last: parseIp(ip)!.value };
    if (ip !== '0.0.0.0/0' && isMulticast(block)) {
      throw badRequest(
        ip.includes('/')
          ? `Subnet ${ip} overlaps with multicast range ${block.version === 4 ? '224.0.0.0/4' : 'ff00::/8'}, which is not supported.`
          : `IP ${ip} is a multicast address, which is not supported.`,
      );
    }
    if (mac !== null && (parseInt(mac.slice(0, 2), 16) & 1) === 1) {
      throw badRequest(`MAC address ${mac} is a multicast address, which is not supported.`);
    }
  }
}

/** Extra DHCP options: Neutron's two key specs (a blank value only for `router` and `classless-static-route`). */
export const validExtraDhcpOpts: Validator = (value) => {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) return `'${pythonText(value)}' is not a list`;
  for (const option of value) {
    const ok =
      isObject(option) &&
      Object.keys(option).every((key) => ['opt_name', 'opt_value', 'ip_version'].includes(key)) &&
      typeof option.opt_name === 'string' &&
      option.opt_name.trim() !== '' &&
      option.opt_name.length <= 64 &&
      !/[\r\n]/.test(option.opt_name) &&
      'opt_value' in option &&
      (option.opt_value === null ||
        (typeof option.opt_value === 'string' &&
          option.opt_value.length <= 255 &&
          !/[\r\n]/.test(option.opt_value) &&
          (option.opt_value.trim() !== '' ||
            ['router', 'classless-static-route'].includes(option.opt_name)))) &&
      (option.ip_version === undefined || [4, 6, '4', '6'].includes(option.ip_version as number));
    if (!ok)
      throw new NeutronError(
        400,
        'InvalidInput',
        `Invalid input for operation: No valid key specs matched for: ${pythonText(option)}.`,
      );
  }
  return null;
};
