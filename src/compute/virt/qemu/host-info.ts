import { readFile, statfs } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { CpuInfo } from '../types.js';
import { runChecked } from '../../../common/run-command.js';

/** `QEMU emulator version 7.2.22 (...)` -> 7002022, Nova's major * 1,000,000 + minor * 1,000 + patch. */
export function encodeQemuVersion(versionOutput: string): number {
  const match = /version (\d+)\.(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match)
    throw new Error(`Cannot read a QEMU version from ${JSON.stringify(versionOutput.slice(0, 80))}`);
  return Number(match[1]) * 1_000_000 + Number(match[2]) * 1_000 + Number(match[3] ?? 0);
}

export async function qemuVersion(binary: string): Promise<number> {
  return encodeQemuVersion(await runChecked(binary, ['--version']));
}

/** Vendor ids of /proc/cpuinfo, as libvirt names the vendors in the CPU description Nova shows. */
const vendorNames: Record<string, string> = { GenuineIntel: 'Intel', AuthenticAMD: 'AMD' };

/**
 * The host CPU from /proc/cpuinfo as `os-hypervisors` shows it: vendor, model name, flags, and
 * the topology from the physical and core ids of the logical CPUs.
 */
export function parseCpuInfo(text: string, arch: string): CpuInfo {
  const processors = text
    .split(/\n\s*\n/)
    .filter((block) => block.includes('processor'))
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      return fields;
    });
  const first = processors[0] ?? new Map<string, string>();
  const sockets = new Set(processors.map((cpu) => cpu.get('physical id') ?? '0')).size || 1;
  const coresPerSocket = Number(first.get('cpu cores') ?? 1) || 1;
  const logicalPerSocket = Math.max(1, Math.round(processors.length / sockets));
  const vendor = first.get('vendor_id') ?? 'unknown';
  return {
    arch,
    model: first.get('model name') ?? 'unknown',
    vendor: vendorNames[vendor] ?? vendor,
    features: (first.get('flags') ?? '').split(/\s+/).filter(Boolean),
    topology: {
      sockets,
      cores: coresPerSocket,
      threads: Math.max(1, Math.floor(logicalPerSocket / coresPerSocket)),
    },
  };
}

export async function hostCpuInfo(): Promise<CpuInfo> {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch;
  return parseCpuInfo(await readFile('/proc/cpuinfo', 'utf8'), arch);
}

/** The machine's totals guests may use, unless the operator gave them. */
export async function hostTotals(
  instancesDir: string,
): Promise<{ vcpus: number; memoryMb: number; localGb: number }> {
  const fs = await statfs(instancesDir);
  return {
    vcpus: cpus().length,
    memoryMb: Math.floor(totalmem() / 1024 / 1024),
    localGb: Math.floor((fs.blocks * fs.bsize) / 1024 ** 3),
  };
}

/** The host's uptime line as `uptime` prints it, from /proc/uptime and /proc/loadavg. */
export async function uptimeLine(now = new Date()): Promise<string> {
  const seconds = Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0]);
  const load = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(', ');
  const minutes = Math.floor(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const clock = `${Math.floor((minutes % 1440) / 60)}:${String(minutes % 60).padStart(2, '0')}`.padStart(5);
  const up = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${clock}` : clock;
  return ` ${now.toTimeString().slice(0, 8)} up ${up},  0 users,  load average: ${load}`;
}
