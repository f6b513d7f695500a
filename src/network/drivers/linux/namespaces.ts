import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandRunner } from './command-runner.js';
import { readLink } from './links.js';

/** The named network namespaces of the host (`ip netns`). */
export async function listNamespaces(runner: CommandRunner): Promise<string[]> {
  const { stdout } = await runner.run(['ip', '-j', 'netns', 'list']);
  if (!stdout.trim()) return [];
  return (JSON.parse(stdout) as { name: string }[]).map(({ name }) => name);
}

/** The owner tag of a namespace (its loopback's alias), or null for an untagged or missing one. */
export async function namespaceTag(runner: CommandRunner, namespace: string): Promise<string | null> {
  const result = await runner.run(['ip', '-n', namespace, '-j', 'link', 'show', 'lo'], {
    allowFailure: true,
  });
  if (result.exitCode !== 0) return null;
  return (JSON.parse(result.stdout) as { ifalias?: string }[])[0]?.ifalias ?? null;
}

/**
 * Makes sure the namespace exists and carries `tag`. Returns true when it was not ready before
 * (new, or left half made by an interrupted run), for the caller to finish preparing it; the tag
 * is written by `tagNamespace` once that is done, so an interrupted preparation is done again.
 */
export async function openNamespace(runner: CommandRunner, namespace: string, tag: string): Promise<boolean> {
  const present = (await listNamespaces(runner)).includes(namespace);
  if (present && (await readLink(runner, 'lo', namespace))?.alias === tag) return false;
  if (!present) await runner.run(['ip', 'netns', 'add', namespace]);
  return true;
}

/** Marks a prepared namespace as the driver's, and brings its loopback up. */
export async function tagNamespace(runner: CommandRunner, namespace: string, tag: string): Promise<void> {
  await runner.run(['ip', '-n', namespace, 'link', 'set', 'dev', 'lo', 'alias', tag, 'up']);
}

/** The ids of the processes running in a namespace. */
async function namespacePids(runner: CommandRunner, namespace: string): Promise<number[]> {
  const result = await runner.run(['ip', 'netns', 'pids', namespace], { allowFailure: true });
  if (result.exitCode !== 0) return [];
  return result.stdout.split(/\s+/).filter(Boolean).map(Number);
}

/** Ends the processes in a namespace (TERM, then KILL after `graceMs`), waiting until they are gone. */
export async function stopNamespaceProcesses(
  runner: CommandRunner,
  namespace: string,
  graceMs = 2000,
): Promise<void> {
  let pids = await namespacePids(runner, namespace);
  if (pids.length === 0) return;
  await runner.run(['kill', '-TERM', ...pids.map(String)], { allowFailure: true });
  const deadline = Date.now() + graceMs;
  for (;;) {
    pids = await namespacePids(runner, namespace);
    if (pids.length === 0) return;
    if (Date.now() > deadline) break;
    await sleep(25);
  }
  await runner.run(['kill', '-KILL', ...pids.map(String)], { allowFailure: true });
}

/** Ends the namespace's processes and removes it; nothing happens when there is no such namespace. */
export async function deleteNamespace(runner: CommandRunner, namespace: string): Promise<void> {
  if (!(await listNamespaces(runner)).includes(namespace)) return;
  await stopNamespaceProcesses(runner, namespace);
  await runner.run(['ip', 'netns', 'delete', namespace]);
}
