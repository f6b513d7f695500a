import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { writeCpioNewc } from '../../../src/guest-image/cpio-newc.js';
import { InitramfsTree } from '../../../src/guest-image/initramfs-tree.js';

const cpioMissing = spawnSync('cpio', ['--version']).error ? 'cpio is not installed' : false;

describe('initramfs archive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpio-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const tree = new InitramfsTree()
    .file('/usr/bin/sudo', 'ELF...', 0o4755)
    .file('/etc/hostname', 'guest\n')
    .file('/home/cirros/.profile', 'x', 0o644, { uid: 1000, gid: 1000 })
    .symlink('/bin/sh', '/bin/busybox')
    .charDevice('/dev/console', 0o600, 5, 1);
  const archive = writeCpioNewc(tree.entries());

  test('every member is 4-byte aligned and the archive ends with the trailer', () => {
    assert.equal(archive.length % 4, 0);
    assert.equal(archive.subarray(0, 6).toString(), '070701');
    assert.ok(archive.includes(Buffer.from('TRAILER!!!\0')));
  });

  test('parent directories come before what they hold', () => {
    const paths = tree.entries().map((entry) => entry.path);
    assert.ok(paths.indexOf('/usr') < paths.indexOf('/usr/bin'));
    assert.ok(paths.indexOf('/usr/bin') < paths.indexOf('/usr/bin/sudo'));
    assert.ok(paths.indexOf('/home/cirros') < paths.indexOf('/home/cirros/.profile'));
  });

  test(
    'GNU cpio reads back contents, links, setuid modes and owners given without root',
    { skip: cpioMissing },
    () => {
      const listing = spawnSync('cpio', ['-tvn', '--quiet'], { input: archive, encoding: 'utf8' });
      assert.equal(listing.status, 0, listing.stderr);
      assert.match(listing.stdout, /^-rwsr-xr-x\s+1 0\s+0\s+6 .* usr\/bin\/sudo$/m);
      assert.match(listing.stdout, /^-rw-r--r--\s+1 1000\s+1000\s+1 .* home\/cirros\/\.profile$/m);
      assert.match(listing.stdout, /^crw-------\s+1 0\s+0\s+5,\s+1 .* dev\/console$/m);
      const extract = spawnSync('cpio', ['-id', '--quiet', '--no-absolute-filenames'], {
        input: archive,
        cwd: dir,
        encoding: 'utf8',
      });
      // Making /dev/console needs root; everything else must be there either way.
      assert.equal(readFileSync(join(dir, 'etc/hostname'), 'utf8'), 'guest\n');
      assert.equal(readlinkSync(join(dir, 'bin/sh')), '/bin/busybox');
      assert.ok(statSync(join(dir, 'usr/bin')).isDirectory(), extract.stderr);
    },
  );
});
