import { spawn } from 'node:child_process';

/** A build step's command that failed: its argv and what it printed, so the report says why. */
export class GuestImageCommandFailed extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${argv.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim().slice(-2000)}`);
    this.name = 'GuestImageCommandFailed';
  }
}

/** Debian's tools live in the sbin directories, which a non-login PATH may lack. */
const toolPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface RunCommandOptions {
  cwd?: string;
  /** Resolve on a non-zero exit instead of rejecting (the command is a question, e.g. `ldd`). */
  allowFailure?: boolean;
}

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs one host tool to its end, without a shell (arguments are never re-parsed). */
export function runCommand(argv: readonly string[], options: RunCommandOptions = {}): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: { PATH: toolPath, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new GuestImageCommandFailed(argv, null, error.message)));
    child.on('close', (code) => {
      const output = {
        exitCode: code ?? -1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (code === 0 || options.allowFailure) resolve(output);
      else reject(new GuestImageCommandFailed(argv, code, output.stderr || output.stdout));
    });
  });
}
