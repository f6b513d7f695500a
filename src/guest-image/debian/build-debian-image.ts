import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { GuestImage } from '../build-guest-image.js';
import { hostDebianMirrors, type DebianMirrors } from './apt-mirrors.js';
import { buildDebianDisk } from './debian-disk.js';
import { DEBIAN_IMAGE_PACKAGES, debootstrap, installedPackages, unmountInside } from './debootstrap.js';
import { configureGuest } from './guest-configuration.js';
import { mirrorRelease, restoreRootfs, rootfsKey, saveRootfs } from './rootfs-cache.js';
import { guestImageProperties } from '../image-properties.js';

/** Debian 12, the release Stratus's own host runs. */
const SUITE = 'bookworm';
const VERSION = '12';

export interface DebianImageOptions {
  /** Where the qcow2 image is written (replaced if there). */
  output: string;
  /**
   * Kept between builds: debootstrap's downloads, and the tree it made, reused while the mirror's
   * release and the package list are the same.
   */
  cacheDir: string;
  /** Parent of the build's scratch directory (removed at the end); the OS temp dir by default. */
  scratchDir?: string;
  /** The mirrors to build from and to point the guest's apt at; this machine's apt's by default. */
  mirrors?: DebianMirrors;
  /** The kernel: the cloud flavour, which has virtio, IDE (the config drive) and ISO 9660 in little room. */
  kernelPackage?: string;
  /** The disk's virtual size; cloud-init grows the root partition to a larger flavor's disk. */
  diskSizeMiB?: number;
  /** syslinux's MBR boot code. */
  mbrBin?: string;
  logger?: { info(message: string): void };
}

/** Refuses at once, before any work, when the build cannot run here. */
function requireRoot(): void {
  if (process.getuid?.() !== 0)
    throw new Error(
      'building the Debian image needs root: debootstrap chroots into the new system, makes its ' +
        'device nodes and mounts /proc there while it configures the packages',
    );
}

/** The version of the one kernel in the tree's /boot. */
async function kernelVersionIn(root: string): Promise<string> {
  const kernels = (await readdir(join(root, 'boot'))).filter((name) => name.startsWith('vmlinuz-'));
  if (kernels.length !== 1)
    throw new Error(`expected one kernel in /boot, found: ${kernels.join(' ') || 'none'}`);
  return kernels[0].slice('vmlinuz-'.length);
}

/**
 * Builds a Debian 12 cloud image as Debian's own are: debootstrap from Debian's packages (systemd,
 * the cloud kernel, cloud-init, OpenSSH, sudo), cloud-init reading the config drive or the
 * OpenStack metadata service, the user `debian` made by cloud-init with the instance's keys, the
 * console on the serial port. Booted by syslinux from a FAT partition; root on ext4. Needs root,
 * debootstrap, mkfs.ext4, mkfs.fat, mtools, syslinux and qemu-img; mounts nothing of its own.
 */
export async function buildDebianImage(options: DebianImageOptions): Promise<GuestImage> {
  requireRoot();
  const log = (message: string) => options.logger?.info(message);
  const diskSizeMiB = options.diskSizeMiB ?? 2048;
  const mirrors = options.mirrors ?? (await hostDebianMirrors(SUITE));
  const packages = [options.kernelPackage ?? 'linux-image-cloud-amd64', ...DEBIAN_IMAGE_PACKAGES];
  const scratch = await mkdtemp(join(options.scratchDir ?? tmpdir(), 'stratus-debian-image-'));
  const root = join(scratch, 'root');
  try {
    const cacheDir = resolve(options.cacheDir);
    const release = await mirrorRelease(mirrors.archive, SUITE);
    const key = rootfsKey({ suite: SUITE, mirror: mirrors.archive, packages, release });
    if (await restoreRootfs(cacheDir, key, root)) {
      log(`unpacked the cached ${SUITE} tree ${key} (the same packages from the same release)`);
    } else {
      log(`debootstrap ${SUITE} from ${mirrors.archive} with ${packages.join(' ')}`);
      const debs = join(cacheDir, 'debs');
      await debootstrap({ suite: SUITE, mirror: mirrors.archive, root, cacheDir: debs, packages });
      await saveRootfs(cacheDir, key, root);
    }
    const rootUuid = randomUUID();
    const bootVolumeId = randomBytes(4).toString('hex');
    await configureGuest(root, { suite: SUITE, mirrors, rootUuid, bootVolumeId });
    const kernelVersion = await kernelVersionIn(root);

    log(`making the disk ${options.output} (kernel ${kernelVersion}, ${diskSizeMiB} MiB)`);
    await mkdir(dirname(options.output), { recursive: true });
    await rm(options.output, { force: true });
    await buildDebianDisk({
      rootDir: root,
      kernel: join(root, 'boot', `vmlinuz-${kernelVersion}`),
      initramfs: join(root, 'boot', `initrd.img-${kernelVersion}`),
      rootUuid,
      bootVolumeId,
      mbrBin: options.mbrBin ?? '/usr/lib/syslinux/mbr/mbr.bin',
      sizeMiB: diskSizeMiB,
      workDir: scratch,
      output: options.output,
    });
    return {
      path: options.output,
      format: 'qcow2',
      properties: guestImageProperties({ adminUser: 'debian', distro: 'debian', version: VERSION }),
      sizeBytes: (await stat(options.output)).size,
      virtualSizeBytes: diskSizeMiB * 1024 * 1024,
      minRamMb: 256,
      packages: await installedPackages(root),
    };
  } finally {
    await unmountInside(scratch);
    await rm(scratch, { recursive: true, force: true });
  }
}
