/**
 * What a conformance cloud with real guests needs of this machine, and what it leaves behind:
 * QEMU guests (TCG, as in CI, where a nested KVM may hang) on the Linux data plane, its `public`
 * network on a test subnet of the host so that Tempest reaches floating IPs from here.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the cloud needs besides QEMU, installed as root when missing: the Linux data plane's tools
 * (dnsmasq, dhcp_release, ip, iptables) and the guest image build's (syslinux, mtools, mkfs.fat),
 * genisoimage for config drives.
 */
export const REAL_GUEST_PACKAGES = [
  'dnsmasq-base',
  'dnsmasq-utils',
  'iproute2',
  'iptables',
  'syslinux',
  'syslinux-common',
  'mtools',
  'dosfstools',
  'genisoimage',
];

/** The compute hosts of a cloud with real guests: one is enough for SSH validation. */
export const REAL_GUEST_HOSTS = 1;

/**
 * Why a cloud with real guests cannot run here, or undefined when it can: it needs root and QEMU
 * (Debian's qemu-system-x86, which CI installs; too big to install unasked).
 */
export function realGuestsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (TAP devices, bridges, namespaces)';
  const qemu = spawnSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' });
  if (qemu.error || qemu.status !== 0) return 'needs QEMU (qemu-system-x86_64 does not run)';
  return undefined;
}

/** A /24 of 198.18.0.0/15 (RFC 2544, for tests) that no address of the host is in, for `public`. */
function freePublicCidr(): string {
  const inUse = spawnSync('ip', ['-o', 'address', 'show'], { encoding: 'utf8' }).stdout;
  for (;;) {
    const prefix = `198.${randomInt(18, 20)}.${randomInt(0, 256)}`;
    if (!inUse.includes(` ${prefix}.`)) return `${prefix}.0/24`;
  }
}

/** The settings (as STRATUS_* variables) that give a cloud real guests on the Linux data plane. */
export function realGuestsEnv(): Record<string, string> {
  return {
    STRATUS_COMPUTE__VIRT_DRIVER: 'qemu',
    STRATUS_COMPUTE__QEMU__ACCEL: 'tcg',
    STRATUS_COMPUTE__QEMU__HOSTS: String(REAL_GUEST_HOSTS),
    STRATUS_NETWORK__DRIVER: 'linux',
    // Its own tag on what its data plane makes, so that it never lists or removes another cloud's.
    STRATUS_NETWORK__DATA_PLANE_TAG: `conf${randomBytes(2).toString('hex')}`,
    STRATUS_NETWORK__PUBLIC_CIDR: freePublicCidr(),
    // VXLAN ids of its own, apart from those of other clouds and tests on the machine.
    STRATUS_NETWORK__VNI_RANGES__MIN: String(randomInt(100_000, 16_000_000)),
    STRATUS_NETWORK__VNI_RANGES__MAX: '16777215',
  };
}

/** The pid files QEMU wrote for the guests of a data dir: `compute/qemu/hosts/<host>/<uuid>/pid`. */
function guestPidFiles(dataDir: string): string[] {
  const hosts = join(dataDir, 'compute', 'qemu', 'hosts');
  const folders = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(dir, entry.name))
      : [];
  return folders(hosts)
    .flatMap((host) => folders(host))
    .map((instance) => join(instance, 'pid'))
    .filter((pidFile) => existsSync(pidFile));
}

/**
 * Guests outlive their cloud (the next start finds them). Those a test run did not delete are
 * ended once the cloud has stopped, so no TCG guest keeps a core busy: each QEMU process whose
 * pid file lies in the data dir and whose command line names it. Returns how many there were.
 */
export function killLeftoverGuests(dataDir: string): number {
  let killed = 0;
  for (const pidFile of guestPidFiles(dataDir)) {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // not running
    }
    if (!commandLine.startsWith('qemu-system') || !commandLine.includes(dataDir)) continue;
    process.kill(pid, 'SIGKILL');
    killed++;
  }
  return killed;
}
