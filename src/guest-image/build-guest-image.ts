import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildBootDisk } from './boot-disk.js';
import { fetchDebianPackages, resolveKernelPackage, unpackDebianPackage } from './debian-packages.js';
import { GUEST_MODULES } from './guest-modules.js';
import { buildInitramfs, GUEST_PROGRAMS } from './initramfs.js';
import { indexKernelModules, moduleLoadOrder } from './kernel-modules.js';
import { runCommand } from './run-command.js';
import { sharedLibraryClosure } from './shared-libraries.js';
import { guestImageProperties } from './image-properties.js';

export interface GuestImageOptions {
  /** Where the qcow2 image is written (replaced if there). */
  output: string;
  /** Where downloaded .deb files are kept between builds. */
  cacheDir: string;
  /** Parent of the build's scratch directory (removed at the end); the OS temp dir by default. */
  scratchDir?: string;
  /** The login user, cirros's convention by default: `cirros`, password `gocubsgo`, sudo for root. */
  loginUser?: string;
  loginPassword?: string;
  /** The Debian meta-package naming the kernel to boot. */
  kernelPackage?: string;
  /** The disk's virtual size; the guest runs from memory, so only the kernel and initramfs use it. */
  diskSizeMiB?: number;
  /** syslinux's MBR boot code. */
  mbrBin?: string;
  logger?: { info(message: string): void };
}

export interface GuestImage {
  path: string;
  format: 'qcow2';
  /** Glance image properties to register the image with. */
  properties: Record<string, string>;
  /** The file's size. */
  sizeBytes: number;
  /** The disk the guest sees. */
  virtualSizeBytes: number;
  /** The least memory it boots in (the kernel and the unpacked initramfs live in RAM). */
  minRamMb: number;
  /** The Debian packages it is made of, name to version. */
  packages: Record<string, string>;
}

const basePackages = ['busybox-static', 'dropbear-bin', 'sudo', 'libpam-modules'];

/**
 * Builds a small BIOS-bootable guest disk, like cirros, from Debian's packages: the distribution
 * kernel, busybox, dropbear and sudo, with an init that reads the config drive or the metadata
 * service (see guest-init-script.ts). Needs apt (Debian's mirror or a cached download), dpkg-deb,
 * ldd, mkfs.fat, mtools, syslinux and qemu-img; no root.
 */
export async function buildGuestImage(options: GuestImageOptions): Promise<GuestImage> {
  const log = (message: string) => options.logger?.info(message);
  const loginUser = options.loginUser ?? 'cirros';
  const loginPassword = options.loginPassword ?? 'gocubsgo';
  const diskSizeMiB = options.diskSizeMiB ?? 64;
  const scratch = await mkdtemp(join(options.scratchDir ?? tmpdir(), 'stratus-guest-image-'));
  try {
    const kernelPackage = await resolveKernelPackage(options.kernelPackage ?? 'linux-image-amd64');
    log(`fetching ${kernelPackage} ${basePackages.join(' ')}`);
    const packages = await fetchDebianPackages([kernelPackage, ...basePackages], options.cacheDir);
    const root = join(scratch, 'root');
    for (const { debPath } of packages) await unpackDebianPackage(debPath, root);

    const kernelVersion = (await readdir(join(root, 'lib/modules')))[0];
    if (kernelVersion === undefined) throw new Error(`${kernelPackage} holds no /lib/modules`);
    const moduleDir = join(root, 'lib/modules', kernelVersion);
    const modules = await indexKernelModules(moduleDir, GUEST_MODULES);
    const loadOrder = moduleLoadOrder(GUEST_MODULES, modules);

    const busybox = join(root, GUEST_PROGRAMS.busybox);
    const applets = (await runCommand([busybox, '--list-full'])).stdout
      .split('\n')
      .filter((line) => line !== '');
    const passwordHash = (
      await runCommand([busybox, 'mkpasswd', '-m', 'sha512', loginPassword])
    ).stdout.trim();
    const elfFiles = [
      ...GUEST_PROGRAMS.dropbear,
      GUEST_PROGRAMS.sudo,
      GUEST_PROGRAMS.sudoPlugin,
      ...GUEST_PROGRAMS.pamModules,
    ];
    const libraries = await sharedLibraryClosure(
      elfFiles.map((file) => join(root, file)),
      [join(root, 'usr/libexec/sudo')],
    );

    log(`making the initramfs (kernel ${kernelVersion}, ${loadOrder.length} modules)`);
    const initramfs = join(scratch, 'initrd.gz');
    await writeFile(
      initramfs,
      await buildInitramfs({
        unpackedRoot: root,
        kernelVersion,
        modules,
        moduleLoadOrder: loadOrder,
        libraries,
        busyboxApplets: applets,
        loginUser,
        loginPassword,
        passwordHash,
      }),
    );

    log(`making the boot disk ${options.output}`);
    await mkdir(dirname(options.output), { recursive: true });
    await rm(options.output, { force: true });
    await buildBootDisk({
      kernel: join(root, 'boot', `vmlinuz-${kernelVersion}`),
      initramfs,
      mbrBin: options.mbrBin ?? '/usr/lib/syslinux/mbr/mbr.bin',
      sizeMiB: diskSizeMiB,
      workDir: scratch,
      output: options.output,
    });
    const kernel = packages[0];
    return {
      path: options.output,
      format: 'qcow2',
      properties: guestImageProperties({
        adminUser: loginUser,
        distro: 'stratus-guest',
        version: kernel.version,
      }),
      sizeBytes: (await stat(options.output)).size,
      virtualSizeBytes: diskSizeMiB * 1024 * 1024,
      minRamMb: 128,
      packages: Object.fromEntries(packages.map((p) => [p.name, p.version])),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
