import { execFile, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { OpenRc } from '../../../conformance/openrc.js';

const run = promisify(execFile);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CLI JSON, read field by field
export type Json = Record<string, any>;

/** What the guest image's init prints on its console once dropbear is up. */
export const LOGIN_READY = 'stratus-init: login ready';
export const BOOT_TIMEOUT_MS = 180_000;

/** `openstack <args> -f json` as the user of `env`. */
export async function cli(env: OpenRc, args: string[]): Promise<Json> {
  const { stdout } = await run('openstack', [...args, '-f', 'json'], { env, timeout: 300_000 });
  return JSON.parse(stdout) as Json;
}

/** `openstack <args>` for commands that print nothing worth reading. */
export async function act(env: OpenRc, args: string[]): Promise<void> {
  await run('openstack', args, { env, timeout: 300_000 });
}

/** A server's serial console log, as `openstack console log show` prints it. */
export async function consoleLog(env: OpenRc, server: string): Promise<string> {
  return (await run('openstack', ['console', 'log', 'show', server], { env, timeout: 300_000 })).stdout;
}

/** The first value `probe` gives (a throw counts as none yet), polled every second. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = BOOT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

/** The QEMU processes running a guest, by the uuid on their command line. */
export function qemuProcesses(uuid: string): string[] {
  const found = spawnSync('pgrep', ['-af', `qemu-system-x86_64 .*-uuid ${uuid}`], { encoding: 'utf8' });
  return found.stdout.split('\n').filter((line) => line.includes(uuid));
}

/** Runs `command` in the guest at `address` as cirros with the private key `key`, once. */
export async function sshOnce(key: string, address: string, command: string): Promise<string> {
  const { stdout } = await run(
    'ssh',
    [
      '-i', key,
      '-o', 'StrictHostKeyChecking=no',
      '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'ConnectTimeout=10',
      '-o', 'LogLevel=ERROR',
      `cirros@${address}`,
      command,
    ], // prettier-ignore
    { timeout: 60_000 },
  );
  return stdout;
}

/** Runs `command` in the guest once its SSH answers (a booting guest refuses at first). */
export function ssh(key: string, address: string, command: string): Promise<string> {
  return until(`ssh to ${address}`, () => sshOnce(key, address, command));
}

/** Whether `address` answers one ping from the host within two seconds (busybox's ping: Debian's busybox). */
export function hostPings(address: string): boolean {
  return spawnSync('busybox', ['ping', '-c', '1', '-W', '2', address], { stdio: 'ignore' }).status === 0;
}
