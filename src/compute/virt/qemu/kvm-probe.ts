import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../common/logging.js';
import type { CommandResult } from '../../../common/run-command.js';

/** The accelerator guests run under: hardware virtualisation or QEMU's own translator. */
export type Accelerator = 'kvm' | 'tcg';

/** The port of the `isa-debug-exit` device the probe guest writes to. */
const debugExitPort = 0xf4;

/** `isa-debug-exit` makes QEMU exit with (value << 1) | 1: the probe writes 1, so 3 means it ran. */
const probeExitCode = 3;

/**
 * A 512-byte boot sector that does `mov al, 1; out 0xf4, al` and then halts: booted by SeaBIOS,
 * it makes QEMU exit at once through the debug-exit device, proving guests really run.
 */
export function probeBootSector(): Buffer {
  const sector = Buffer.alloc(512);
  Buffer.from([0xb0, 0x01, 0xe6, debugExitPort, 0xf4, 0xeb, 0xfd]).copy(sector);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

/** The command line that boots the probe sector under KVM. */
export function probeArgs(imagePath: string): string[] {
  return [
    ...['-accel', 'kvm', '-machine', 'pc', '-m', '16', '-nodefaults', '-no-user-config', '-display', 'none'],
    ...['-drive', `file=${imagePath},format=raw,if=ide`],
    ...['-device', `isa-debug-exit,iobase=0x${debugExitPort.toString(16)},iosize=0x04`],
  ];
}

export interface KvmProbeDeps {
  /** Runs QEMU with these arguments, killing it after `timeoutMs`. */
  run(args: string[], timeoutMs: number): Promise<CommandResult>;
  /** Whether /dev/kvm can be opened for reading and writing. */
  kvmDeviceUsable(): Promise<boolean>;
  logger: Logger;
}

/**
 * Picks KVM when a tiny guest boots under it within `deadlineMs`, else TCG. Nested KVM often
 * exists but hangs or crawls at boot, so the device being there is not enough: a guest must
 * really run to its first instruction and out again, in time.
 */
export async function probeAccelerator(deps: KvmProbeDeps, deadlineMs: number): Promise<Accelerator> {
  if (!(await deps.kvmDeviceUsable())) {
    deps.logger.info('/dev/kvm is not usable; guests run under TCG (emulation)');
    return 'tcg';
  }
  const dir = await mkdtemp(join(tmpdir(), 'stratus-kvm-probe-'));
  try {
    const image = join(dir, 'probe.img');
    await writeFile(image, probeBootSector());
    const result = await deps.run(probeArgs(image), deadlineMs);
    if (result.code === probeExitCode) {
      deps.logger.info('KVM probe guest ran; guests run under KVM');
      return 'kvm';
    }
    const why = result.timedOut ? `did not finish within ${deadlineMs} ms` : `exited with ${result.code}`;
    deps.logger.warn({ stderr: result.stderr.trim() }, `KVM probe guest ${why}; guests run under TCG`);
    return 'tcg';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether this process may open /dev/kvm. */
export async function kvmDeviceUsable(): Promise<boolean> {
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
