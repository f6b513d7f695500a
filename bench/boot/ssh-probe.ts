import { execFile } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How often a new connection attempt starts: the resolution of the figures. */
const PROBE_INTERVAL_MS = 100;
/**
 * How long one attempt waits for the SSH banner. Attempts overlap: a SYN sent before the guest
 * listens is retried by the kernel only after a second, so it is the next attempt that finds the
 * server within a probe interval.
 */
const PROBE_TIMEOUT_MS = 2000;

/** Where a guest's SSH server is reached from this machine. */
export interface SshTarget {
  host: string;
  port: number;
}

/** When (performance.now()) the guest's SSH server first greeted us, and when `ssh ... true` first ran. */
export interface SshReady {
  bannerAt: number;
  sshAt: number;
}

/**
 * Waits until `ssh` runs `true` in the guest as cirros with `keyFile`. A TCP connection is tried
 * every 100 ms until the server's banner (`SSH-2.0-...`) comes back, which costs the guest next to
 * nothing; only then does the `ssh` client run (each key exchange costs the guest's emulated CPU,
 * so one every 100 ms would slow the boot it measures), again every 100 ms until it works.
 */
export async function waitForSsh(
  target: SshTarget,
  keyFile: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<SshReady> {
  const deadline = performance.now() + timeoutMs;
  const bannerAt = await firstBanner(target, deadline, signal);
  for (;;) {
    try {
      await run('ssh', sshArguments(target, keyFile, 'true'), { timeout: 60_000, signal });
      return { bannerAt, sshAt: performance.now() };
    } catch (error) {
      if (signal?.aborted || performance.now() > deadline) {
        throw new Error(`ssh to ${target.host}:${target.port} failed`, { cause: error });
      }
      await sleep(PROBE_INTERVAL_MS);
    }
  }
}

/** What `command` prints in the guest, by one `ssh` (the guest must answer already). */
export async function sshOutput(target: SshTarget, keyFile: string, command: string): Promise<string> {
  return (await run('ssh', sshArguments(target, keyFile, command), { timeout: 60_000 })).stdout;
}

function sshArguments(target: SshTarget, keyFile: string, command: string): string[] {
  return [
    ...['-i', keyFile, '-p', String(target.port)],
    ...['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes'],
    ...['-o', 'ConnectTimeout=10', '-o', 'LogLevel=ERROR'],
    `cirros@${target.host}`,
    command,
  ];
}

/** Resolves with the time the first attempt read an SSH banner; attempts start every 100 ms. */
function firstBanner(target: SshTarget, deadline: number, signal: AbortSignal | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const open = new Set<Socket>();
    const finish = () => {
      clearInterval(timer);
      for (const socket of open) socket.destroy();
    };
    const attempt = () => {
      if (signal?.aborted || performance.now() > deadline) {
        finish();
        reject(new Error(`no SSH banner from ${target.host}:${target.port}`));
        return;
      }
      const socket = connect(target.port, target.host);
      open.add(socket);
      socket.setTimeout(PROBE_TIMEOUT_MS, () => socket.destroy());
      socket.on('error', () => {});
      socket.once('close', () => open.delete(socket));
      socket.once('data', (chunk: Buffer) => {
        if (chunk.toString('latin1').startsWith('SSH-')) {
          finish();
          resolve(performance.now());
        } else socket.destroy();
      });
    };
    const timer = setInterval(attempt, PROBE_INTERVAL_MS);
    attempt();
  });
}
