import { spawn } from 'node:child_process';

/** How a command ended: its exit code (null when killed), what it printed, and whether it ran out of time. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  /** Killed (SIGKILL) after this long. */
  timeoutMs?: number;
  cwd?: string;
  /** The whole environment of the command; the caller's own by default. */
  env?: NodeJS.ProcessEnv;
}

/** A command that did not exit 0: its argv and the end of what it printed, so a report says why. */
export class CommandFailed extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly result: CommandResult,
  ) {
    const why = result.timedOut
      ? 'timed out'
      : `exit ${result.code ?? 'signal'}: ${(result.stderr.trim() || result.stdout.trim()).slice(-2000)}`;
    super(`${argv.join(' ')} failed (${why})`);
    this.name = 'CommandFailed';
  }
}

/**
 * Runs a program to completion, without a shell (arguments are never re-parsed); never rejects
 * for a non-zero exit, only when the program cannot be started.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer =
      options.timeoutMs === undefined
        ? null
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Runs a program and resolves with its output; rejects with `CommandFailed` when it does not exit 0. */
export async function runChecked(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) throw new CommandFailed([file, ...args], result);
  return result.stdout;
}
