import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeCpioNewc } from './cpio-newc.js';
import { guestAccountFiles, LOGIN_UID, PAM_MODULES } from './guest-accounts.js';
import { GUEST_INIT_SCRIPT } from './guest-init-script.js';
import { MODULE_PARAMETERS } from './guest-modules.js';
import { guestSystemFiles } from './guest-system-files.js';
import { InitramfsTree } from './initramfs-tree.js';
import { formatModulesDep, moduleName, type ModulesDep } from './kernel-modules.js';

/** Where Debian's packages put the programs the guest runs, relative to their unpacked root. */
export const GUEST_PROGRAMS = {
  busybox: 'bin/busybox',
  dropbear: ['usr/sbin/dropbear', 'usr/bin/dropbearkey', 'usr/bin/dbclient'],
  sudo: 'usr/bin/sudo',
  sudoPlugin: 'usr/libexec/sudo/sudoers.so',
  pamModules: PAM_MODULES.map((module) => `lib/x86_64-linux-gnu/security/${module}`),
} as const;

export interface InitramfsInput {
  /** Where every package was unpacked. */
  unpackedRoot: string;
  kernelVersion: string;
  /** The modules to ship (modules.dep of them, paths under /lib/modules/<version>). */
  modules: ModulesDep;
  /** Their load order. */
  moduleLoadOrder: readonly string[];
  /** Every shared library the programs load, as host or unpacked paths. */
  libraries: readonly string[];
  /** busybox's applets as `busybox --list-full` prints them (usr/bin/awk, sbin/init...). */
  busyboxApplets: readonly string[];
  loginUser: string;
  loginPassword: string;
  /** crypt(3) text of the login password. */
  passwordHash: string;
}

/**
 * The guest's whole root filesystem as a gzip-compressed cpio archive. The guest runs from it
 * (no root disk filesystem), with /lib merged into /usr/lib as on Debian 12.
 */
export async function buildInitramfs(input: InitramfsInput): Promise<Buffer> {
  const tree = new InitramfsTree();
  const unpacked = (path: string) => join(input.unpackedRoot, path);
  for (const dir of ['/proc', '/sys', '/dev', '/run', '/mnt', '/etc/dropbear', '/var/log', '/usr/lib64']) {
    tree.directory(dir);
  }
  tree.directory('/tmp', 0o1777).directory('/root', 0o700);
  tree.symlink('/lib', 'usr/lib').symlink('/lib64', 'usr/lib64').symlink('/var/run', '../run');
  tree.charDevice('/dev/console', 0o600, 5, 1);
  // The home directory belongs to its user: dropbear refuses keys under a directory others own.
  const owner = { uid: LOGIN_UID, gid: LOGIN_UID };
  tree.directory(`/home/${input.loginUser}`, 0o755, owner);
  tree.file(`/home/${input.loginUser}/.profile`, '. /etc/profile\n', 0o644, owner);

  for (const applet of input.busyboxApplets) tree.symlink(`/${applet}`, '/bin/busybox');
  // After the links: busybox lists itself among its applets.
  tree.file('/bin/busybox', await readFile(unpacked(GUEST_PROGRAMS.busybox)), 0o755);
  tree.symlink('/init', '/bin/busybox');
  for (const program of GUEST_PROGRAMS.dropbear)
    tree.file(`/${program}`, await readFile(unpacked(program)), 0o755);
  tree.file(`/${GUEST_PROGRAMS.sudo}`, await readFile(unpacked(GUEST_PROGRAMS.sudo)), 0o4755);
  tree.file(`/${GUEST_PROGRAMS.sudoPlugin}`, await readFile(unpacked(GUEST_PROGRAMS.sudoPlugin)), 0o644);
  for (const module of GUEST_PROGRAMS.pamModules) {
    tree.file(mergedUsr(`/${module}`), await readFile(unpacked(module)), 0o644);
  }
  for (const library of input.libraries) {
    const inUnpacked = library.startsWith(`${input.unpackedRoot}/`);
    const guestPath = inUnpacked ? `/${relative(input.unpackedRoot, library)}` : library;
    // Executable as Debian ships them: the kernel runs ld-linux itself for every program.
    tree.file(mergedUsr(guestPath), await readFile(library), 0o755);
  }

  const moduleDir = `/usr/lib/modules/${input.kernelVersion}`;
  for (const path of input.modules.keys()) {
    tree.file(`${moduleDir}/${path}`, await readFile(unpacked(`lib/modules/${input.kernelVersion}/${path}`)));
  }
  tree.file(`${moduleDir}/modules.dep`, formatModulesDep(input.modules));
  const loadList = input.moduleLoadOrder.map((path) =>
    [path, MODULE_PARAMETERS[moduleName(path)] ?? ''].join(' ').trimEnd(),
  );
  tree.file('/etc/stratus-modules', `${loadList.join('\n')}\n`);

  const login = { user: input.loginUser, password: input.loginPassword };
  for (const file of [
    ...guestSystemFiles(login),
    ...guestAccountFiles(input.loginUser, input.passwordHash),
  ]) {
    tree.file(file.path, file.content, file.mode);
  }
  tree.file('/etc/init.d/rcS', GUEST_INIT_SCRIPT, 0o755);
  return gzipSync(writeCpioNewc(tree.entries()), { level: 9 });
}

/** Debian 12 merges /lib into /usr/lib; the guest does too (its /lib is a link). */
function mergedUsr(path: string): string {
  return path.replace(/^\/lib(64)?\//, '/usr/lib$1/');
}
