import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { configureGuest } from '../../../../src/guest-image/debian/guest-configuration.js';
import { rootfsKey } from '../../../../src/guest-image/debian/rootfs-cache.js';

describe('Debian guest configuration', () => {
  const root = mkdtempSync(join(tmpdir(), 'debian-guest-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  // What debootstrap leaves behind of the build host and of one machine.
  const seed: Record<string, string> = {
    'etc/hostname': 'build-host\n',
    'etc/machine-id': '7a428fc331584f1fa09b088fbf5079a9\n',
    'var/lib/dbus/machine-id': '7a428fc331584f1fa09b088fbf5079a9\n',
    'etc/ssh/ssh_host_ed25519_key': 'secret',
    'etc/ssh/ssh_host_ed25519_key.pub': 'public',
    'etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\n',
    'etc/apt/sources.list': 'deb http://deb.debian.org/debian bookworm main\n',
    'var/cache/apt/archives/sudo_1.9.13p3-1+deb12u1_amd64.deb': 'deb',
    'var/log/bootstrap.log': 'log',
  };
  for (const [path, content] of Object.entries(seed)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  // An absolute symlink means the build host's file, were it followed.
  const hostFile = join(mkdtempSync(join(tmpdir(), 'debian-guest-host-')), 'resolv.conf');
  writeFileSync(hostFile, 'nameserver 10.255.255.53\n');
  symlinkSync(hostFile, join(root, 'etc/resolv.conf'));
  after(() => rmSync(dirname(hostFile), { recursive: true, force: true }));

  test('the tree keeps nothing of the build host or of one machine', async () => {
    await configureGuest(root, {
      suite: 'bookworm',
      mirrors: { archive: 'http://mirror.example/debian', security: 'http://mirror.example/debian-security' },
      rootUuid: '4aa94d7a-9033-4f17-8aad-09de915c5594',
      bootVolumeId: '1a2b3c4d',
    });
    const read = (path: string) => readFileSync(join(root, path), 'utf8');
    assert.equal(read('etc/hostname'), 'debian\n');
    assert.equal(read('etc/resolv.conf'), '');
    assert.ok(!lstatSync(join(root, 'etc/resolv.conf')).isSymbolicLink());
    assert.equal(readFileSync(hostFile, 'utf8'), 'nameserver 10.255.255.53\n', "the host's file untouched");
    assert.equal(read('etc/machine-id'), '', 'empty: systemd makes one at the first boot');
    for (const gone of [
      'var/lib/dbus/machine-id',
      'etc/ssh/ssh_host_ed25519_key',
      'etc/ssh/ssh_host_ed25519_key.pub',
      'etc/apt/sources.list',
      'var/cache/apt/archives/sudo_1.9.13p3-1+deb12u1_amd64.deb',
      'var/log/bootstrap.log',
    ])
      assert.ok(!existsSync(join(root, gone)), gone);
    assert.ok(existsSync(join(root, 'etc/ssh/sshd_config')));
  });

  test('cloud-init looks for the config drive, then the metadata service', () => {
    const config = readFileSync(join(root, 'etc/cloud/cloud.cfg.d/90_stratus.cfg'), 'utf8');
    assert.match(config, /^datasource_list: \[ ConfigDrive, OpenStack, None \]$/m);
    assert.match(config, /^manage_etc_hosts: true$/m);
  });

  test("apt has the release, its updates and its security updates from the build's mirrors", () => {
    const sources = readFileSync(join(root, 'etc/apt/sources.list.d/debian.sources'), 'utf8');
    assert.match(sources, /URIs: http:\/\/mirror\.example\/debian\nSuites: bookworm bookworm-updates\n/);
    assert.match(sources, /URIs: http:\/\/mirror\.example\/debian-security\nSuites: bookworm-security\n/);
  });

  test('kernel updates reach the boot partition; sshd gets host keys even without cloud-init', () => {
    for (const hook of [
      'etc/kernel/postinst.d/zz-stratus-boot-partition',
      'etc/kernel/postrm.d/zz-stratus-boot-partition',
      'etc/initramfs/post-update.d/stratus-boot-partition',
    ])
      assert.equal(statSync(join(root, hook)).mode & 0o777, 0o755, hook);
    assert.ok(existsSync(join(root, 'boot/syslinux')));
    assert.equal(
      readlinkSync(join(root, 'etc/systemd/system/ssh.service.wants/ssh-host-keys.service')),
      '../ssh-host-keys.service',
    );
  });
});

describe('debootstrapped tree cache key', () => {
  const recipe = { suite: 'bookworm', mirror: 'http://m/debian', packages: ['a', 'b'], release: 'Date: 1' };

  test('the same packages in any order from the same release share a tree', () => {
    assert.equal(rootfsKey(recipe), rootfsKey({ ...recipe, packages: ['b', 'a'] }));
    assert.match(rootfsKey(recipe), /^[0-9a-f]{16}$/);
  });

  test('a new point release, package or mirror makes a new tree', () => {
    assert.notEqual(rootfsKey(recipe), rootfsKey({ ...recipe, release: 'Date: 2' }));
    assert.notEqual(rootfsKey(recipe), rootfsKey({ ...recipe, packages: ['a', 'b', 'c'] }));
    assert.notEqual(rootfsKey(recipe), rootfsKey({ ...recipe, mirror: 'http://n/debian' }));
  });
});
