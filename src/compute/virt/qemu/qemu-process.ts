import { readFile } from 'node:fs/promises';
import type { GuestRecord } from './guest-record.js';
import type { InstanceFiles } from './instance-files.js';
import { qemuCommandLine, type LaunchOptions } from './command-line.js';
import { runCommand } from '../../../common/run-command.js';

/** QEMU refused to start the guest; its own words are in the message. */
export class QemuStartFailed extends Error {
  constructor(
    readonly instanceUuid: string,
    readonly stderr: string,
  ) {
    super(`QEMU could not start instance ${instanceUuid}: ${stderr.trim() || 'no reason given'}`);
    this.name = 'QemuStartFailed';
  }
}

/** Starts the guest's QEMU; resolves with its pid once it has daemonized (monitor socket listening). */
export async function startQemu(
  binary: string,
  record: GuestRecord,
  files: InstanceFiles,
  options: LaunchOptions,
): Promise<number> {
  const result = await runCommand(binary, qemuCommandLine(record, files, options), { timeoutMs: 60_000 });
  if (result.code !== 0) throw new QemuStartFailed(record.instance.uuid, result.stderr);
  const pid = await runningPid(files, record.instance.uuid);
  if (pid === null) throw new QemuStartFailed(record.instance.uuid, 'it exited right after starting');
  return pid;
}

/**
 * The pid of the guest's QEMU when it still runs: the pid file's process, if its command line
 * carries the instance's uuid (a recycled pid belongs to someone else).
 */
export async function runningPid(files: InstanceFiles, uuid: string): Promise<number | null> {
  let pid: number;
  try {
    pid = Number.parseInt(await readFile(files.pidFile, 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.split('\0').includes(uuid) ? pid : null;
  } catch {
    return null;
  }
}

/** Kills the process and waits until it is gone (at most `timeoutMs`). */
export async function killAndWait(pid: number, timeoutMs = 10_000): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await processExists(pid))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True while the pid names a live process (a zombie counts as gone). */
async function processExists(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
