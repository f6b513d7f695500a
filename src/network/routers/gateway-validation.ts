import {
  pythonText,
  toBoolean,
  validIpAddress,
  validUuid,
  type Converter,
  type Validator,
} from '../api/engine/validators.js';

/** Python's truthiness, which `type:dict_or_nodata` tests first: no data means no gateway. */
const noData = (value: unknown) =>
  value === null ||
  value === undefined ||
  value === false ||
  value === 0 ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

const isDict = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** neutron-lib's `type:fixed_ips`: a list of {ip_address?, subnet_id?}, no address twice. */
export const validFixedIps: Validator = (value) => {
  if (!Array.isArray(value)) return `Invalid data format for fixed IP: '${pythonText(value)}'`;
  const addresses: unknown[] = [];
  for (const fixedIp of value) {
    if (!isDict(fixedIp)) return `Invalid data format for fixed IP: '${pythonText(fixedIp)}'`;
    if ('ip_address' in fixedIp) {
      if (addresses.includes(fixedIp.ip_address))
        return `Duplicate IP address '${pythonText(fixedIp.ip_address)}'`;
      const reason = validIpAddress(fixedIp.ip_address);
      if (reason) return reason;
      addresses.push(fixedIp.ip_address);
    }
    if ('subnet_id' in fixedIp) {
      const reason = validUuid(fixedIp.subnet_id);
      if (reason) return reason;
    }
  }
  return null;
};

const GATEWAY_KEYS = ['network_id', 'external_fixed_ips', 'enable_snat'];

/**
 * l3 + ext-gw-mode's `external_gateway_info`: `type:dict_or_nodata` with `network_id` (a UUID,
 * required), `external_fixed_ips` and `enable_snat` (a boolean), and nothing else.
 */
export const validGatewayInfo: Validator = (value) => {
  if (noData(value)) return null;
  if (!isDict(value)) return `'${pythonText(value)}' is not a dictionary`;
  if (!('network_id' in value)) {
    const provided = Object.keys(value)
      .map((key) => `'${key}'`)
      .join(', ');
    return `Validation of dictionary's keys failed. Expected keys: {'network_id'} Provided keys: {${provided}}`;
  }
  const unexpected = Object.keys(value).filter((key) => !GATEWAY_KEYS.includes(key));
  if (unexpected.length > 0) return `Unexpected keys supplied: ${unexpected.join(', ')}`;
  return (
    validUuid(value.network_id) ??
    ('external_fixed_ips' in value ? validFixedIps(value.external_fixed_ips) : null) ??
    ('enable_snat' in value && typeof value.enable_snat !== 'boolean'
      ? `'${pythonText(value.enable_snat)}' is not a valid boolean value`
      : null)
  );
};

/** No data becomes null (no gateway); `enable_snat` is converted to a boolean as upstream converts it. */
export const toGatewayInfo: Converter = (value) => {
  if (noData(value)) return null;
  if (!isDict(value) || !('enable_snat' in value)) return value;
  return { ...value, enable_snat: toBoolean(value.enable_snat) };
};
