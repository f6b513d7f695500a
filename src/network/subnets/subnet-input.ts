import { invalidInput } from '../errors.js';
import { pythonText, validIpAddress, type Converter, type Validator } from '../api/engine/validators.js';
import { canonicalIp, parseCidr, parseIp, formatIp, isLoopback } from '../ipam/ip-address.js';

/**
 * neutron-lib's validators and converters of the subnet attributes (ip_pools, nameservers,
 * hostroutes, canonical CIDRs and addresses), with their messages. An attribute left out of a
 * request is `undefined` here, and passes untouched.
 */

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `_verify_dict_keys` with strict key sets. */
function dictKeysReason(expected: string[], value: unknown): string | null {
  if (!isObject(value)) {
    return `Invalid input. '${pythonText(value)}' must be a dictionary with keys: ${pythonText(expected)}`;
  }
  const provided = Object.keys(value);
  if (provided.length === expected.length && expected.every((key) => provided.includes(key))) return null;
  const set = (keys: string[]) =>
    `{${[...keys]
      .sort()
      .map((key) => `'${key}'`)
      .join(', ')}}`;
  return `Validation of dictionary's keys failed. Expected keys: ${set(expected)} Provided keys: ${set(provided)}`;
}

/** `convert_cidr_to_canonical_format`: an IPv6 CIDR's address compacted (host bits kept). */
export const toCanonicalCidr: Converter = (value) => {
  if (value === undefined || value === null) return value;
  const [address, prefix, extra] = typeof value === 'string' ? value.split('/') : [];
  const ip = parseIp(address ?? '');
  const bits = ip?.version === 4 ? 32 : 128;
  // A bare address is a one-address network, as netaddr reads it.
  const length = prefix === undefined ? bits : /^\d+$/.test(prefix) ? Number(prefix) : NaN;
  if (!ip || extra !== undefined || !(length <= bits)) {
    throw invalidInput(`${pythonText(value)} is not in a CIDR format`);
  }
  return `${formatIp(ip.version, ip.value)}/${length}`;
};

/** `convert_ip_to_canonical_format`. */
export const toCanonicalIp: Converter = (value) => (typeof value === 'string' ? canonicalIp(value) : value);

/** `convert_allocation_pools_to_canonical_format`: null is no pools; addresses made canonical. */
export const toCanonicalPools: Converter = (value) => {
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value)) return value;
  return value.map((pool) =>
    isObject(pool)
      ? Object.fromEntries(Object.entries(pool).map(([key, ip]) => [key, toCanonicalIp(ip)]))
      : pool,
  );
};

/** `convert_none_to_empty_list`, keeping a left-out attribute left out. */
export const noneToEmptyListOrUnset: Converter = (value) => (value === null ? [] : value);

/** `type:ip_pools`. */
export const validIpPools: Validator = (value) => {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return `Invalid data format for IP pool: '${pythonText(value)}'`;
  for (const pool of value) {
    const reason = dictKeysReason(['start', 'end'], pool);
    if (reason) return reason;
    for (const key of ['start', 'end']) {
      const ipReason = validIpAddress((pool as Record<string, unknown>)[key]);
      if (ipReason) return ipReason;
    }
  }
  return null;
};

/** `type:nameservers`. */
export const validNameservers: Validator = (value) => {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return `Invalid data format for nameserver: '${pythonText(value)}'`;
  const seen: unknown[] = [];
  for (const host of value) {
    const reason = validIpAddress(host);
    if (reason) return `'${pythonText(host)}' is not a valid nameserver. ${reason}`;
    if (seen.includes(host)) return `Duplicate nameserver '${pythonText(host)}'`;
    seen.push(host);
  }
  return null;
};

/** `type:route_cidr`: a network address with its prefix, not loopback. */
export const routeCidrReason = (value: unknown): string | null => {
  const text = typeof value === 'string' ? value : '';
  const cidr = parseCidr(text);
  const ip = parseIp(text.split('/')[0] ?? '');
  if (!cidr || !ip || ip.value !== cidr.first) return `'${pythonText(value)}' is not a valid CIDR`;
  if (isLoopback(cidr)) return `'${pythonText(value)}' is not a routable CIDR`;
  return null;
};

/** `type:hostroutes`. */
export const validHostRoutes: Validator = (value) => {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return `Invalid data format for hostroute: '${pythonText(value)}'`;
  const seen: string[] = [];
  for (const route of value) {
    const reason =
      dictKeysReason(['destination', 'nexthop'], route) ??
      routeCidrReason((route as Record<string, unknown>).destination) ??
      validIpAddress((route as Record<string, unknown>).nexthop);
    if (reason) return reason;
    const key = JSON.stringify([route.destination, route.nexthop]);
    if (seen.includes(key)) return `Duplicate hostroute '${pythonText(route)}'`;
    seen.push(key);
  }
  return null;
};

/** A validator that lets a left-out attribute (undefined) through. */
export const unlessUnset =
  (validator: Validator): Validator =>
  (value) =>
    value === undefined ? null : validator(value);

/** A converter that lets a left-out attribute (undefined) through. */
export const convertUnlessUnset =
  (converter: Converter): Converter =>
  (value) =>
    value === undefined ? undefined : converter(value);
