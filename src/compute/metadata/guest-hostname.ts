/**
 * Nova's `[api] dhcp_domain` default: the metadata trees give the guest `<hostname>.novalocal`
 * as its fully qualified name. Stratus has no setting for it yet, so it is Nova's default.
 */
const DHCP_DOMAIN = 'novalocal';

/** The host name the metadata trees show (Nova's `_get_hostname`). */
export const guestHostname = (hostname: string): string => `${hostname}.${DHCP_DOMAIN}`;
