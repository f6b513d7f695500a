import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

/** Tools the data-plane tests run, with the Debian package of each. */
const tools: [string[], string][] = [
  [['ip', '-V'], 'iproute2'],
  [['dnsmasq', '--version'], 'dnsmasq-base'],
  [['which', 'dhcp_release'], 'dnsmasq-utils'],
  [['iptables-restore', '--version'], 'iptables'],
  [['busybox'], 'busybox'],
];

function findSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, bridges and iptables)';
  for (const [argv, debianPackage] of tools) {
    const result = spawnSync(argv[0], argv.slice(1), { env, stdio: 'ignore' });
    if (result.error || result.status !== 0)
      return `${argv[0]} does not run (node scripts/install-debian-packages.mjs ${debianPackage})`;
  }
  if (!existsSync('/proc/sys/net/bridge')) return 'the kernel has no br_netfilter';
  return false;
}

/** Why the tests that need a real Linux host cannot run here, or false when they can. */
export const rootSkipReason = findSkipReason();
