import { pythonText, type Validator } from '../api/engine/validators.js';
import { invalidRoutes } from './l3-errors.js';
import { isLoopback, parseCidr, parseIp } from '../ipam/ip-address.js';
import { cidrHolds } from './ip-prefix.js';

/** A route of a router (extraroute): traffic to `destination` goes through `nexthop`. */
export interface ExtraRoute {
  destination: string;
  nexthop: string;
}

/** Neutron's default `quota_router_route`: routes per router. */
export const DEFAULT_ROUTE_QUOTA = 30;

function pythonSet(keys: string[]): string {
  return `{${[...new Set(keys)]
    .sort()
    .map((key) => `'${key}'`)
    .join(', ')}}`;
}

/** neutron-lib's validate_route_cidr: a network CIDR (no host bits set), not loopback. */
function validRouteCidr(value: unknown): string | null {
  const invalid = `'${pythonText(value)}' is not a valid CIDR`;
  if (typeof value !== 'string' || /\s/.test(value) || !value.includes('/')) return invalid;
  const cidr = parseCidr(value);
  if (!cidr || parseIp(value.split('/')[0])?.value !== cidr.first) return invalid;
  if (isLoopback(cidr)) return `'${value}' is not a routable CIDR`;
  return null;
}

/** neutron-lib's `type:hostroutes`: a list of unique {destination, nexthop}, with its messages. */
export const validHostRoutes: Validator = (value) => {
  if (!Array.isArray(value)) return `Invalid data format for hostroute: '${pythonText(value)}'`;
  const seen: string[] = [];
  for (const route of value) {
    if (typeof route !== 'object' || route === null || Array.isArray(route)) {
      return `Invalid input. '${pythonText(route)}' must be a dictionary with keys: ['destination', 'nexthop']`;
    }
    const keys = Object.keys(route);
    if (keys.length !== 2 || !keys.includes('destination') || !keys.includes('nexthop')) {
      return `Validation of dictionary's keys failed. Expected keys: {'destination', 'nexthop'} Provided keys: ${pythonSet(keys)}`;
    }
    const { destination, nexthop } = route as Record<string, unknown>;
    const reason =
      validRouteCidr(destination) ??
      (typeof nexthop === 'string' && parseIp(nexthop)
        ? null
        : `'${pythonText(nexthop)}' is not a valid IP address`);
    if (reason) return reason;
    const key = `${destination as string} ${nexthop as string}`;
    if (seen.includes(key)) return `Duplicate hostroute '${pythonText(route)}'`;
    seen.push(key);
  }
  return null;
};

/**
 * extraroute_db's _validate_routes: every nexthop lies in a subnet the router is attached to
 * (its interfaces and its gateway) and is not one of the router's own addresses.
 */
export function checkRouteNexthops(routes: ExtraRoute[], cidrs: string[], routerIps: string[]): void {
  for (const route of routes) {
    if (!cidrs.some((cidr) => cidrHolds(cidr, route.nexthop))) {
      throw invalidRoutes(routes, 'the nexthop is not connected with router');
    }
    if (routerIps.includes(route.nexthop)) throw invalidRoutes(routes, 'the nexthop is used by router');
  }
}

/** extraroute-atomic's add: the union, exact duplicates once. */
export function addExtraRoutes(current: ExtraRoute[], added: ExtraRoute[]): ExtraRoute[] {
  const result: ExtraRoute[] = [];
  for (const route of [...current, ...added]) {
    if (!result.some((kept) => kept.destination === route.destination && kept.nexthop === route.nexthop)) {
      result.push({ destination: route.destination, nexthop: route.nexthop });
    }
  }
  return result;
}

/** extraroute-atomic's remove: the routes left; removing an absent route is no error. */
export function removeExtraRoutes(current: ExtraRoute[], removed: ExtraRoute[]): ExtraRoute[] {
  return current.filter(
    (route) =>
      !removed.some((gone) => gone.destination === route.destination && gone.nexthop === route.nexthop),
  );
}
