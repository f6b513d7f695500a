import { InvalidSpec } from '../errors.js';
import type { CommandRunner } from './command-runner.js';

export interface LinuxNetworkDriverOptions {
  /**
   * A directory of the driver's own (DHCP servers' files). dnsmasq drops its privileges to
   * `nobody` and re-reads its files on SIGHUP, so this directory's parents must be searchable by
   * everyone (mode o+x), as /var/lib/stratus is.
   */
  stateDir: string;
  /**
   * The tag on everything this driver makes (device aliases, firewall chain names), so it only
   * ever lists and removes its own: 1 to 8 lower-case letters and digits. Default `stratus`; tests
   * running side by side each take their own.
   */
  owner?: string;
  /** Physical network name -> host interface, for flat and VLAN networks. A flat network without one stays on the host. */
  physicalInterfaceMappings?: Record<string, string>;
  vxlan?: {
    /** The underlay address VXLAN packets leave from. */
    localIp?: string;
    /** Other hosts' underlay addresses: broadcast and unknown traffic is flooded to them (unicast, no multicast group). */
    peers?: string[];
  };
  /** How long a DHCP lease lasts, in seconds. Default 86400 (Neutron's). */
  dhcpLeaseSeconds?: number;
  /** How commands run; by default as child processes. */
  runner?: CommandRunner;
}

/** The options with their defaults, checked. */
export interface LinuxDriverSettings {
  stateDir: string;
  owner: string;
  physicalInterfaceMappings: Record<string, string>;
  vxlanLocalIp: string | null;
  vxlanPeers: string[];
  dhcpLeaseSeconds: number;
}

export function linuxDriverSettings(options: LinuxNetworkDriverOptions): LinuxDriverSettings {
  const owner = options.owner ?? 'stratus';
  // The owner goes into firewall chain names, at most 28 characters: owner + `-i-` + a 15-character device.
  if (!/^[a-z0-9]{1,8}$/.test(owner))
    throw new InvalidSpec(`owner ${JSON.stringify(owner)} is not 1 to 8 lower-case letters and digits`);
  return {
    stateDir: options.stateDir,
    owner,
    physicalInterfaceMappings: options.physicalInterfaceMappings ?? {},
    vxlanLocalIp: options.vxlan?.localIp ?? null,
    vxlanPeers: options.vxlan?.peers ?? [],
    dhcpLeaseSeconds: options.dhcpLeaseSeconds ?? 86400,
  };
}
