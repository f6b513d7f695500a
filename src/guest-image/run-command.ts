import { CommandFailed, runCommand as run, type CommandResult } from '../common/run-command.js';

/** Debian's tools live in the sbin directories, which a non-login PATH may lack; C for parseable output. */
const TOOL_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' };

export interface RunCommandOptions {
  cwd?: string;
  /** Resolve on a non-zero exit instead of rejecting (the command is a question, e.g. `ldd`). */
  allowFailure?: boolean;
}

/** Runs one of the host tools a build step needs; rejects with `CommandFailed` unless it exits 0 or may fail. */
export async function runCommand(
  argv: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const result = await run(argv[0], argv.slice(1), { cwd: options.cwd, env: TOOL_ENV });
  if (result.code !== 0 && !options.allowFailure) throw new CommandFailed(argv, result);
  return result;
}
