import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kernelPackageFromDepends } from '../../../src/guest-image/debian-packages.js';
import { parseLddOutput } from '../../../src/guest-image/shared-libraries.js';

describe('debian packages and libraries', () => {
  test('the meta-package names the versioned kernel', () => {
    const output = 'linux-image-amd64\n  Depends: linux-image-6.1.0-56-amd64\n';
    assert.equal(kernelPackageFromDepends(output), 'linux-image-6.1.0-56-amd64');
    assert.throws(() => kernelPackageFromDepends('linux-image-amd64\n'), /no versioned kernel/);
  });

  test('ldd output gives the libraries and the loader, not the vdso', () => {
    const report = parseLddOutput(`\tlinux-vdso.so.1 (0x00007ffd)
\tlibtomcrypt.so.1 => /lib/x86_64-linux-gnu/libtomcrypt.so.1 (0x00007f44e1065000)
\tlibsudo_util.so.0 => /tmp/root/usr/libexec/sudo/libsudo_util.so.0 (0x00007fc3267ca000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f44e0e0a000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f44e1186000)
`);
    assert.deepEqual(report.found, [
      '/lib/x86_64-linux-gnu/libtomcrypt.so.1',
      '/tmp/root/usr/libexec/sudo/libsudo_util.so.0',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
    assert.deepEqual(report.missing, []);
  });

  test('a library ldd cannot find is reported by name', () => {
    assert.deepEqual(parseLddOutput('\tlibgone.so.2 => not found\n').missing, ['libgone.so.2']);
  });
});
