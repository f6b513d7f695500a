/**
 * Runs Debian's Python tools (`openstack`, `tempest`, `stestr`) the way a user of the Debian
 * packages would: from /usr/bin, with a PATH that leaves out pyenv shims and other interpreters,
 * and without the caller's OS_* variables leaking into what the suite means to test.
 */
import { spawn } from 'node:child_process';

export const DEBIAN_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

export interface CommandResult {
  /** Exit status; null when the command was killed (see `timedOut`). */
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface CommandOptions {
  /** Added to the clean base environment (PATH, HOME, LANG). */
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** Called with each chunk of stdout as it arrives (progress for long runs). */
  onStdout?: (chunk: string) => void;
}

/** The environment every conformance command starts from; nothing else of ours is inherited. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: DEBIAN_PATH,
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    ...extra,
  };
}

export function runCommand(
  command: string,
  args: string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: baseEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      options.onStdout?.(chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
      });
    });
  });
}

/** Like runCommand, but the raw stdout bytes (subunit streams are binary). */
export function runForBytes(command: string, args: string[], options: CommandOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: baseEnv(options.env) });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolve(Buffer.concat(stdout));
      else reject(new Error(`${command} ${args.join(' ')} exited ${status}: ${Buffer.concat(stderr)}`));
    });
  });
}

/**
 * The last `count` lines of a text (a Python traceback ends with the exception and its details,
 * the part worth reading in a CI log), with a note of how many were left out.
 */
export function lastLines(text: string, count: number): string {
  const lines = text.trimEnd().split('\n');
  if (lines.length <= count) return lines.join('\n');
  return [`... (${lines.length - count} lines above)`, ...lines.slice(-count)].join('\n');
}
