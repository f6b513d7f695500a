import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dhcpNamespacePrefix, routerNamespacePrefix } from '../device-names.js';
import type { ManagedResources } from '../network-driver.js';
import { deleteDhcp } from './dhcp-wiring.js';
import { runningDnsmasq, stopDnsmasq } from './dnsmasq-process.js';
import { readLinks } from './links.js';
import { listNamespaces, namespaceTag } from './namespaces.js';
import { deleteNetwork, type WiringContext } from './network-wiring.js';
import { readOwnerTag } from './owner-tag.js';
import { deletePort } from './port-wiring.js';
import { deleteRouter } from './router-wiring.js';

/**
 * What the driver made and the host still has, found by its owner tag: bridges and instance
 * devices by their alias, DHCP and router namespaces by their loopback's alias.
 */
export async function listManaged({ runner, settings }: WiringContext): Promise<ManagedResources> {
  const managed: ManagedResources = { networks: [], dhcp: [], routers: [], ports: [] };
  for (const link of await readLinks(runner)) {
    const tag = readOwnerTag(link.alias, settings.owner);
    if (tag?.kind === 'network' && link.kind === 'bridge') managed.networks.push(tag.id);
    if (tag?.kind === 'port') managed.ports.push(tag.id);
  }
  for (const namespace of await listNamespaces(runner)) {
    if (!namespace.startsWith(dhcpNamespacePrefix) && !namespace.startsWith(routerNamespacePrefix)) continue;
    const tag = readOwnerTag(await namespaceTag(runner, namespace), settings.owner);
    if (tag?.kind === 'dhcp') managed.dhcp.push(tag.id);
    if (tag?.kind === 'router') managed.routers.push(tag.id);
  }
  for (const list of Object.values(managed)) list.sort();
  return managed;
}

/** Removes everything the driver made: routers and DHCP servers, ports' firewalls, networks, then its base chains and files. */
export async function teardown(context: WiringContext): Promise<void> {
  const managed = await listManaged(context);
  for (const routerId of managed.routers) await deleteRouter(context, routerId);
  for (const networkId of managed.dhcp) await deleteDhcp(context, networkId);
  for (const portId of managed.ports) await deletePort(context, portId);
  for (const networkId of managed.networks) await deleteNetwork(context, networkId);
  // A dnsmasq whose namespace went away behind the driver's back still has its pid file.
  const dhcpFiles = join(context.settings.stateDir, 'dhcp');
  for (const networkId of await readdir(dhcpFiles).catch(() => [])) {
    const running = await runningDnsmasq(context.runner, join(dhcpFiles, networkId, 'pid'));
    if (running) await stopDnsmasq(context.runner, running.pid);
  }
  await context.firewall.teardown();
  await rm(dhcpFiles, { recursive: true, force: true });
}
