import { spawn } from 'node:child_process';

/** How a command ended: its exit code (null when killed), what it printed, and whether it ran out of time. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a program to completion (killed after `timeoutMs` if given); never rejects for a non-zero exit. */
export function runCommand(file: string, args: string[], timeoutMs?: number): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer =
      timeoutMs === undefined
        ? null
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs);
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

/** Runs a program and resolves with its output; rejects with its stderr when it fails. */
export async function runChecked(file: string, args: string[], timeoutMs?: number): Promise<string> {
  const result = await runCommand(file, args, timeoutMs);
  if (result.code !== 0) {
    const why = result.timedOut ? 'timed out' : result.stderr.trim() || `exit code ${result.code}`;
    throw new Error(`${file} ${args[0] ?? ''} failed: ${why}`);
  }
  return result.stdout;
}
