import { readFile } from 'node:fs/promises';
import type { PowerState } from '../power-state.js';
import type { DiskDiagnostics, InstanceDiagnostics, NicDiagnostics } from '../types.js';
import { blockNodeName, diskDeviceId } from './command-line.js';
import type { GuestRecord } from './guest-record.js';
import type { RunningGuest } from './running-guest.js';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux architecture we run on). */
const clockTicksPerSecond = 100;

interface BlockStats {
  'node-name'?: string;
  qdev?: string;
  stats: {
    rd_bytes: number;
    rd_operations: number;
    wr_bytes: number;
    wr_operations: number;
    failed_rd_operations: number;
    failed_wr_operations: number;
  };
}

/** CPU time of one thread of the QEMU process, in nanoseconds. */
async function threadCpuNs(pid: number, threadId: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/task/${threadId}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are the 14th and 15th fields of stat, 12th and 13th after the command.
    return ((Number(fields[11]) + Number(fields[12])) * 1e9) / clockTicksPerSecond;
  } catch {
    return null;
  }
}

/** A host network counter of the TAP, or null when it is not there. */
async function tapCounter(tap: string, name: string): Promise<number | null> {
  try {
    return Number(await readFile(`/sys/class/net/${tap}/statistics/${name}`, 'utf8'));
  } catch {
    return null;
  }
}

/** A NIC's counters as the guest sees them: what the TAP receives, the guest sent (libvirt swaps them too). */
async function nicDiagnostics(tap: string, macAddress: string, running: boolean): Promise<NicDiagnostics> {
  const counter = (name: string) => (running ? tapCounter(tap, name) : Promise.resolve(null));
  return {
    device: tap,
    macAddress,
    rxOctets: await counter('tx_bytes'),
    rxErrors: await counter('tx_errors'),
    rxDrop: await counter('tx_dropped'),
    rxPackets: await counter('tx_packets'),
    rxRate: null,
    txOctets: await counter('rx_bytes'),
    txErrors: await counter('rx_errors'),
    txDrop: await counter('rx_dropped'),
    txPackets: await counter('rx_packets'),
    txRate: null,
  };
}

/**
 * What QEMU and the host measure of a guest, in Nova's shape: vCPU thread times from /proc, disk
 * counters from `query-blockstats`, NIC counters from the TAPs. A guest without a process has its
 * devices listed with no counters.
 */
export async function guestDiagnostics(
  record: GuestRecord,
  powerState: PowerState,
  running: RunningGuest | null,
  hypervisor: string,
): Promise<InstanceDiagnostics> {
  const { flavor } = record.instance;
  let cpus = Array.from({ length: flavor.vcpus }, (_, id) => ({
    id,
    timeNs: null as number | null,
    utilisation: null,
  }));
  let blockStats: BlockStats[] = [];
  if (running?.alive) {
    const threads =
      await running.qmp.execute<{ 'cpu-index': number; 'thread-id': number }[]>('query-cpus-fast');
    cpus = await Promise.all(
      threads.map(async (cpu) => ({
        id: cpu['cpu-index'],
        timeNs: await threadCpuNs(running.pid, cpu['thread-id']),
        utilisation: null,
      })),
    );
    blockStats = await running.qmp.execute<BlockStats[]>('query-blockstats');
  }
  const disks: DiskDiagnostics[] = record.disks
    .filter((disk) => disk.role !== 'rescue' || record.rescued)
    .map((disk) => {
      // Counters live on the device's block backend, which names its root node and its device.
      const stats = blockStats.find(
        (entry) =>
          entry['node-name'] === blockNodeName(disk) || entry.qdev?.includes(`/${diskDeviceId(disk)}/`),
      )?.stats;
      return {
        device: disk.device,
        readBytes: stats?.rd_bytes ?? null,
        readRequests: stats?.rd_operations ?? null,
        writeBytes: stats?.wr_bytes ?? null,
        writeRequests: stats?.wr_operations ?? null,
        errorsCount: stats ? stats.failed_rd_operations + stats.failed_wr_operations : null,
      };
    });
  const launchedAt = record.launchedAt ? Date.parse(record.launchedAt) : null;
  return {
    powerState,
    driver: 'libvirt',
    hypervisor,
    hypervisorOs: 'linux',
    uptimeSec:
      running?.alive && launchedAt !== null
        ? Math.max(0, Math.floor((Date.now() - launchedAt) / 1000))
        : null,
    configDrive: record.instance.configDrive,
    memory: { maximumMb: flavor.memoryMb, usedMb: running?.alive ? flavor.memoryMb : null },
    cpus,
    nics: await Promise.all(
      record.nics.map((nic) => nicDiagnostics(nic.tapName, nic.macAddress, running?.alive ?? false)),
    ),
    disks,
  };
}
