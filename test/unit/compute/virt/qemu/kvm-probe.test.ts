import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import {
  probeAccelerator,
  probeArgs,
  probeBootSector,
} from '../../../../../src/compute/virt/qemu/kvm-probe.js';
import type { CommandResult } from '../../../../../src/common/run-command.js';

const logger = pino({ level: 'silent' });

/** A runner that answers as QEMU would, recording its calls. */
function runner(result: Partial<CommandResult>) {
  const calls: { args: string[]; timeoutMs: number }[] = [];
  return {
    calls,
    run: async (args: string[], timeoutMs: number): Promise<CommandResult> => {
      calls.push({ args, timeoutMs });
      return { code: null, stdout: '', stderr: '', timedOut: false, ...result };
    },
  };
}

describe('KVM probe', () => {
  test('picks KVM when the probe guest exits through the debug-exit device', async () => {
    const { run, calls } = runner({ code: 3 });
    assert.equal(await probeAccelerator({ run, kvmDeviceUsable: async () => true, logger }, 5000), 'kvm');
    assert.equal(calls.length, 1);
    assert.equal(calls[0].timeoutMs, 5000);
    assert.deepEqual(calls[0].args.slice(0, 2), ['-accel', 'kvm']);
  });

  test('falls back to TCG when the probe guest hangs past the deadline', async () => {
    const { run } = runner({ code: null, timedOut: true });
    assert.equal(await probeAccelerator({ run, kvmDeviceUsable: async () => true, logger }, 100), 'tcg');
  });

  test('falls back to TCG when QEMU cannot use KVM', async () => {
    const { run } = runner({ code: 1, stderr: 'Could not access KVM kernel module' });
    assert.equal(await probeAccelerator({ run, kvmDeviceUsable: async () => true, logger }, 5000), 'tcg');
  });

  test('does not try KVM without a usable /dev/kvm', async () => {
    const { run, calls } = runner({ code: 3 });
    assert.equal(await probeAccelerator({ run, kvmDeviceUsable: async () => false, logger }, 5000), 'tcg');
    assert.equal(calls.length, 0);
  });

  test('the probe is a bootable sector that writes to the debug-exit port', () => {
    const sector = probeBootSector();
    assert.equal(sector.length, 512);
    assert.deepEqual([...sector.subarray(510)], [0x55, 0xaa]);
    assert.deepEqual([...sector.subarray(0, 4)], [0xb0, 0x01, 0xe6, 0xf4]);
    assert.ok(probeArgs('/tmp/p.img').includes('isa-debug-exit,iobase=0xf4,iosize=0x04'));
  });
});
