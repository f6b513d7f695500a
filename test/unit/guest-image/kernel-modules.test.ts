import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatModulesDep,
  moduleLoadOrder,
  moduleName,
  parseModulesDep,
} from '../../../src/guest-image/kernel-modules.js';

// As depmod writes it for Debian's 6.1 kernel: every dependency, direct or not, of each module.
const sampleModulesDep = `kernel/drivers/virtio/virtio.ko:
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/virtio/virtio_pci_modern_dev.ko:
kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
kernel/net/core/failover.ko:
kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko
kernel/drivers/scsi/scsi_common.ko:
kernel/drivers/scsi/scsi_mod.ko: kernel/drivers/scsi/scsi_common.ko
kernel/drivers/cdrom/cdrom.ko:
kernel/drivers/scsi/sr_mod.ko: kernel/drivers/scsi/scsi_mod.ko kernel/drivers/cdrom/cdrom.ko kernel/drivers/scsi/scsi_common.ko
kernel/drivers/char/hw_random/virtio-rng.ko:
kernel/fs/isofs/isofs.ko:
`;

describe('kernel modules', () => {
  const dep = parseModulesDep(sampleModulesDep);

  test('virtio networking loads in the order seen working, each module after what it needs', () => {
    const order = moduleLoadOrder(
      ['virtio_ring', 'virtio', 'virtio_pci', 'failover', 'net_failover', 'virtio_net'],
      dep,
    );
    assert.deepEqual(order, [
      'kernel/drivers/virtio/virtio_ring.ko',
      'kernel/drivers/virtio/virtio.ko',
      'kernel/drivers/virtio/virtio_pci_legacy_dev.ko',
      'kernel/drivers/virtio/virtio_pci_modern_dev.ko',
      'kernel/drivers/virtio/virtio_pci.ko',
      'kernel/net/core/failover.ko',
      'kernel/drivers/net/net_failover.ko',
      'kernel/drivers/net/virtio_net.ko',
    ]);
  });

  test('a cdrom driver brings its dependencies first, each loaded once', () => {
    const order = moduleLoadOrder(['sr_mod', 'scsi_mod', 'isofs'], dep);
    assert.deepEqual(order, [
      'kernel/drivers/scsi/scsi_common.ko',
      'kernel/drivers/scsi/scsi_mod.ko',
      'kernel/drivers/cdrom/cdrom.ko',
      'kernel/drivers/scsi/sr_mod.ko',
      'kernel/fs/isofs/isofs.ko',
    ]);
  });

  test('module names fold dashes as the kernel does', () => {
    assert.equal(moduleName('kernel/drivers/char/hw_random/virtio-rng.ko'), 'virtio_rng');
    assert.deepEqual(moduleLoadOrder(['virtio-rng'], dep), ['kernel/drivers/char/hw_random/virtio-rng.ko']);
  });

  test('a module the kernel lacks is an error naming it', () => {
    assert.throws(() => moduleLoadOrder(['no_such_driver'], dep), /no module no_such_driver/);
  });

  test('a dependency loop is reported, not followed forever', () => {
    const loop = parseModulesDep('a.ko: b.ko\nb.ko: a.ko\n');
    assert.throws(() => moduleLoadOrder(['a'], loop), /loop/);
  });

  test('modules.dep written from direct dependencies lists all of them, last to load first', () => {
    const direct = new Map([
      ['kernel/drivers/scsi/sr_mod.ko', ['kernel/drivers/scsi/scsi_mod.ko', 'kernel/drivers/cdrom/cdrom.ko']],
      ['kernel/drivers/scsi/scsi_mod.ko', ['kernel/drivers/scsi/scsi_common.ko']],
      ['kernel/drivers/scsi/scsi_common.ko', []],
      ['kernel/drivers/cdrom/cdrom.ko', []],
    ]);
    const text = formatModulesDep(direct);
    assert.match(
      text,
      /^kernel\/drivers\/scsi\/sr_mod\.ko: kernel\/drivers\/cdrom\/cdrom\.ko kernel\/drivers\/scsi\/scsi_mod\.ko kernel\/drivers\/scsi\/scsi_common\.ko$/m,
    );
    assert.match(text, /^kernel\/drivers\/cdrom\/cdrom\.ko:$/m);
    // Read back, it gives a load order where each module follows everything it needs.
    const order = moduleLoadOrder(['sr_mod'], parseModulesDep(text));
    assert.deepEqual([...order].sort(), [...direct.keys()].sort());
    for (const [path, needs] of direct) {
      for (const need of needs)
        assert.ok(order.indexOf(need) < order.indexOf(path), `${need} before ${path}`);
    }
  });
});
