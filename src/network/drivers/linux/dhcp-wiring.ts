import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bridgeName, dhcpDeviceName, dhcpNamespace, tapName } from '../device-names.js';
import { NetworkNotWired } from '../errors.js';
import type { DhcpSpec } from '../network-driver.js';
import { checkDhcpSpec } from '../spec-checks.js';
import { pruneStaleLeases, releaseStaleLeases } from './dhcp-leases.js';
import { dhcpHostsFile, dhcpOptsFile, dnsmasqArguments, type DnsmasqPaths } from './dnsmasq-config.js';
import { reloadDnsmasq, runningDnsmasq, startDnsmasq, stopDnsmasq } from './dnsmasq-process.js';
import { readLink, readLinks, runIpBatch, type LinkState } from './links.js';
import { deleteNamespace, namespaceTag, openNamespace, tagNamespace } from './namespaces.js';
import type { WiringContext } from './network-wiring.js';
import { ownerTag } from './owner-tag.js';
import { plugLegs } from './veth-legs.js';

/** The folder of a network's DHCP files. */
const dhcpDirectory = (stateDir: string, networkId: string) => join(stateDir, 'dhcp', networkId);

function dnsmasqPaths(directory: string): DnsmasqPaths {
  return {
    hosts: join(directory, 'host'),
    opts: join(directory, 'opts'),
    leases: join(directory, 'leases'),
    pid: join(directory, 'pid'),
  };
}

/** Writes the file (whole, by rename) when its text differs; says whether it did. */
async function writeIfChanged(path: string, text: string): Promise<boolean> {
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current === text) return false;
  await writeFile(`${path}.tmp`, text, { mode: 0o644 });
  await rename(`${path}.tmp`, path);
  return true;
}

/** The network's bridge; throws `NetworkNotWired` unless it is there and this driver's. */
export async function requireBridge(
  { runner, settings }: WiringContext,
  networkId: string,
): Promise<LinkState> {
  const link = await readLink(runner, bridgeName(networkId));
  if (!link || link.alias !== ownerTag(settings.owner, 'network', networkId))
    throw new NetworkNotWired(networkId);
  return link;
}

/**
 * Brings the network's DHCP server to the spec: the `qdhcp-` namespace, the DHCP port's veth pair
 * into the bridge, its addresses, and one dnsmasq. New hosts or options reach a running dnsmasq
 * by SIGHUP, after the leases of hosts that are gone are released; a change of its command line
 * (subnets, MTU, domain) restarts it, with those leases dropped from its file.
 */
export async function ensureDhcp(context: WiringContext, spec: DhcpSpec): Promise<void> {
  checkDhcpSpec(spec);
  const { runner, settings } = context;
  const bridge = (await requireBridge(context, spec.networkId)).name;
  const namespace = dhcpNamespace(spec.networkId);
  const tag = ownerTag(settings.owner, 'dhcp', spec.networkId);
  const fresh = await openNamespace(runner, namespace, tag);
  const device = dhcpDeviceName(spec.port.id);
  const leg = {
    hostDevice: tapName(spec.port.id),
    namespaceDevice: device,
    bridge,
    mac: spec.port.mac,
    mtu: spec.mtu,
    addresses: spec.port.fixedIps.map(({ ip, prefixlen }) => `${ip}/${prefixlen}`),
  };
  await plugLegs(runner, namespace, [leg], tag, ['ns-']);
  if (fresh) await tagNamespace(runner, namespace, tag);

  const directory = dhcpDirectory(settings.stateDir, spec.networkId);
  await mkdir(directory, { recursive: true });
  await chmod(directory, 0o755); // dnsmasq reads its files as nobody
  const paths = dnsmasqPaths(directory);
  const hostsChanged = await writeIfChanged(paths.hosts, dhcpHostsFile(spec));
  const optsChanged = await writeIfChanged(paths.opts, dhcpOptsFile(spec));
  const args = dnsmasqArguments(spec, device, paths, settings.dhcpLeaseSeconds);
  const running = await runningDnsmasq(runner, paths.pid);
  if (running && running.argv.slice(1).join('\0') === args.join('\0')) {
    if (hostsChanged) await releaseStaleLeases(runner, namespace, device, paths.leases, spec.hosts);
    if (hostsChanged || optsChanged) await reloadDnsmasq(runner, running.pid);
    return;
  }
  if (running) await stopDnsmasq(runner, running.pid);
  await pruneStaleLeases(paths.leases, spec.hosts);
  await startDnsmasq(runner, namespace, args);
}

/** Stops the network's dnsmasq, removes its namespace (with the DHCP port) and its files. */
export async function deleteDhcp({ runner, settings }: WiringContext, networkId: string): Promise<void> {
  const directory = dhcpDirectory(settings.stateDir, networkId);
  const running = await runningDnsmasq(runner, dnsmasqPaths(directory).pid);
  if (running) await stopDnsmasq(runner, running.pid);
  const tag = ownerTag(settings.owner, 'dhcp', networkId);
  const namespace = dhcpNamespace(networkId);
  // Another owner's namespace of that name is left alone; an untagged one is ours, half made.
  const nsTag = await namespaceTag(runner, namespace);
  if (nsTag === null || nsTag === tag) {
    const ends = (await readLinks(runner)).filter((link) => link.alias === tag);
    await runIpBatch(
      runner,
      ends.map((link) => ['link', 'del', 'dev', link.name]),
    );
    await deleteNamespace(runner, namespace);
  }
  await rm(directory, { recursive: true, force: true });
}
