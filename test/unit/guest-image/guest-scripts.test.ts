import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { guestAccountFiles } from '../../../src/guest-image/guest-accounts.js';
import { GUEST_INIT_SCRIPT, GUEST_MARKERS } from '../../../src/guest-image/guest-init-script.js';
import { guestSystemFiles } from '../../../src/guest-image/guest-system-files.js';

const busyboxMissing = spawnSync('busybox', ['true']).error ? 'busybox is not installed' : false;

describe('the guest scripts', () => {
  const files = guestSystemFiles({ user: 'cirros', password: 'gocubsgo' });
  const scripts = [
    { path: '/etc/init.d/rcS', content: GUEST_INIT_SCRIPT },
    ...files.filter((file) => file.content.startsWith('#!')),
  ];

  for (const script of scripts) {
    test(`${script.path} is valid busybox sh`, { skip: busyboxMissing }, () => {
      const result = spawnSync('busybox', ['sh', '-n'], { input: script.content, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
    });
  }

  test('the init prints every marker callers wait for', () => {
    for (const marker of Object.values(GUEST_MARKERS)) {
      const words = marker.replace('stratus-init: ', '');
      assert.ok(GUEST_INIT_SCRIPT.includes(`log "${words}`), marker);
    }
  });

  test('busybox init runs the boot script, then a login on the serial port', () => {
    const inittab = files.find((file) => file.path === '/etc/inittab')?.content ?? '';
    assert.match(inittab, /^::sysinit:\/etc\/init\.d\/rcS$/m);
    assert.match(inittab, /^ttyS0::respawn:\/sbin\/getty -L 115200 ttyS0/m);
  });

  test('the login user may run anything through sudo without a password; no password is ever taken', () => {
    const accounts = guestAccountFiles('cirros', '$6$salt$hash');
    const byPath = new Map(accounts.map((file) => [file.path, file]));
    assert.match(
      byPath.get('/etc/passwd')?.content ?? '',
      /^cirros:x:1000:1000:cirros:\/home\/cirros:\/bin\/sh$/m,
    );
    assert.match(byPath.get('/etc/group')?.content ?? '', /^sudo:x:27:cirros$/m);
    assert.match(byPath.get('/etc/sudoers')?.content ?? '', /^%sudo ALL=\(ALL:ALL\) NOPASSWD: ALL$/m);
    assert.equal(byPath.get('/etc/sudoers')?.mode, 0o440);
    assert.equal(byPath.get('/etc/shadow')?.mode, 0o600);
    assert.match(byPath.get('/etc/pam.d/sudo')?.content ?? '', /^auth required pam_deny\.so$/m);
  });
});
