import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LvmCommands } from '../../../../src/block-storage/drivers/lvm/lvm-tool.js';

/** LVM's commands as run, answered with canned reports; the real ones run in test/e2e/block-storage. */
function recordingLvm(reports: Record<string, unknown> = {}) {
  const commands: string[] = [];
  const lvm = new LvmCommands('vg0', async (file, args) => {
    commands.push([file, ...args].join(' '));
    const report = reports[args[0]];
    return report === undefined ? '' : JSON.stringify({ report: [report] });
  });
  return { lvm, commands };
}

test('thick and thin volumes, snapshots and extends are made by the LVM commands Cinder uses', async () => {
  const { lvm, commands } = recordingLvm();
  await lvm.create('volume-a', 2 * 1024 ** 3, null);
  await lvm.create('volume-b', 1024 ** 3, 'pool');
  await lvm.snapshot('_snapshot-s', 'volume-a', 2 * 1024 ** 3);
  await lvm.snapshot('_snapshot-t', 'volume-b', null);
  await lvm.extend('volume-a', 3 * 1024 ** 3);
  await lvm.createPool('pool');
  assert.deepEqual(commands, [
    'lvm lvcreate -y -Wy -n volume-a -L 2147483648b vg0',
    'lvm lvcreate -y -Wy -n volume-b -V 1073741824b --thinpool pool vg0',
    'lvm lvcreate -y -s -L 2147483648b -n _snapshot-s vg0/volume-a',
    'lvm lvcreate -y -s -kn -n _snapshot-t vg0/volume-b',
    'lvm lvextend -L 3221225472b vg0/volume-a',
    'lvm lvcreate -y --type thin-pool -l 95%FREE -n pool vg0',
  ]);
});

test('a thick LV is zeroed before it is removed; a thin one is just removed', async () => {
  const { lvm, commands } = recordingLvm();
  await lvm.remove('volume-a', true);
  await lvm.remove('volume-b', false);
  assert.deepEqual(commands, [
    'blkdiscard -z /dev/vg0/volume-a',
    'lvm lvremove -f vg0/volume-a',
    'lvm lvremove -f vg0/volume-b',
  ]);
});

test('the reports give sizes in bytes, leaving the thin pool and hidden LVs out of the list', async () => {
  const { lvm } = recordingLvm({
    vgs: { vg: [{ vg_size: '4290772992', vg_free: '1073741824' }] },
    lvs: {
      lv: [
        { lv_name: 'pool', lv_size: '3221225472', lv_attr: 'twi-aotz--', data_percent: '25.00' },
        { lv_name: '[pool_tmeta]', lv_size: '4194304', lv_attr: 'ewi-ao----', data_percent: '' },
        { lv_name: 'volume-a', lv_size: '1073741824', lv_attr: 'Vwi-a-tz--', data_percent: '50.00' },
      ],
    },
  });
  assert.deepEqual(await lvm.groupSpace(), { sizeBytes: 4290772992, freeBytes: 1073741824 });
  assert.deepEqual(await lvm.list(), [{ name: 'volume-a', sizeBytes: 1073741824 }]);
  assert.deepEqual(await lvm.poolSpace('pool'), { sizeBytes: 3221225472, freeBytes: 2415919104 });
  assert.equal(await lvm.poolSpace('other'), null);
});
