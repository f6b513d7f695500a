import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

/** What one test's data plane was: the driver's owner tag and state directory, and the instance namespaces it made. */
export interface HostFootprint {
  owner: string;
  stateDir: string;
  instanceNamespaces: readonly string[];
}

/** Devices (bridges, VXLAN, veth and TAP ends) whose alias is the owner's tag. */
async function taggedLinks(owner: string): Promise<string[]> {
  const { stdout } = await run('ip', ['-j', 'link', 'show'], { env });
  return (JSON.parse(stdout || '[]') as { ifname: string; ifalias?: string }[])
    .filter((link) => link.ifalias?.startsWith(`${owner}:`))
    .map((link) => `device ${link.ifname}`);
}

/** DHCP and router namespaces tagged with the owner (on their loopback), and the instance namespaces. */
async function namespaces(footprint: HostFootprint): Promise<string[]> {
  const { stdout } = await run('ip', ['-j', 'netns', 'list'], { env });
  const names = (JSON.parse(stdout.trim() || '[]') as { name: string }[]).map(({ name }) => name);
  const left: string[] = [];
  for (const name of names) {
    if (footprint.instanceNamespaces.includes(name)) left.push(`namespace ${name}`);
    if (!name.startsWith('qdhcp-') && !name.startsWith('qrouter-')) continue;
    const lo = await run('ip', ['-n', name, '-j', 'link', 'show', 'lo'], { env }).catch(() => null);
    const alias = lo ? (JSON.parse(lo.stdout || '[]') as { ifalias?: string }[])[0]?.ifalias : undefined;
    if (alias?.startsWith(`${footprint.owner}:`)) left.push(`namespace ${name}`);
  }
  return left;
}

/** The host's iptables and ip6tables lines (chains and rules) that mention `text`. */
export async function firewallLines(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const save of ['iptables-save', 'ip6tables-save']) {
    const { stdout } = await run(save, [], { env });
    for (const line of stdout.split('\n')) if (line.includes(text)) found.push(`${save}: ${line}`);
  }
  return found;
}

/** Processes (dnsmasq) whose command line names the state directory. */
async function processes(stateDir: string): Promise<string[]> {
  const left: string[] = [];
  for (const pid of (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(stateDir)) left.push(`process ${pid}: ${cmdline.replaceAll('\0', ' ').trim()}`);
  }
  return left;
}

/**
 * What the host still has of one test's data plane: devices, namespaces, firewall lines,
 * processes and the state directory. Empty once everything was cleaned up.
 */
export async function hostLeftovers(footprint: HostFootprint): Promise<string[]> {
  const stateDir = await stat(footprint.stateDir).then(
    () => [`directory ${footprint.stateDir}`],
    () => [],
  );
  return [
    ...(await taggedLinks(footprint.owner)),
    ...(await namespaces(footprint)),
    ...(await firewallLines(`${footprint.owner}-`)),
    ...(await processes(footprint.stateDir)),
    ...stateDir,
  ];
}
