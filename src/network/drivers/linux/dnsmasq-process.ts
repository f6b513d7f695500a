import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandRunner } from './command-runner.js';

/** A running dnsmasq: its process id and its command line. */
export interface RunningDnsmasq {
  pid: number;
  argv: string[];
}

async function readPidFile(path: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A process's command line, or null when it is gone. */
async function commandLine(runner: CommandRunner, pid: number): Promise<string[] | null> {
  const result = await runner.run(['cat', `/proc/${pid}/cmdline`], { allowFailure: true });
  if (result.exitCode !== 0 || result.stdout === '') return null;
  return result.stdout.replace(/\0$/, '').split('\0');
}

/**
 * The dnsmasq whose pid file is `pidFile`, when it runs: the pid in the file must be a dnsmasq
 * started with that pid file (a stale file's pid may have gone to another process since).
 */
export async function runningDnsmasq(runner: CommandRunner, pidFile: string): Promise<RunningDnsmasq | null> {
  const pid = await readPidFile(pidFile);
  if (pid === null) return null;
  const argv = await commandLine(runner, pid);
  if (!argv || !argv[0].endsWith('dnsmasq') || !argv.includes(`--pid-file=${pidFile}`)) return null;
  return { pid, argv };
}

/** Starts dnsmasq in a namespace; it has daemonised (and written its pid file) when this resolves. */
export async function startDnsmasq(runner: CommandRunner, namespace: string, args: string[]): Promise<void> {
  await runner.run(['ip', 'netns', 'exec', namespace, 'dnsmasq', ...args]);
}

/** Makes dnsmasq re-read its hosts and options files (it keeps its leases and its socket). */
export async function reloadDnsmasq(runner: CommandRunner, pid: number): Promise<void> {
  await runner.run(['kill', '-HUP', String(pid)]);
}

/** Stops dnsmasq and waits until it is gone (so a new one can bind the DHCP port), killing it after `graceMs`. */
export async function stopDnsmasq(runner: CommandRunner, pid: number, graceMs = 2000): Promise<void> {
  await runner.run(['kill', '-TERM', String(pid)], { allowFailure: true });
  const deadline = Date.now() + graceMs;
  while ((await commandLine(runner, pid)) !== null) {
    if (Date.now() > deadline) {
      await runner.run(['kill', '-KILL', String(pid)], { allowFailure: true });
      return;
    }
    await sleep(20);
  }
}
