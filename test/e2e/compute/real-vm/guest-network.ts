import { randomBytes } from 'node:crypto';
import type { OpenRc } from '../../../conformance/openrc.js';
import { act, cli, sshOnce, until, type Json } from './guest-cli.js';

/** A server's port on one network: its fixed IPv4 address and MAC, from `openstack port list`. */
export async function serverPort(env: OpenRc, server: string): Promise<{ ip: string; mac: string }> {
  const ports = (await cli(env, ['port', 'list', '--server', server, '--long'])) as unknown as Json[];
  if (ports.length !== 1) throw new Error(`${server} has ${ports.length} ports`);
  const fixed = ports[0]['Fixed IP Addresses'] as { ip_address: string }[];
  return { ip: fixed[0].ip_address, mac: ports[0]['MAC Address'] as string };
}

/**
 * Whether the guest at `from` (its floating IP) gets an answer to ping of `to`: busybox's ping,
 * through sudo (raw sockets), three tries.
 */
export async function guestPings(key: string, from: string, to: string): Promise<boolean> {
  const answer = await sshOnce(key, from, `sudo ping -c 3 -W 2 ${to} >/dev/null 2>&1 && echo yes || echo no`);
  return answer.trim() === 'yes';
}

/** Polls `guestPings` until it gives `wanted` (rules and wiring reach the host a moment after the API). */
export async function guestPingsBecome(key: string, from: string, to: string, wanted: boolean) {
  await until(`${from} ${wanted ? 'reaching' : 'not reaching'} ${to}`, async () =>
    (await guestPings(key, from, to)) === wanted ? true : undefined,
  );
}

/** The MAC the guest at `from` has learnt for `address` (its ARP table), or undefined. */
export async function guestArpEntry(key: string, from: string, address: string): Promise<string | undefined> {
  const table = await sshOnce(key, from, 'cat /proc/net/arp');
  const row = table.split('\n').find((line) => line.split(/\s+/)[0] === address);
  return row?.split(/\s+/)[3];
}

/** A new project with one member user, made by the admin; its openrc as `base` with its credentials. */
export async function createMemberProject(admin: OpenRc, base: OpenRc, name: string): Promise<OpenRc> {
  const password = randomBytes(12).toString('hex');
  await act(admin, ['project', 'create', name]);
  await act(admin, ['user', 'create', '--project', name, '--password', password, name]);
  await act(admin, ['role', 'add', '--user', name, '--project', name, 'member']);
  return { ...base, OS_USERNAME: name, OS_PROJECT_NAME: name, OS_PASSWORD: password };
}
