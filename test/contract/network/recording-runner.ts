import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { CommandFailed } from '../../../src/network/drivers/errors.js';
import type {
  CommandResult,
  CommandRunner,
  RunOptions,
} from '../../../src/network/drivers/linux/command-runner.js';

/** A command the driver ran: its argument vector and what it wrote to its input. */
export interface RecordedCommand {
  argv: string[];
  input: string;
}

/** Answers a command: from a script (unit tests) or by running it for real (root tests). */
export type CommandAnswer = (argv: string[], input: string) => Promise<CommandResult> | CommandResult;

/** Whether a command only asks (shows, lists, saves, reads) and changes nothing on the host. */
export function isQuestion(argv: readonly string[]): boolean {
  const words = new Set(argv);
  return (
    ['show', 'list', 'pids', '--version', '-V'].some((word) => words.has(word)) ||
    argv.some((word) => word.endsWith('tables-save')) ||
    argv[0] === 'cat' ||
    argv[0] === 'test'
  );
}

/** A command runner that records every command before answering it. */
export class RecordingRunner implements CommandRunner {
  readonly commands: RecordedCommand[] = [];

  constructor(private readonly answer: CommandAnswer) {}

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const input = options.input ?? '';
    this.commands.push({ argv: [...argv], input });
    const result = await this.answer([...argv], input);
    if (result.exitCode !== 0 && !options.allowFailure)
      throw new CommandFailed(argv, result.exitCode, result.stderr);
    return result;
  }

  /** Records the command and starts a process that ends at once in its place (nothing runs in a namespace). */
  spawn(argv: readonly string[], options: SpawnOptions = {}): ChildProcess {
    this.commands.push({ argv: [...argv], input: '' });
    return spawn(process.execPath, ['-e', ''], options);
  }

  /** The commands that changed something (not questions), as text, `ip -batch` and restore inputs included. */
  changes(): string[] {
    return this.commands
      .filter(({ argv }) => !isQuestion(argv))
      .map(({ argv, input }) => [argv.join(' '), input].filter(Boolean).join('\n'));
  }

  clear(): void {
    this.commands.length = 0;
  }
}
