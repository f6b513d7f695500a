import type { GuestFile } from './guest-system-files.js';

/** The login user's numeric ids (cirros's too): the first ordinary user of a Debian system. */
export const LOGIN_UID = 1000;

/**
 * The guest's accounts: root (no password: console root login is refused) and the login user
 * with `passwordHash` (crypt(3) text), allowed every command through sudo without a password,
 * as cirros's user is. sudo goes through PAM: no password is ever accepted (pam_deny), the
 * rest says yes (pam_permit), so who may do what is sudoers' business alone.
 */
export function guestAccountFiles(loginUser: string, passwordHash: string): GuestFile[] {
  const id = LOGIN_UID;
  return [
    {
      path: '/etc/passwd',
      content: `root:x:0:0:root:/root:/bin/sh\n${loginUser}:x:${id}:${id}:${loginUser}:/home/${loginUser}:/bin/sh\n`,
      mode: 0o644,
    },
    {
      path: '/etc/group',
      content: `root:x:0:\ntty:x:5:\nsudo:x:27:${loginUser}\n${loginUser}:x:${id}:\n`,
      mode: 0o644,
    },
    {
      path: '/etc/shadow',
      content: `root:*:19000:0:99999:7:::\n${loginUser}:${passwordHash}:19000:0:99999:7:::\n`,
      mode: 0o600,
    },
    {
      path: '/etc/sudoers',
      // Debian's secure_path: an SSH session's PATH has no /sbin, where busybox's mke2fs and
      // the other administration tools are, and `sudo mke2fs` must find them.
      content:
        'Defaults !lecture, !fqdn\n' +
        'Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n' +
        'root ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) NOPASSWD: ALL\n',
      mode: 0o440,
    },
    { path: '/etc/pam.d/sudo', content: pamForSudo, mode: 0o644 },
  ];
}

/** The PAM modules the guest needs (from Debian's libpam-modules). */
export const PAM_MODULES = ['pam_deny.so', 'pam_permit.so'];

const pamForSudo = `auth required pam_deny.so
account required pam_permit.so
password required pam_permit.so
session required pam_permit.so
`;
