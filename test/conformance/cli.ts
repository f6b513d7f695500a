/**
 * Runs Debian's `openstack` CLI as a user of the cloud would, for the CLI checks: with an openrc
 * environment, and judging what the user sees (the JSON of `-f json`, or the refusal message
 * and its HTTP status).
 */
import { lastLines, runCommand, type CommandResult } from './commands.js';
import type { OpenRc } from './openrc.js';

const OPENSTACK = '/usr/bin/openstack';
const COMMAND_TIMEOUT_MS = 120_000;

export type Json = Record<string, unknown>;

export function openstack(env: OpenRc, args: string[]): Promise<CommandResult> {
  return runCommand(OPENSTACK, args, { env, timeoutMs: COMMAND_TIMEOUT_MS });
}

function describe(args: string[], result: CommandResult): string {
  const output = [result.stderr, result.stdout].filter((text) => text.trim()).join('\n');
  const status = result.timedOut ? 'timed out' : `exit ${result.status}`;
  return `openstack ${args.join(' ')}: ${status}\n${lastLines(output || '(no output)', 8)}`;
}

/** Runs a command that must succeed; returns its stdout. */
export async function succeeds(env: OpenRc, args: string[]): Promise<string> {
  const result = await openstack(env, args);
  if (result.status !== 0) throw new Error(describe(args, result));
  return result.stdout;
}

/** Runs a `-f json` command that must succeed; returns the parsed JSON. */
export async function json<T = Json>(env: OpenRc, args: string[]): Promise<T> {
  const stdout = await succeeds(env, [...args, '-f', 'json']);
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`openstack ${args.join(' ')} -f json printed no JSON:\n${lastLines(stdout, 8)}`);
  }
}

/** Runs a command that must fail, showing the user `expected` (message fragments). */
export async function refused(env: OpenRc, args: string[], expected: string[]): Promise<void> {
  const result = await openstack(env, args);
  const output = result.stderr + result.stdout;
  if (result.status === 0 || !expected.every((fragment) => output.includes(fragment))) {
    throw new Error(
      `expected a refusal showing ${expected.map((e) => `"${e}"`).join(' and ')}\n${describe(args, result)}`,
    );
  }
}

/** The environment of a user who logs in with a password, scoped to `project`. */
export function passwordLogin(base: OpenRc, username: string, password: string, project: string): OpenRc {
  return { ...base, OS_USERNAME: username, OS_PASSWORD: password, OS_PROJECT_NAME: project };
}

export const withoutSlash = (url: string) => url.replace(/\/+$/, '');
