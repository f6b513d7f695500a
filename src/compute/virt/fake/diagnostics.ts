import { PowerState } from '../power-state.js';
import type { DiskDiagnostics, InstanceDiagnostics, NicDiagnostics } from '../types.js';
import type { FakeGuest } from './fake-guest.js';

/** A fake guest keeps a vCPU this busy while it runs, in percent. */
const CPU_BUSY_PERCENT = 5;

/** What a disk has done by the time a small guest has booted (Nova's fake reports the same). */
const BOOT_DISK_IO = { readBytes: 262144, readRequests: 112, writeBytes: 5778432, writeRequests: 488 };

/** Traffic of a NIC that has seen a DHCP exchange and a little chatter (Nova's fake figures). */
const NIC_TRAFFIC = { rxOctets: 2070139, rxPackets: 26701, txOctets: 140208, txPackets: 662 };

/** `/dev/vdb` -> `vdb`: libvirt names a disk's counters after its target device. */
const deviceOf = (mountpoint: string) => mountpoint.replace(/^\/dev\//, '');

function disksOf(guest: FakeGuest): DiskDiagnostics[] {
  const idle = { readBytes: 0, readRequests: 0, writeBytes: 0, writeRequests: 0 };
  const disks: DiskDiagnostics[] = [];
  if (guest.imageBacked) disks.push({ device: 'vda', ...BOOT_DISK_IO, errorsCount: 0 });
  for (const mountpoint of guest.volumes.keys()) {
    // A boot volume did the boot's reads and writes; a data volume has not been touched.
    const io = !guest.imageBacked && mountpoint === '/dev/vda' ? BOOT_DISK_IO : idle;
    disks.push({ device: deviceOf(mountpoint), ...io, errorsCount: 0 });
  }
  return disks;
}

function nicsOf(guest: FakeGuest): NicDiagnostics[] {
  return [...guest.interfaces.values()].map((vif) => ({
    device: vif.devName ?? `tap${vif.id.slice(0, 11)}`,
    macAddress: vif.macAddress,
    ...NIC_TRAFFIC,
    rxErrors: 0,
    rxDrop: 0,
    rxRate: null,
    txErrors: 0,
    txDrop: 0,
    txRate: null,
  }));
}

/**
 * The fake guest's diagnostics: its flavor's CPUs and memory, figures that grow with its uptime,
 * and its disks and NICs. It answers as the libvirt driver does, as Nova's fake driver does,
 * because the API's `driver` names only Nova's real drivers.
 */
export function guestDiagnostics(guest: FakeGuest, now: Date): InstanceDiagnostics {
  const { flavor } = guest.spec;
  const running = guest.powerState === PowerState.RUNNING;
  const uptimeSec = Math.max(0, Math.floor((now.getTime() - guest.launchedAt.getTime()) / 1000));
  return {
    powerState: guest.powerState,
    driver: 'libvirt',
    hypervisor: 'fake',
    hypervisorOs: 'linux',
    uptimeSec,
    configDrive: guest.spec.configDrive,
    memory: { maximumMb: flavor.memoryMb, usedMb: running ? Math.ceil(flavor.memoryMb / 4) : 0 },
    cpus: Array.from({ length: flavor.vcpus }, (_, id) => ({
      id,
      timeNs: uptimeSec * CPU_BUSY_PERCENT * 10_000_000,
      utilisation: running ? CPU_BUSY_PERCENT : 0,
    })),
    nics: nicsOf(guest),
    disks: disksOf(guest),
  };
}
