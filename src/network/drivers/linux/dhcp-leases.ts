import { readFile, rename, writeFile } from 'node:fs/promises';
import type { DhcpHostSpec } from '../network-driver.js';
import type { CommandRunner } from './command-runner.js';

/** One IPv4 lease of dnsmasq's lease file: `<expiry> <mac> <ip> <hostname> <client id>`. */
export interface DhcpLease {
  mac: string;
  ip: string;
  clientId: string | null;
}

const IPV4_LEASE = /^\d+ ([0-9a-f]{2}(?::[0-9a-f]{2}){5}) (\d+\.\d+\.\d+\.\d+) \S+ (\S+)$/i;

function parseLease(line: string): DhcpLease | null {
  const match = IPV4_LEASE.exec(line.trim());
  if (!match) return null;
  return { mac: match[1].toLowerCase(), ip: match[2], clientId: match[3] === '*' ? null : match[3] };
}

/**
 * Whether a lease no longer belongs to any host: its port is gone or has another address. dnsmasq
 * keeps such a lease until it expires (a day) and will not give its address to a new port's MAC,
 * so an address handed out again by IPAM would get no DHCP answer at all.
 */
function isStale(lease: DhcpLease, hosts: readonly DhcpHostSpec[]): boolean {
  return !hosts.some((host) => host.ip === lease.ip && host.mac.toLowerCase() === lease.mac);
}

/** The IPv4 leases of `text` (a dnsmasq lease file) that no host of the spec holds any more. */
export function staleLeases(text: string, hosts: readonly DhcpHostSpec[]): DhcpLease[] {
  return text
    .split('\n')
    .map(parseLease)
    .filter((lease): lease is DhcpLease => lease !== null && isStale(lease, hosts));
}

/**
 * Frees stale leases in a running dnsmasq as Neutron's DHCP agent does: `dhcp_release` (Debian's
 * dnsmasq-utils) sends it a DHCPRELEASE from inside the network's namespace, on its device.
 */
export async function releaseStaleLeases(
  runner: CommandRunner,
  namespace: string,
  device: string,
  leasesFile: string,
  hosts: readonly DhcpHostSpec[],
): Promise<void> {
  const text = await readFile(leasesFile, 'utf8').catch(() => '');
  for (const lease of staleLeases(text, hosts)) {
    const clientId = lease.clientId ? [lease.clientId] : [];
    await runner.run([
      'ip',
      'netns',
      'exec',
      namespace,
      'dhcp_release',
      device,
      lease.ip,
      lease.mac,
      ...clientId,
    ]);
  }
}

/**
 * Drops stale IPv4 leases from the lease file of a dnsmasq that is not running (it reads the file
 * only when it starts); other lines (the DUID, IPv6 leases) stay as they are.
 */
export async function pruneStaleLeases(leasesFile: string, hosts: readonly DhcpHostSpec[]): Promise<void> {
  const text = await readFile(leasesFile, 'utf8').catch(() => null);
  if (text === null) return;
  const kept = text.split('\n').filter((line) => {
    const lease = parseLease(line);
    return lease === null || !isStale(lease, hosts);
  });
  const pruned = kept.join('\n');
  if (pruned === text) return;
  await writeFile(`${leasesFile}.tmp`, pruned, { mode: 0o644 });
  await rename(`${leasesFile}.tmp`, leasesFile);
}
