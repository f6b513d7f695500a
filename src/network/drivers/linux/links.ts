import { CommandFailed } from '../errors.js';
import { formatCidr, parseCidr } from '../ip-cidr.js';
import type { CommandRunner } from './command-runner.js';

/** A network device as `ip -j -d address show` reports it, reduced to what the driver converges. */
export interface LinkState {
  name: string;
  /** `bridge`, `veth`, `vxlan`, `vlan`, `tun`...; null for a physical interface. */
  kind: string | null;
  /** The bridge it is enslaved to. */
  master: string | null;
  mtu: number;
  /** Administratively up. */
  up: boolean;
  mac: string;
  /** The owner tag the driver wrote (Linux's ifalias). */
  alias: string | null;
  /** Global and site addresses as canonical CIDRs (`10.0.0.5/24`); link-local ones are the kernel's. */
  addresses: string[];
  /** For a bridge: whether bridged IPv4 and IPv6 traffic goes through the firewall. */
  bridgeFiltered?: boolean;
}

interface IpAddressJson {
  ifname: string;
  flags?: string[];
  mtu: number;
  master?: string;
  address?: string;
  ifalias?: string;
  linkinfo?: { info_kind?: string; info_data?: { nf_call_iptables?: number; nf_call_ip6tables?: number } };
  addr_info?: { local?: string; prefixlen?: number; scope?: string; family?: string }[];
}

/** Normalises an address as the driver writes it, so `2001:DB8::1/64` and `2001:db8::1/64` compare equal. */
const canonicalInterfaceAddress = (cidr: string) => formatCidr(parseCidr(cidr));

/** The devices in the output of `ip -j -d address show`. */
export function parseLinks(json: string): LinkState[] {
  const entries = JSON.parse(json || '[]') as IpAddressJson[];
  return entries.map((entry) => {
    const info = entry.linkinfo;
    const link: LinkState = {
      name: entry.ifname,
      kind: info?.info_kind ?? null,
      master: entry.master ?? null,
      mtu: entry.mtu,
      up: entry.flags?.includes('UP') ?? false,
      mac: entry.address ?? '',
      alias: entry.ifalias ?? null,
      addresses: (entry.addr_info ?? [])
        .filter((address) => address.local && address.scope !== 'link' && address.scope !== 'host')
        .map((address) => canonicalInterfaceAddress(`${address.local}/${address.prefixlen}`)),
    };
    if (link.kind === 'bridge')
      link.bridgeFiltered =
        info?.info_data?.nf_call_iptables === 1 && info?.info_data?.nf_call_ip6tables === 1;
    return link;
  });
}

const inNamespace = (namespace: string | null) => (namespace ? ['-n', namespace] : []);

/** Every device of the host, or of a namespace. */
export async function readLinks(
  runner: CommandRunner,
  namespace: string | null = null,
): Promise<LinkState[]> {
  const { stdout } = await runner.run(['ip', ...inNamespace(namespace), '-j', '-d', 'address', 'show']);
  return parseLinks(stdout);
}

/** One device, or null when there is none of that name. */
export async function readLink(
  runner: CommandRunner,
  name: string,
  namespace: string | null = null,
): Promise<LinkState | null> {
  const result = await runner.run(
    ['ip', ...inNamespace(namespace), '-j', '-d', 'address', 'show', 'dev', name],
    {
      allowFailure: true,
    },
  );
  if (result.exitCode !== 0) {
    if (/does not exist|Cannot find device/.test(result.stderr)) return null;
    throw new CommandFailed(
      ['ip', ...inNamespace(namespace), 'address', 'show', 'dev', name],
      result.exitCode,
      result.stderr,
    );
  }
  return parseLinks(result.stdout)[0] ?? null;
}

/**
 * The `ip` commands that bring a device's addresses to `wanted`: adds what is missing, removes
 * what is not wanted (global and site addresses only: link-local ones belong to the kernel).
 */
export function addressCommands(link: LinkState | null, device: string, wanted: string[]): string[][] {
  const want = new Set(wanted.map(canonicalInterfaceAddress));
  const have = new Set(link?.addresses ?? []);
  return [
    ...[...have]
      .filter((address) => !want.has(address))
      .map((address) => ['address', 'del', address, 'dev', device]),
    ...[...want]
      .filter((address) => !have.has(address))
      // No duplicate address detection: the address is the port's, IPAM made it unique, and
      // dnsmasq or a route must not wait the seconds DAD takes.
      .map((address) => [
        'address',
        'add',
        address,
        'dev',
        device,
        ...(address.includes(':') ? ['nodad'] : []),
      ]),
  ];
}

/** Runs `ip` commands as one batch (one process), in a namespace or on the host. */
export async function runIpBatch(
  runner: CommandRunner,
  commands: string[][],
  namespace: string | null = null,
): Promise<void> {
  if (commands.length === 0) return;
  // Arguments never hold blanks (specs are checked); an empty one (clearing an alias) is quoted.
  const input =
    commands.map((command) => command.map((arg) => (arg === '' ? '""' : arg)).join(' ')).join('\n') + '\n';
  await runner.run(['ip', ...inNamespace(namespace), '-batch', '-'], { input });
}
