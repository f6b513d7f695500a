import type { PowerState } from '../power-state.js';
import { PowerState as States } from '../power-state.js';
import {
  blockdevOptions,
  blockNodeName,
  diskDeviceId,
  diskDeviceOptions,
  netdevId,
  netdevOptions,
  nicDeviceId,
  nicDeviceOptions,
  shellQuote,
} from './command-line.js';
import type { GuestDisk, GuestNic } from './guest-record.js';
import type { InstanceFiles } from './instance-files.js';
import { killAndWait } from './qemu-process.js';
import { QmpClient } from './qmp-client.js';

/** QEMU's run states (`query-status`) that mean the guest is frozen but well. */
const pausedStates = new Set([
  'paused',
  'suspended',
  'prelaunch',
  'inmigrate',
  'postmigrate',
  'finish-migrate',
  'restore-vm',
  'save-vm',
  'debug',
  'colo',
]);
/** Run states of a guest that failed: Nova's CRASHED. */
const crashedStates = new Set(['guest-panicked', 'internal-error', 'io-error', 'watchdog']);

/** A power state from QEMU's run state. */
export function powerStateOf(status: string): PowerState {
  if (status === 'running') return States.RUNNING;
  if (status === 'shutdown') return States.SHUTDOWN;
  if (crashedStates.has(status)) return States.CRASHED;
  if (pausedStates.has(status)) return States.PAUSED;
  return States.NOSTATE;
}

/** The answer of `query-vnc`. */
interface VncInfo {
  enabled: boolean;
  host?: string;
  service?: string;
}

/**
 * A live QEMU process and its monitor: the guest while it has a process. Power operations are
 * QMP commands; when the process goes away the monitor closes, which marks the guest stopped.
 */
export class RunningGuest {
  private constructor(
    readonly pid: number,
    readonly qmp: QmpClient,
  ) {}

  static async attach(pid: number, qmpSocket: string): Promise<RunningGuest> {
    return new RunningGuest(pid, await QmpClient.connect(qmpSocket));
  }

  /** False once QEMU exited (the monitor closed). */
  get alive(): boolean {
    return this.qmp.open;
  }

  async status(): Promise<string> {
    return (await this.qmp.execute<{ status: string }>('query-status')).status;
  }

  async powerState(): Promise<PowerState> {
    return powerStateOf(await this.status());
  }

  /**
   * Asks the guest OS to shut down (ACPI power button), again every `retryMs`, for at most
   * `timeoutMs`; then quits QEMU. Resolves once the process is gone.
   */
  async shutdown(timeoutMs: number, retryMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.alive && Date.now() < deadline) {
      await this.qmp.execute('system_powerdown').catch(() => undefined);
      await this.qmp.waitClosed(Math.min(retryMs, deadline - Date.now()));
    }
    await this.stop();
  }

  /** Ends QEMU at once (`quit`, then SIGKILL if it lingers). */
  async stop(): Promise<void> {
    if (this.alive) {
      await this.qmp.execute('quit').catch(() => undefined);
      if (await this.qmp.waitClosed(5_000)) {
        await killAndWait(this.pid, 5_000);
        return;
      }
    }
    this.qmp.close();
    await killAndWait(this.pid);
  }

  async reset(): Promise<void> {
    await this.qmp.execute('system_reset');
  }

  async pause(): Promise<void> {
    await this.qmp.execute('stop');
  }

  async cont(): Promise<void> {
    await this.qmp.execute('cont');
  }

  /**
   * Saves the guest's memory and device state to `path` (QEMU's migration stream, as libvirt's
   * managed save does) and quits. The guest is paused first so the saved state is its last.
   */
  async saveTo(path: string): Promise<void> {
    await this.qmp.execute('stop');
    await this.qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(path)}` });
    await this.waitMigration();
    await this.stop();
  }

  /** Waits for a guest started with `-incoming` to have loaded its memory, then lets it run. */
  async finishIncoming(): Promise<void> {
    for (;;) {
      const status = await this.status();
      if (status !== 'inmigrate') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const migration = await this.qmp.execute<{ status?: string }>('query-migrate');
    if (migration.status === 'failed') throw new Error('loading the saved memory failed');
    await this.cont();
  }

  /** The TCP port of the guest's VNC server. */
  async vncPort(): Promise<number> {
    const vnc = await this.qmp.execute<VncInfo>('query-vnc');
    const port = Number(vnc.service);
    if (!vnc.enabled || !Number.isInteger(port)) throw new Error('the guest has no VNC server');
    return port;
  }

  /** Hot-plugs a disk (a volume): its block node, then the device the guest sees. */
  async attachDisk(disk: GuestDisk, files: InstanceFiles): Promise<void> {
    await this.qmp.execute('blockdev-add', blockdevOptions(disk, files));
    try {
      await this.qmp.execute('device_add', diskDeviceOptions(disk, null));
    } catch (error) {
      await this.qmp.execute('blockdev-del', { 'node-name': blockNodeName(disk) }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Unplugs a disk. The guest OS must acknowledge the unplug (ACPI eject); resolves false when it
   * did not within `timeoutMs`, the disk still attached, as libvirt's detach does.
   */
  async detachDisk(disk: GuestDisk, timeoutMs: number): Promise<boolean> {
    if (!(await this.unplug(diskDeviceId(disk), timeoutMs))) return false;
    await this.qmp.execute('blockdev-del', { 'node-name': blockNodeName(disk) });
    return true;
  }

  /** Grows a disk's block node to `sizeBytes` (`block_resize`): the guest sees the new size at once. */
  async resizeDisk(disk: GuestDisk, sizeBytes: number): Promise<void> {
    await this.qmp.execute('block_resize', { 'node-name': blockNodeName(disk), size: sizeBytes });
  }

  /** Hot-plugs a NIC: QEMU opens its TAP, then the guest gets the virtio NIC. */
  async attachNic(nic: GuestNic): Promise<void> {
    await this.qmp.execute('netdev_add', netdevOptions(nic));
    try {
      await this.qmp.execute('device_add', nicDeviceOptions(nic));
    } catch (error) {
      await this.qmp.execute('netdev_del', { id: netdevId(nic) }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Unplugs a NIC. Its TAP goes at once (removing the backend cuts the NIC's link), so the port is
   * free on the host even when the guest does not acknowledge the unplug in `timeoutMs`; then the
   * dead NIC stays in the guest until its next boot. Resolves whether the guest acknowledged.
   */
  async detachNic(nic: GuestNic, timeoutMs: number): Promise<boolean> {
    const acknowledged = await this.unplug(nicDeviceId(nic), timeoutMs);
    await this.qmp.execute('netdev_del', { id: netdevId(nic) });
    return acknowledged;
  }

  /** Asks for a device's removal and waits for QEMU's DEVICE_DELETED (the guest's acknowledgement). */
  private async unplug(deviceId: string, timeoutMs: number): Promise<boolean> {
    const deleted = this.qmp.waitForEvent(
      'DEVICE_DELETED',
      timeoutMs,
      (event) => event.data.device === deviceId,
    );
    try {
      await this.qmp.execute('device_del', { id: deviceId });
    } catch (error) {
      // Gone already (an earlier unplug the guest acknowledged late), or still pending from one.
      if (/not found/i.test(String(error))) return true;
      if (!/already in the process of unplug/i.test(String(error))) throw error;
    }
    return (await deleted) !== null;
  }

  private async waitMigration(): Promise<void> {
    for (;;) {
      const { status } = await this.qmp.execute<{ status?: string }>('query-migrate');
      if (status === 'completed') return;
      if (status === 'failed' || status === 'cancelled')
        throw new Error(`saving the guest's memory ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
