import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface GuestBoot {
  image: string;
  /** Where the serial log is written. */
  dir: string;
  /** The `-netdev user,...` options after `user,id=net0`. */
  userNet: string;
  cdrom?: string;
  /** The guest's memory; 256 MiB, enough for the small image, by default. */
  memoryMb?: number;
  /** The NIC's MAC address; QEMU's own (52:54:00:12:34:56 for the first NIC) by default. */
  mac?: string;
}

/** One guest under bare QEMU (TCG, user-mode network), for the guest image's own tests. */
export class QemuGuest {
  private constructor(
    private readonly process: ChildProcess,
    readonly serialLog: string,
    readonly startedAt: number,
  ) {}

  static boot(boot: GuestBoot): QemuGuest {
    const serialLog = join(boot.dir, `serial-${Date.now()}.log`);
    const argv = [
      '-accel',
      'tcg',
      '-m',
      String(boot.memoryMb ?? 256),
      '-display',
      'none',
      '-serial',
      `file:${serialLog}`,
      // snapshot=on: the built image stays as built for the next test.
      '-drive',
      `file=${boot.image},if=virtio,snapshot=on`,
      '-netdev',
      `user,id=net0,${boot.userNet}`,
      '-device',
      `virtio-net-pci,netdev=net0${boot.mac ? `,mac=${boot.mac}` : ''}`,
      ...(boot.cdrom ? ['-cdrom', boot.cdrom] : []),
    ];
    const child = spawn('qemu-system-x86_64', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    return new QemuGuest(child, serialLog, performance.now());
  }

  console(): string {
    try {
      return readFileSync(this.serialLog, 'utf8');
    } catch {
      return '';
    }
  }

  /** Milliseconds from boot until `text` is on the serial console; throws with the log after `timeoutMs`. */
  async waitForConsole(text: string, timeoutMs: number): Promise<number> {
    while (performance.now() - this.startedAt < timeoutMs) {
      if (this.console().includes(text)) return performance.now() - this.startedAt;
      if (this.process.exitCode !== null) break;
      await sleep(250);
    }
    throw new Error(`no "${text}" on the console after ${timeoutMs} ms:\n${this.console().slice(-3000)}`);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGKILL');
    await exited;
  }
}

/** Runs a command on the guest over SSH with `key`, as the login user. */
export function sshToGuest(key: string, port: number, user: string, command: string): string {
  const result = spawnSync(
    'ssh',
    [
      '-i',
      key,
      '-p',
      String(port),
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=20',
      '-o',
      'LogLevel=ERROR',
      `${user}@127.0.0.1`,
      command,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (result.status !== 0) throw new Error(`ssh ${command} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
