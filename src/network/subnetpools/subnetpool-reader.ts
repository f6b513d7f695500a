import { NeutronError, invalidInput } from '../errors.js';
import { bitsOf, parseCidr, type IpVersion } from '../ipam/ip-address.js';
import { compactPrefixes, prefixesCover } from '../ipam/prefix-allocation.js';

/** A subnet pool's own attributes as stored (prefix lengths as numbers; the API shows them as text). */
export interface SubnetPoolBody {
  name: string;
  description: string;
  prefixes: string[];
  ip_version: IpVersion;
  min_prefixlen: number;
  max_prefixlen: number;
  default_prefixlen: number;
  default_quota: number | null;
  is_default: boolean;
  address_scope_id: string | null;
}

/** The smallest prefix length a pool allows unless told (subnet_alloc's SubnetPoolHelper). */
const DEFAULT_MIN_PREFIXLEN: Record<IpVersion, number> = { 4: 8, 6: 64 };

const badRequest = (type: string, message: string) => new NeutronError(400, type, message);

const illegalBounds = (type: string, prefixlen: number, baseType: string, base: number) =>
  badRequest(
    'IllegalSubnetPoolPrefixBounds',
    `Illegal prefix bounds: ${type}=${prefixlen}, ${baseType}=${base}.`,
  );

export const illegalPrefixUpdate = (message: string) =>
  badRequest('IllegalSubnetPoolPrefixUpdate', `Illegal update to prefixes: ${message}.`);

export const defaultPoolExists = () =>
  invalidInput(
    'A default subnetpool for this IP family has already been set. Only one default may exist per IP family',
  );

/** The version of a list of prefixes; they may not mix (PrefixVersionMismatch), nor be none. */
function prefixesVersion(prefixes: string[]): IpVersion {
  if (prefixes.length === 0) throw badRequest('EmptySubnetPoolPrefixList', 'Empty subnet pool prefix list.');
  const versions = new Set(prefixes.map((prefix) => parseCidr(prefix)!.version));
  if (versions.size > 1) {
    throw badRequest('PrefixVersionMismatch', 'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.');
  }
  return [...versions][0];
}

const given = (value: unknown): value is number => typeof value === 'number';

/**
 * subnet_alloc's SubnetPoolReader: the version from the prefixes, the prefixes compacted, the
 * prefix bounds defaulted (min 8 or 64, max the address width, default the min) and checked.
 * `values` is a create request, or for an update the pool with the changes over it.
 */
export function readSubnetPool(values: Record<string, unknown>): SubnetPoolBody {
  const prefixes = values.prefixes as string[];
  const ipVersion = prefixesVersion(prefixes);
  const min = given(values.min_prefixlen) ? values.min_prefixlen : DEFAULT_MIN_PREFIXLEN[ipVersion];
  const max = given(values.max_prefixlen) ? values.max_prefixlen : bitsOf(ipVersion);
  const defaultLength = given(values.default_prefixlen) ? values.default_prefixlen : min;
  if (min > max) throw illegalBounds('min_prefixlen', min, 'max_prefixlen', max);
  if (max > bitsOf(ipVersion)) throw illegalBounds('max_prefixlen', max, 'ip_version_max', bitsOf(ipVersion));
  if (defaultLength < min) throw illegalBounds('default_prefixlen', defaultLength, 'min_prefixlen', min);
  if (defaultLength > max) throw illegalBounds('default_prefixlen', defaultLength, 'max_prefixlen', max);
  return {
    name: values.name as string,
    description: (values.description as string | undefined) ?? '',
    prefixes: compactPrefixes(prefixes),
    ip_version: ipVersion,
    min_prefixlen: min,
    max_prefixlen: max,
    default_prefixlen: defaultLength,
    default_quota: given(values.default_quota) ? values.default_quota : null,
    is_default: values.is_default === true,
    address_scope_id: (values.address_scope_id as string | null | undefined) ?? null,
  };
}

/** _update_subnetpool_dict: new prefixes must keep every address the pool had. */
export function checkPrefixesKept(current: string[], next: string[]): void {
  if (!prefixesCover(next, current)) {
    throw illegalPrefixUpdate('Existing prefixes must be a subset of the new prefixes');
  }
}
