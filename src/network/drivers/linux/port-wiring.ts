import { tapName } from '../device-names.js';
import { DeviceNotFound, UnsafeHostChange } from '../errors.js';
import type { PortSpec } from '../network-driver.js';
import { checkPortSpec } from '../spec-checks.js';
import { requireBridge } from './dhcp-wiring.js';
import { readLink, readLinks, runIpBatch, type LinkState } from './links.js';
import type { WiringContext } from './network-wiring.js';
import { ownerTag, readOwnerTag } from './owner-tag.js';
import { portChainRules } from './port-rules.js';

/** The `ip` commands that plug a device into its bridge with the bridge's MTU (pure). */
export function plugCommands(device: LinkState, bridge: LinkState, tag: string): string[][] {
  const commands: string[][] = [];
  const set = (...args: string[]) => commands.push(['link', 'set', 'dev', device.name, ...args]);
  if (device.alias !== tag) set('alias', tag);
  if (device.mtu !== bridge.mtu) set('mtu', String(bridge.mtu));
  if (device.master !== bridge.name) set('master', bridge.name);
  if (!device.up) set('up');
  return commands;
}

/**
 * Plugs an instance's device into its network: its firewall first (or none, without port
 * security), then into the bridge, with the network's MTU, up.
 */
export async function ensurePort(context: WiringContext, spec: PortSpec): Promise<void> {
  checkPortSpec(spec);
  const { runner, settings, firewall } = context;
  const bridge = await requireBridge(context, spec.networkId);
  const device = await readLink(runner, spec.devName);
  if (!device) throw new DeviceNotFound(spec.devName);
  const tag = ownerTag(settings.owner, 'port', spec.id);
  const owned = readOwnerTag(device.alias, settings.owner);
  if (device.alias !== null && device.alias !== tag && (owned === null || owned.kind !== 'port'))
    throw new UnsafeHostChange(`Device ${spec.devName} is not an instance's (its alias is ${device.alias})`);
  const rules = spec.portSecurityEnabled
    ? (family: 4 | 6) => portChainRules(spec, family, firewall.chains.spoof(spec.devName))
    : null;
  await firewall.setPort(spec.devName, rules);
  await runIpBatch(runner, plugCommands(device, bridge, tag));
}

/** Removes the port's firewall and unplugs its device (when it is still there) from the bridge. */
export async function deletePort(
  { runner, settings, firewall }: WiringContext,
  portId: string,
): Promise<void> {
  const tag = ownerTag(settings.owner, 'port', portId);
  const devices = (await readLinks(runner)).filter((link) => link.alias === tag);
  const names = new Set([tapName(portId), ...devices.map((link) => link.name)]);
  for (const name of names) await firewall.setPort(name, null);
  await runIpBatch(
    runner,
    devices.flatMap((link) => [
      ['link', 'set', 'dev', link.name, 'nomaster'],
      ['link', 'set', 'dev', link.name, 'alias', ''],
    ]),
  );
}
