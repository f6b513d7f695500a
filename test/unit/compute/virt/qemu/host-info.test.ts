import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeQemuVersion, parseCpuInfo } from '../../../../../src/compute/virt/qemu/host-info.js';
import { powerStateOf } from '../../../../../src/compute/virt/qemu/running-guest.js';
import { PowerState } from '../../../../../src/compute/virt/power-state.js';

const cpu = (id: number, core: number) => `processor\t: ${id}
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz
physical id\t: 0
core id\t\t: ${core}
cpu cores\t: 2
flags\t\t: fpu vme sse2 vmx
`;

describe('host facts', () => {
  test('encodes the QEMU version as Nova does', () => {
    assert.equal(
      encodeQemuVersion('QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n'),
      7_002_022,
    );
    assert.equal(encodeQemuVersion('QEMU emulator version 8.1.0\n'), 8_001_000);
  });

  test('reads vendor, model, flags and topology from /proc/cpuinfo', () => {
    const info = parseCpuInfo([cpu(0, 0), cpu(1, 0), cpu(2, 1), cpu(3, 1)].join('\n'), 'x86_64');
    assert.equal(info.vendor, 'Intel');
    assert.equal(info.model, 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz');
    assert.deepEqual(info.features, ['fpu', 'vme', 'sse2', 'vmx']);
    assert.deepEqual(info.topology, { sockets: 1, cores: 2, threads: 2 });
  });

  test('maps QEMU run states to Nova power states', () => {
    assert.equal(powerStateOf('running'), PowerState.RUNNING);
    assert.equal(powerStateOf('paused'), PowerState.PAUSED);
    assert.equal(powerStateOf('guest-panicked'), PowerState.CRASHED);
    assert.equal(powerStateOf('shutdown'), PowerState.SHUTDOWN);
  });
});
