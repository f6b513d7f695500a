import { spawnSync } from 'node:child_process';

/** How much the throughput measurements write: 256 MiB in 1 MiB blocks. */
const COUNT_MIB = 256;

/**
 * How the measured writes end: bypassing the writer's page cache, and then also flushing the
 * device's write cache (a guest's direct writes may still sit in the host's page cache until then).
 */
export const DD_MODES = ['oflag=direct', 'oflag=direct conv=fsync'] as const;
export type DdMode = (typeof DD_MODES)[number];

/** The `dd` command that writes `COUNT_MIB` of zeroes to `target` in `mode`. */
const ddCommand = (target: string, mode: DdMode) =>
  `dd if=/dev/zero of=${target} bs=1M count=${COUNT_MIB} ${mode}`;

/**
 * The guest's shell command for the write to its device `target`, printing the seconds it took.
 * The guest's busybox dd prints no timing line, so the guest's uptime (in hundredths) brackets it.
 */
export const guestDdCommand = (target: string, mode: DdMode) =>
  `start=$(cut -d' ' -f1 /proc/uptime); sudo ${ddCommand(target, mode)} 2>/dev/null && ` +
  `end=$(cut -d' ' -f1 /proc/uptime) && echo "$start $end" | awk '{print $2 - $1}'`;

/** MiB/s of the write from the seconds `guestDdCommand` printed. */
export function guestDdMiBps(printed: string): number {
  const seconds = Number(printed.trim());
  if (!(seconds > 0)) throw new Error(`the guest's dd printed no time: ${printed}`);
  return COUNT_MIB / seconds;
}

/** The same write by the host's dd (coreutils) to the file `path`, in MiB/s from dd's own timing line. */
export function hostDdMiBps(path: string, mode: DdMode): number {
  const result = spawnSync('sh', ['-c', ddCommand(path, mode)], { encoding: 'utf8' });
  const seconds = /copied, ([\d.]+) s/.exec(result.stderr);
  if (result.status !== 0 || !seconds) throw new Error(`dd on the host failed: ${result.stderr}`);
  return COUNT_MIB / Number(seconds[1]);
}
