import { UnsafeHostChange } from '../errors.js';
import type { CommandRunner } from './command-runner.js';
import { addressCommands, readLinks, runIpBatch, type LinkState } from './links.js';

/**
 * A namespace's port on a network: a veth pair with one end (`ns-`, `qr-`, `qg-`) in the
 * namespace, holding the port's MAC and addresses, and the other (`tap`) in the network's bridge.
 */
export interface VethLeg {
  hostDevice: string;
  namespaceDevice: string;
  bridge: string;
  mac: string;
  mtu: number;
  /** CIDRs on the namespace end. */
  addresses: string[];
}

/** The namespace's devices of the leg kinds (`prefixes`) that no leg wants any more. */
export function staleNamespaceDevices(legs: VethLeg[], nsLinks: LinkState[], prefixes: string[]): string[] {
  const wanted = new Set(legs.map((leg) => leg.namespaceDevice));
  return nsLinks
    .map((link) => link.name)
    .filter((name) => prefixes.some((prefix) => name.startsWith(prefix)) && !wanted.has(name));
}

/**
 * The host-side commands: remove the namespace's bridge ends no leg wants (that removes their
 * peers too), make the missing pairs (with the namespace end in place, MAC and MTU set), enslave
 * and set up the bridge ends. `recreated` gets the legs made anew, whose namespace ends are bare.
 */
export function hostLegCommands(
  legs: VethLeg[],
  hostLinks: LinkState[],
  nsLinks: LinkState[],
  namespace: string,
  tag: string,
  recreated: Set<string>,
): string[][] {
  const host = new Map(hostLinks.map((link) => [link.name, link]));
  const inside = new Set(nsLinks.map((link) => link.name));
  const wanted = new Set(legs.map((leg) => leg.hostDevice));
  const commands = hostLinks
    .filter((link) => link.alias === tag && !wanted.has(link.name))
    .map((link) => ['link', 'del', 'dev', link.name]);
  for (const leg of legs) {
    let end = host.get(leg.hostDevice) ?? null;
    if (end && end.alias !== tag)
      throw new UnsafeHostChange(`Device ${leg.hostDevice} exists and is not ${namespace}'s`);
    if (!end || !inside.has(leg.namespaceDevice)) {
      // Half a pair (the other end went with an interrupted run or a deleted namespace): start over.
      if (end) commands.push(['link', 'del', 'dev', leg.hostDevice]);
      const mtu = String(leg.mtu);
      commands.push([
        ...['link', 'add', 'name', leg.hostDevice, 'mtu', mtu, 'type', 'veth'],
        ...['peer', 'name', leg.namespaceDevice, 'address', leg.mac, 'mtu', mtu, 'netns', namespace],
      ]);
      recreated.add(leg.namespaceDevice);
      end = null;
    }
    if (end?.alias !== tag) commands.push(['link', 'set', 'dev', leg.hostDevice, 'alias', tag]);
    if (end?.master !== leg.bridge)
      commands.push(['link', 'set', 'dev', leg.hostDevice, 'master', leg.bridge]);
    if (end && end.mtu !== leg.mtu)
      commands.push(['link', 'set', 'dev', leg.hostDevice, 'mtu', String(leg.mtu)]);
    if (!end?.up) commands.push(['link', 'set', 'dev', leg.hostDevice, 'up']);
  }
  return commands;
}

/** The commands inside the namespace: MAC, MTU, up, addresses of each leg's end. */
export function namespaceLegCommands(
  legs: VethLeg[],
  nsLinks: LinkState[],
  recreated: Set<string>,
): string[][] {
  const inside = new Map(nsLinks.map((link) => [link.name, link]));
  return legs.flatMap((leg) => {
    const end = recreated.has(leg.namespaceDevice) ? null : (inside.get(leg.namespaceDevice) ?? null);
    const device = leg.namespaceDevice;
    const commands: string[][] = [];
    if (end && end.mac !== leg.mac) commands.push(['link', 'set', 'dev', device, 'address', leg.mac]);
    if (end && end.mtu !== leg.mtu) commands.push(['link', 'set', 'dev', device, 'mtu', String(leg.mtu)]);
    if (!end?.up) commands.push(['link', 'set', 'dev', device, 'up']);
    return [...commands, ...addressCommands(end, device, leg.addresses)];
  });
}

/**
 * Brings the namespace's legs (devices named with `prefixes`) to exactly `legs`, the bridge
 * ends tagged with `tag`.
 */
export async function plugLegs(
  runner: CommandRunner,
  namespace: string,
  legs: VethLeg[],
  tag: string,
  prefixes: string[],
): Promise<void> {
  let nsLinks = await readLinks(runner, namespace);
  const stale = staleNamespaceDevices(legs, nsLinks, prefixes);
  if (stale.length > 0) {
    await runIpBatch(
      runner,
      stale.map((name) => ['link', 'del', 'dev', name]),
      namespace,
    );
    nsLinks = nsLinks.filter((link) => !stale.includes(link.name));
  }
  const recreated = new Set<string>();
  const hostLinks = await readLinks(runner);
  await runIpBatch(runner, hostLegCommands(legs, hostLinks, nsLinks, namespace, tag, recreated));
  await runIpBatch(runner, namespaceLegCommands(legs, nsLinks, recreated), namespace);
}
