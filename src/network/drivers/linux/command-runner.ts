import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { CommandFailed } from '../errors.js';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the command's standard input (a batch of `ip` commands, an `iptables-restore` file). */
  input?: string;
  /** Resolve with the result on a non-zero exit instead of rejecting (the command is a question). */
  allowFailure?: boolean;
}

/**
 * How the linux driver acts on the host: every change and every question goes through here as
 * a command line, so the driver can be tested without root by a runner that records commands
 * and answers questions from a script.
 */
export interface CommandRunner {
  /** Runs a command to its end; rejects with `CommandFailed` on a non-zero exit unless `allowFailure`. */
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** Starts a long-running process and hands it over (a metadata proxy in a router's namespace). */
  spawn(argv: readonly string[], options?: SpawnOptions): ChildProcess;
}

/** Debian's tools live in the sbin directories, which a non-login PATH may lack. */
const toolPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Runs commands on this host, as child processes (no shell: arguments are never re-parsed). */
export class ChildProcessRunner implements CommandRunner {
  private readonly env: NodeJS.ProcessEnv = { PATH: toolPath, LC_ALL: 'C' };

  run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(argv[0], argv.slice(1), { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) => reject(new CommandFailed(argv, null, error.message)));
      // 'close', not 'exit': the output is complete only once the pipes are. A daemon (dnsmasq)
      // closes the pipes it inherited, so its parent's exit still ends this.
      child.on('close', (code) => {
        const result = {
          exitCode: code ?? -1,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        };
        if (code === 0 || options.allowFailure) resolve(result);
        else reject(new CommandFailed(argv, code, result.stderr));
      });
      child.stdin.on('error', () => {}); // a command that exits without reading its input
      child.stdin.end(options.input ?? '');
    });
  }

  spawn(argv: readonly string[], options: SpawnOptions = {}): ChildProcess {
    return spawn(argv[0], argv.slice(1), { ...options, env: { ...this.env, ...options.env } });
  }
}
