import { routerGatewayName } from './device-names.js';
import { canonicalNetwork } from './ip-cidr.js';
import type { RouterSpec } from './network-driver.js';

/** The metadata service's link-local address, which instances reach through their router. */
export const metadataAddress = '169.254.169.254';

/**
 * One address translation of a router (what Neutron's L3 agent puts in the router's nat table),
 * in the order they apply. IPv4 only, as in Neutron: IPv6 is routed untranslated.
 */
export type NatRule =
  /** HTTP to the metadata address arriving on an internal interface (`qr-`) goes to the proxy's local port. */
  | { kind: 'metadata-redirect'; toPort: number }
  /** Traffic to a floating IP goes to its fixed IP (arriving from outside, or from the router itself). */
  | { kind: 'floating-dnat'; floatingIp: string; fixedIp: string }
  /** Traffic between internal networks that was not translated on the way in keeps its addresses. */
  | { kind: 'internal-no-nat'; gatewayInterface: string }
  /** Traffic from a fixed IP with a floating IP leaves from the floating IP. */
  | { kind: 'floating-snat'; fixedIp: string; floatingIp: string }
  /** Any other traffic leaving by the gateway leaves from the gateway address (SNAT enabled). */
  | { kind: 'gateway-snat'; gatewayInterface: string; toAddress: string }
  /**
   * An internal instance reaching another's floating IP (hairpin): the reply must come back
   * through the router, so the source becomes the gateway address.
   */
  | { kind: 'hairpin-snat'; sources: string[]; toAddress: string };

const firstIpv4 = (fixedIps: { ip: string }[]) => fixedIps.find(({ ip }) => !ip.includes(':'))?.ip ?? null;

/** The router's translations, from its spec. */
export function routerNatRules(spec: RouterSpec): NatRule[] {
  const rules: NatRule[] = [];
  if (spec.metadata && spec.interfaces.length > 0)
    rules.push({ kind: 'metadata-redirect', toPort: spec.metadata.port });
  const gateway = spec.gateway;
  const gatewayAddress = gateway ? firstIpv4(gateway.fixedIps) : null;
  if (!gateway || !gatewayAddress) return rules;
  const gatewayInterface = routerGatewayName(gateway.portId);
  const floating = [...spec.floatingIps].sort((a, b) => a.floatingIp.localeCompare(b.floatingIp));
  for (const { floatingIp, fixedIp } of floating) rules.push({ kind: 'floating-dnat', floatingIp, fixedIp });
  rules.push({ kind: 'internal-no-nat', gatewayInterface });
  for (const { floatingIp, fixedIp } of floating) rules.push({ kind: 'floating-snat', fixedIp, floatingIp });
  if (gateway.enableSnat) rules.push({ kind: 'gateway-snat', gatewayInterface, toAddress: gatewayAddress });
  const sources = spec.interfaces.flatMap((leg) =>
    leg.fixedIps
      .filter(({ ip }) => !ip.includes(':'))
      .map(({ ip, prefixlen }) => canonicalNetwork(`${ip}/${prefixlen}`)),
  );
  if (floating.length > 0 && sources.length > 0)
    rules.push({ kind: 'hairpin-snat', sources: [...new Set(sources)], toAddress: gatewayAddress });
  return rules;
}
