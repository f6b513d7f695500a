import { chmod, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DebianMirrors } from './apt-mirrors.js';
import { BOOT_INITRAMFS, BOOT_KERNEL } from './debian-disk.js';

/** Where the guest mounts the FAT boot partition, so kernel updates reach syslinux. */
export const GUEST_BOOT_MOUNT = '/boot/syslinux';

/**
 * cloud-init's settings beside Debian's /etc/cloud/cloud.cfg (whose default user is `debian`,
 * with passwordless sudo): the datasources an OpenStack cloud offers, the config drive first since
 * it needs no network, an /etc/hosts that names the instance (sudo resolves its own host), and
 * the host key types sshd uses.
 */
export const CLOUD_INIT_CONFIG = [
  '# Stratus: a guest of an OpenStack cloud.',
  '# One line: ds-identify reads only single-line lists.',
  'datasource_list: [ ConfigDrive, OpenStack, None ]',
  'manage_etc_hosts: true',
  "# No DSA host key: Debian 12's sshd does not use one (cloud-init 22.4 still makes it).",
  'ssh_genkeytypes: [rsa, ecdsa, ed25519]',
  '',
].join('\n');

/** The root by the ext4 UUID the kernel command line names too; the boot partition may be absent. */
export function fstab(rootUuid: string, bootVolumeId: string): string {
  const bootUuid = `${bootVolumeId.slice(0, 4)}-${bootVolumeId.slice(4)}`.toUpperCase();
  return [
    '# <file system> <mount point> <type> <options> <dump> <pass>',
    `UUID=${rootUuid} / ext4 rw,discard,errors=remount-ro 0 1`,
    `UUID=${bootUuid} ${GUEST_BOOT_MOUNT} vfat defaults,nofail,umask=0077 0 0`,
    '',
  ].join('\n');
}

/** apt's sources in the guest: the release, its updates and its security updates (deb822). */
export function aptSourcesFile(suite: string, mirrors: DebianMirrors): string {
  return [
    'Types: deb',
    `URIs: ${mirrors.archive}`,
    `Suites: ${suite} ${suite}-updates`,
    'Components: main',
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
    '',
    'Types: deb',
    `URIs: ${mirrors.security}`,
    `Suites: ${suite}-security`,
    'Components: main',
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
    '',
  ].join('\n');
}

/**
 * A kernel and initramfs hook: syslinux reads only the FAT boot partition, so after a kernel is
 * installed or removed, or an initramfs rebuilt, the newest kernel and its initramfs are copied
 * there (as a new file renamed over the old, so a full partition never leaves half a kernel).
 */
export const BOOT_PARTITION_HOOK = `#!/bin/sh
# Stratus: keeps the newest kernel and its initramfs on the boot partition syslinux reads.
set -e
boot=${GUEST_BOOT_MOUNT}
mountpoint -q "$boot" || exit 0
version=$(linux-version list | linux-version sort | tail -n 1)
[ -n "$version" ] && [ -e "/boot/initrd.img-$version" ] || exit 0
cp "/boot/vmlinuz-$version" "$boot/${BOOT_KERNEL}.new"
mv "$boot/${BOOT_KERNEL}.new" "$boot/${BOOT_KERNEL}"
cp "/boot/initrd.img-$version" "$boot/${BOOT_INITRAMFS}.new"
mv "$boot/${BOOT_INITRAMFS}.new" "$boot/${BOOT_INITRAMFS}"
`;

/**
 * SSH host keys where nothing made them: cloud-init makes the instance's own before sshd starts,
 * but without a datasource cloud-init does not run, and Debian's sshd refuses to start keyless.
 */
export const SSH_HOST_KEYS_UNIT = `[Unit]
Description=SSH host keys where cloud-init made none
After=cloud-init.service
Before=ssh.service

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=ssh.service
`;

export interface GuestSettings {
  suite: string;
  mirrors: DebianMirrors;
  rootUuid: string;
  bootVolumeId: string;
}

/**
 * Writes a file of the tree anew: a symlink in its place (resolv.conf may be one, to an absolute
 * path) is replaced, never followed out of the tree onto the build host.
 */
async function write(root: string, path: string, content: string, mode = 0o644): Promise<void> {
  const target = join(root, path);
  await mkdir(dirname(target), { recursive: true });
  await rm(target, { force: true });
  await writeFile(target, content);
  await chmod(target, mode);
}

/**
 * Makes the debootstrapped tree a cloud image: cloud-init's datasources, the file systems, apt's
 * sources, the boot partition's hook, and nothing of the build host or of one machine (host name,
 * resolver, machine id, SSH host keys, downloaded packages), which each instance makes anew.
 */
export async function configureGuest(root: string, settings: GuestSettings): Promise<void> {
  await write(root, 'etc/cloud/cloud.cfg.d/90_stratus.cfg', CLOUD_INIT_CONFIG);
  await write(root, 'etc/fstab', fstab(settings.rootUuid, settings.bootVolumeId));
  await mkdir(join(root, GUEST_BOOT_MOUNT), { recursive: true });
  await rm(join(root, 'etc/apt/sources.list'), { force: true });
  await write(
    root,
    'etc/apt/sources.list.d/debian.sources',
    aptSourcesFile(settings.suite, settings.mirrors),
  );
  // C.UTF-8 is built into the C library; cloud-init keeps a locale already set, generating none.
  await write(root, 'etc/default/locale', 'LANG=C.UTF-8\n');
  // initramfs-tools asks for zstd, which the image lacks, and warns at each kernel update; gzip it is.
  await write(root, 'etc/initramfs-tools/conf.d/compress', 'COMPRESS=gzip\n');

  await write(root, 'etc/kernel/postinst.d/zz-stratus-boot-partition', BOOT_PARTITION_HOOK, 0o755);
  await write(root, 'etc/kernel/postrm.d/zz-stratus-boot-partition', BOOT_PARTITION_HOOK, 0o755);
  await write(root, 'etc/initramfs/post-update.d/stratus-boot-partition', BOOT_PARTITION_HOOK, 0o755);

  await write(root, 'etc/systemd/system/ssh-host-keys.service', SSH_HOST_KEYS_UNIT);
  const wants = join(root, 'etc/systemd/system/ssh.service.wants');
  await mkdir(wants, { recursive: true });
  await symlink('../ssh-host-keys.service', join(wants, 'ssh-host-keys.service'));

  // Each instance's own: its name comes from cloud-init, its resolver from DHCP, and an empty
  // machine-id makes systemd generate one on the first boot.
  await write(root, 'etc/hostname', 'debian\n');
  await write(root, 'etc/resolv.conf', '');
  await write(root, 'etc/machine-id', '', 0o444);
  await rm(join(root, 'var/lib/dbus/machine-id'), { force: true });
  for (const name of await readdir(join(root, 'etc/ssh')))
    if (name.startsWith('ssh_host_')) await rm(join(root, 'etc/ssh', name));
  // The build's leftovers: debootstrap's copies of the packages and its log.
  const archives = join(root, 'var/cache/apt/archives');
  for (const name of await readdir(archives)) if (name.endsWith('.deb')) await rm(join(archives, name));
  await rm(join(root, 'var/log/bootstrap.log'), { force: true });
}
