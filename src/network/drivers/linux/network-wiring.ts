import { bridgeName } from '../device-names.js';
import { DeviceNotFound, UnsafeHostChange } from '../errors.js';
import { overlaps, parseCidr } from '../ip-cidr.js';
import type { NetworkSpec } from '../network-driver.js';
import { checkNetworkSpec } from '../spec-checks.js';
import { uplinkOf, type Uplink } from '../uplink.js';
import type { CommandRunner } from './command-runner.js';
import type { HostFirewall } from './host-firewall.js';
import { addressCommands, readLinks, runIpBatch, type LinkState } from './links.js';
import type { LinuxDriverSettings } from './linux-options.js';
import { ownerTag, readOwnerTag } from './owner-tag.js';

/** VXLAN's IANA port. */
const vxlanPort = '4789';
/** The forwarding entry that floods broadcast and unknown traffic to a peer. */
const floodMac = '00:00:00:00:00:00';

/** Refuses host addresses that would shadow or share a prefix with addresses the host has elsewhere. */
function checkHostAddresses(spec: NetworkSpec, links: LinkState[], owner: string): void {
  const bridge = bridgeName(spec.id);
  const foreign = links.filter((link) => link.name !== bridge && readOwnerTag(link.alias, owner) === null);
  for (const wanted of spec.hostAddresses) {
    const cidr = parseCidr(wanted);
    const clash = foreign.find((link) =>
      link.addresses.some((address) => overlaps(parseCidr(address), cidr)),
    );
    if (clash)
      throw new UnsafeHostChange(
        `Host address ${wanted} overlaps the addresses of ${clash.name}, which is not this driver's`,
      );
  }
}

/** The commands that make or adjust the uplink device and enslave it. */
function uplinkCommands(
  uplink: Uplink,
  spec: NetworkSpec,
  links: Map<string, LinkState>,
  tag: string,
  localIp: string | null,
) {
  const bridge = bridgeName(spec.id);
  const mtu = String(spec.mtu);
  const device = links.get(uplink.name) ?? null;
  const commands: string[][] = [];
  if (uplink.kind === 'physical') {
    if (!device) throw new DeviceNotFound(uplink.name);
    if (device.addresses.length > 0)
      throw new UnsafeHostChange(
        `Interface ${uplink.name} has addresses of the host's: enslaving it would cut the host off`,
      );
    if (device.master !== null && device.master !== bridge)
      throw new UnsafeHostChange(`Interface ${uplink.name} is already in bridge ${device.master}`);
  } else if (device && device.alias !== tag) {
    throw new UnsafeHostChange(`Device ${uplink.name} exists and is not network ${spec.id}'s`);
  } else if (!device) {
    // VXLAN learns remote MACs from what arrives (the kernel's default); floods go to the peers.
    const local = localIp ? ['local', localIp] : [];
    const type =
      uplink.kind === 'vxlan'
        ? ['type', 'vxlan', 'id', String(uplink.vni), 'dstport', vxlanPort, ...local]
        : ['type', 'vlan', 'id', String(uplink.vlanId)];
    const parent = uplink.kind === 'vlan' ? ['link', uplink.parent] : [];
    commands.push(['link', 'add', ...parent, 'name', uplink.name, 'mtu', mtu, ...type]);
    commands.push(['link', 'set', 'dev', uplink.name, 'alias', tag]);
  } else if (device.mtu !== spec.mtu) {
    commands.push(['link', 'set', 'dev', uplink.name, 'mtu', mtu]);
  }
  if (device?.master !== bridge) commands.push(['link', 'set', 'dev', uplink.name, 'master', bridge]);
  if (!device?.up) commands.push(['link', 'set', 'dev', uplink.name, 'up']);
  return commands;
}

/**
 * The `ip` commands that bring the host to the network spec (pure): the bridge (STP off, its
 * bridged traffic through the firewall), its host addresses, its uplink; uplinks that the spec
 * no longer names are removed (ours) or released (a physical interface).
 */
export function networkCommands(
  spec: NetworkSpec,
  links: LinkState[],
  settings: LinuxDriverSettings,
): string[][] {
  checkNetworkSpec(spec);
  const bridge = bridgeName(spec.id);
  const tag = ownerTag(settings.owner, 'network', spec.id);
  const byName = new Map(links.map((link) => [link.name, link]));
  const current = byName.get(bridge) ?? null;
  if (current && current.alias !== tag)
    throw new UnsafeHostChange(`Bridge ${bridge} exists and is not network ${spec.id}'s`);
  checkHostAddresses(spec, links, settings.owner);
  const uplink = uplinkOf(spec, settings.physicalInterfaceMappings);
  const mtu = String(spec.mtu);
  const commands: string[][] = [];
  if (!current) {
    commands.push([
      'link',
      'add',
      'name',
      bridge,
      'mtu',
      mtu,
      'type',
      'bridge',
      'stp_state',
      '0',
      'forward_delay',
      '0',
    ]);
    commands.push(['link', 'set', 'dev', bridge, 'alias', tag]);
  } else if (current.mtu !== spec.mtu) {
    commands.push(['link', 'set', 'dev', bridge, 'mtu', mtu]);
  }
  if (!current?.bridgeFiltered)
    commands.push([
      'link',
      'set',
      'dev',
      bridge,
      'type',
      'bridge',
      'nf_call_iptables',
      '1',
      'nf_call_ip6tables',
      '1',
    ]);
  for (const member of links.filter((link) => link.master === bridge && link.name !== uplink?.name)) {
    if (member.alias === tag) commands.push(['link', 'del', 'dev', member.name]);
    else if (member.kind === null) commands.push(['link', 'set', 'dev', member.name, 'nomaster']);
  }
  if (uplink) commands.push(...uplinkCommands(uplink, spec, byName, tag, settings.vxlanLocalIp));
  commands.push(...addressCommands(current, bridge, spec.hostAddresses));
  if (!current?.up) commands.push(['link', 'set', 'dev', bridge, 'up']);
  return commands;
}

/** The `bridge fdb` commands that make a VXLAN device flood to exactly `peers`. */
export function floodCommands(
  device: string,
  entries: { mac: string; dst?: string }[],
  peers: string[],
): string[][] {
  const have = new Set(
    entries.filter((entry) => entry.mac === floodMac && entry.dst).map((entry) => entry.dst!),
  );
  const want = new Set(peers);
  return [
    ...[...have]
      .filter((peer) => !want.has(peer))
      .map((peer) => ['fdb', 'del', floodMac, 'dev', device, 'dst', peer]),
    ...[...want]
      .filter((peer) => !have.has(peer))
      .map((peer) => ['fdb', 'append', floodMac, 'dev', device, 'dst', peer]),
  ];
}

/** The context the wiring functions share. */
export interface WiringContext {
  runner: CommandRunner;
  settings: LinuxDriverSettings;
  firewall: HostFirewall;
}

/** Brings the host to the network spec (bridge, uplink, addresses, firewall rules of the bridge). */
export async function ensureNetwork(
  { runner, settings, firewall }: WiringContext,
  spec: NetworkSpec,
): Promise<void> {
  const commands = networkCommands(spec, await readLinks(runner), settings);
  // The bridge's firewall rules first: nothing is bridged unfiltered, even for a moment.
  await firewall.setBridge(bridgeName(spec.id), true);
  await runIpBatch(runner, commands);
  const uplink = uplinkOf(spec, settings.physicalInterfaceMappings);
  if (uplink?.kind === 'vxlan') {
    const { stdout } = await runner.run(['bridge', '-j', 'fdb', 'show', 'dev', uplink.name]);
    const entries = JSON.parse(stdout || '[]') as { mac: string; dst?: string }[];
    const fdb = floodCommands(uplink.name, entries, settings.vxlanPeers);
    if (fdb.length > 0)
      await runner.run(['bridge', '-batch', '-'], {
        input: fdb.map((command) => command.join(' ')).join('\n') + '\n',
      });
  }
}

/** Removes the network's bridge and the uplink devices the driver made for it (a physical interface is only released). */
export async function deleteNetwork(
  { runner, settings, firewall }: WiringContext,
  networkId: string,
): Promise<void> {
  const bridge = bridgeName(networkId);
  const tag = ownerTag(settings.owner, 'network', networkId);
  const links = await readLinks(runner);
  const commands = links
    .filter((link) => link.alias === tag && (link.kind !== 'bridge' || link.name === bridge))
    .sort((a, b) => Number(a.kind === 'bridge') - Number(b.kind === 'bridge'))
    .map((link) => ['link', 'del', 'dev', link.name]);
  await runIpBatch(runner, commands);
  await firewall.setBridge(bridge, false);
}
