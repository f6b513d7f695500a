import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandFailed } from '../../common/run-command.js';
import { runCommand } from '../run-command.js';

/**
 * What the image holds besides debootstrap's minbase (the essential packages and apt), and why.
 * debootstrap follows Depends but neither Recommends nor virtual packages, so a provider of a
 * virtual package another one depends on is named here.
 */
export const DEBIAN_IMAGE_PACKAGES = [
  // A booting system: systemd as init, udev, D-Bus (hostnamectl, timedatectl), the initramfs builder.
  'systemd-sysv',
  'udev',
  'dbus',
  'initramfs-tools',
  // cloud-init, growpart (cloud-guest-utils) and what it and resizefs run: sfdisk, resize2fs.
  'cloud-init',
  'cloud-guest-utils',
  'fdisk',
  'e2fsprogs',
  // python3-cryptography (oauthlib, for cloud-init) depends on virtual packages only this provides.
  'python3-cffi-backend',
  // cloud-init renders /etc/network/interfaces.d on Debian 12; dhclient for DHCP.
  'ifupdown',
  'isc-dhcp-client',
  'iproute2',
  'netbase',
  // Logging in, as cloud images do.
  'openssh-server',
  'sudo',
  // A usable system: TLS roots for apt and curl, a pager, the clock.
  'ca-certificates',
  'less',
  'systemd-timesyncd',
];

export interface DebootstrapInput {
  suite: string;
  mirror: string;
  /** The new root, made by debootstrap (it must not exist or be empty). */
  root: string;
  /** Where debootstrap keeps the .deb files it downloaded, for the next build. */
  cacheDir: string;
  packages: readonly string[];
}

/**
 * Installs a minimal Debian with `packages` into `root` with debootstrap (root only: it chroots,
 * makes device nodes and mounts /proc inside the tree while it configures the packages).
 */
export async function debootstrap(input: DebootstrapInput): Promise<void> {
  await mkdir(input.cacheDir, { recursive: true });
  try {
    await runCommand([
      'debootstrap',
      '--variant=minbase',
      '--components=main',
      `--include=${input.packages.join(',')}`,
      `--cache-dir=${input.cacheDir}`,
      input.suite,
      input.root,
      input.mirror,
    ]);
  } catch (error) {
    // What failed is in the tree's own log; debootstrap's output only points there.
    const log = await readFile(join(input.root, 'debootstrap/debootstrap.log'), 'utf8').catch(() => '');
    if (error instanceof CommandFailed && log !== '')
      throw new Error(`${error.message}\ndebootstrap.log ends:\n${log.slice(-3000)}`, { cause: error });
    throw error;
  }
}

/** The packages installed in `root`, name to version, from its dpkg database. */
export async function installedPackages(root: string): Promise<Record<string, string>> {
  const { stdout } = await runCommand([
    'dpkg-query',
    `--admindir=${join(root, 'var/lib/dpkg')}`,
    '--show',
    '--showformat=${Package}\t${Version}\n',
  ]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\t') as [string, string]),
  );
}

/** A mount point as /proc/self/mounts writes it (space, tab, newline and backslash as octal escapes). */
const unescapeMountPoint = (field: string): string =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

/**
 * Unmounts whatever is still mounted inside `root`, deepest first: debootstrap leaves /proc and
 * /sys mounted in the tree when it fails half-way, and removing the tree must not descend into them.
 */
export async function unmountInside(root: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8'))
    .split('\n')
    .map((line) => unescapeMountPoint(line.split(' ')[1] ?? ''))
    .filter((target) => target.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  for (const target of mounts) await runCommand(['umount', '--lazy', target]);
}
