import type { ChildProcess, SpawnOptions } from 'node:child_process';
import {
  bridgeName,
  routerGatewayName,
  routerInterfaceName,
  routerNamespace,
  tapName,
} from '../device-names.js';
import { canonicalNetwork, formatAddress, parseAddress } from '../ip-cidr.js';
import type { RouterInterfaceSpec, RouterSpec } from '../network-driver.js';
import { routerNatRules } from '../router-nat.js';
import { checkRouterSpec } from '../spec-checks.js';
import type { CommandRunner } from './command-runner.js';
import { requireBridge } from './dhcp-wiring.js';
import { readLinks, runIpBatch } from './links.js';
import { deleteNamespace, namespaceTag, openNamespace, tagNamespace } from './namespaces.js';
import type { WiringContext } from './network-wiring.js';
import { ownerTag } from './owner-tag.js';
import { natChains, natRestoreScript, natTableMatches } from './router-iptables.js';
import { plugLegs, type VethLeg } from './veth-legs.js';

/** A route of the router's own (protocol `static`): destination CIDR and next hop, canonical. */
export interface StaticRoute {
  destination: string;
  nexthop: string;
}

const routeKey = (route: StaticRoute) => `${route.destination} via ${route.nexthop}`;

/** The routes the router must have: a default route per family through the external gateway, and the extra routes. */
export function wantedRoutes(spec: RouterSpec): StaticRoute[] {
  const routes: StaticRoute[] = [];
  for (const version of [4, 6] as const) {
    const gateway = spec.gateway?.gatewayIps.find((ip) => parseAddress(ip).version === version);
    if (gateway)
      routes.push({ destination: version === 4 ? '0.0.0.0/0' : '::/0', nexthop: canonicalAddress(gateway) });
  }
  for (const route of spec.routes)
    routes.push({
      destination: canonicalNetwork(route.destination),
      nexthop: canonicalAddress(route.nexthop),
    });
  return routes;
}

const canonicalAddress = (ip: string) => {
  const { version, address } = parseAddress(ip);
  return formatAddress(version, address);
};

/** The `ip route` commands that take the namespace's static routes from `current` to `wanted`. */
export function routeCommands(current: StaticRoute[], wanted: StaticRoute[]): string[][] {
  const have = new Set(current.map(routeKey));
  const want = new Set(wanted.map(routeKey));
  return [
    ...current
      .filter((route) => !want.has(routeKey(route)))
      .map((r) => ['route', 'del', r.destination, 'via', r.nexthop]),
    ...wanted
      .filter((route) => !have.has(routeKey(route)))
      .map((r) => ['route', 'replace', r.destination, 'via', r.nexthop, 'proto', 'static']),
  ];
}

/** The namespace's routes of protocol `static` (the ones this driver adds), both families. */
async function readStaticRoutes(runner: CommandRunner, namespace: string): Promise<StaticRoute[]> {
  const routes: StaticRoute[] = [];
  for (const version of [4, 6] as const) {
    const { stdout } = await runner.run([
      'ip',
      '-n',
      namespace,
      `-${version}`,
      '-j',
      'route',
      'show',
      'proto',
      'static',
    ]);
    for (const route of JSON.parse(stdout || '[]') as { dst: string; gateway?: string }[]) {
      if (!route.gateway) continue;
      const destination =
        route.dst === 'default' ? (version === 4 ? '0.0.0.0/0' : '::/0') : canonicalNetwork(route.dst);
      routes.push({ destination, nexthop: canonicalAddress(route.gateway) });
    }
  }
  return routes;
}

function leg(spec: RouterInterfaceSpec, namespaceDevice: string, extraAddresses: string[] = []): VethLeg {
  return {
    hostDevice: tapName(spec.portId),
    namespaceDevice,
    bridge: bridgeName(spec.networkId),
    mac: spec.mac,
    mtu: spec.mtu,
    addresses: [...spec.fixedIps.map(({ ip, prefixlen }) => `${ip}/${prefixlen}`), ...extraAddresses],
  };
}

/**
 * Brings the router's namespace to the spec: forwarding on, one `qr-` leg per interface and a
 * `qg-` leg for the gateway (which also holds the floating IPs), static routes, and the nat table.
 */
export async function ensureRouter(context: WiringContext, spec: RouterSpec): Promise<void> {
  checkRouterSpec(spec);
  const { runner, settings } = context;
  for (const { networkId } of spec.gateway ? [...spec.interfaces, spec.gateway] : spec.interfaces)
    await requireBridge(context, networkId);
  const namespace = routerNamespace(spec.id);
  const tag = ownerTag(settings.owner, 'router', spec.id);
  const fresh = await openNamespace(runner, namespace, tag);
  if (fresh)
    await runner.run([
      'ip',
      'netns',
      'exec',
      namespace,
      'sysctl',
      '-q',
      '-w',
      'net.ipv4.ip_forward=1',
      'net.ipv6.conf.all.forwarding=1',
    ]);
  const legs = spec.interfaces.map((leg_) => leg(leg_, routerInterfaceName(leg_.portId)));
  if (spec.gateway) {
    const floating = spec.floatingIps.map(({ floatingIp }) => `${floatingIp}/32`);
    legs.push(leg(spec.gateway, routerGatewayName(spec.gateway.portId), floating));
  }
  await plugLegs(runner, namespace, legs, tag, ['qr-', 'qg-']);
  await runIpBatch(
    runner,
    routeCommands(await readStaticRoutes(runner, namespace), wantedRoutes(spec)),
    namespace,
  );
  const chains = natChains(routerNatRules(spec));
  const { stdout } = await runner.run(['ip', 'netns', 'exec', namespace, 'iptables-save', '-t', 'nat']);
  if (!natTableMatches(stdout, chains))
    await runner.run(['ip', 'netns', 'exec', namespace, 'iptables-restore'], {
      input: natRestoreScript(chains),
    });
  if (fresh) await tagNamespace(runner, namespace, tag);
}

/** Removes the router's namespace (its processes ended), and its legs' bridge ends. */
export async function deleteRouter({ runner, settings }: WiringContext, routerId: string): Promise<void> {
  const namespace = routerNamespace(routerId);
  const tag = ownerTag(settings.owner, 'router', routerId);
  const nsTag = await namespaceTag(runner, namespace);
  if (nsTag !== null && nsTag !== tag) return;
  const ends = (await readLinks(runner)).filter((link) => link.alias === tag);
  await runIpBatch(
    runner,
    ends.map((link) => ['link', 'del', 'dev', link.name]),
  );
  await deleteNamespace(runner, namespace);
}

/** Starts a process in the router's namespace. */
export function spawnInRouter(
  runner: CommandRunner,
  routerId: string,
  argv: readonly string[],
  options?: SpawnOptions,
): ChildProcess {
  return runner.spawn(['ip', 'netns', 'exec', routerNamespace(routerId), ...argv], options);
}
