import { rm, stat } from 'node:fs/promises';
import type { PowerOffOptions } from '../driver.js';
import { PowerState } from '../power-state.js';
import type { Guest } from './guest.js';
import { writeGuestRecord } from './guest-record.js';
import type { Accelerator } from './kvm-probe.js';
import { startQemu } from './qemu-process.js';
import { RunningGuest } from './running-guest.js';

/** How this host starts guests' QEMUs. */
export interface LaunchSettings {
  qemuBinary: string;
  accel: Accelerator;
  vncListen: string;
}

/** Starts the guest's QEMU from its record (loading memory saved by suspend when given). */
export async function launchGuest(
  guest: Guest,
  settings: LaunchSettings,
  incomingStatePath?: string,
): Promise<void> {
  await rm(guest.files.pidFile, { force: true });
  guest.record.launchedAt = new Date().toISOString();
  await writeGuestRecord(guest.files.record, guest.record);
  const pid = await startQemu(settings.qemuBinary, guest.record, guest.files, {
    accel: settings.accel,
    vncListen: settings.vncListen,
    incomingStatePath,
  });
  try {
    guest.running = await RunningGuest.attach(pid, guest.files.qmpSocket);
    if (incomingStatePath !== undefined) await guest.running.finishIncoming();
  } catch (error) {
    await haltGuest(guest);
    throw error;
  }
}

/**
 * Stops the guest's QEMU, cleanly within `timeoutSec` when given, and forgets memory saved by
 * suspend: afterwards the guest is SHUTDOWN.
 */
export async function haltGuest(guest: Guest, options: PowerOffOptions = {}): Promise<void> {
  const running = guest.running;
  guest.running = null;
  if (running?.alive) {
    const timeoutMs = (options.timeoutSec ?? 0) * 1000;
    const retryMs = (options.retryIntervalSec ?? options.timeoutSec ?? 0) * 1000;
    if (timeoutMs > 0 && (await running.status()) === 'running') await running.shutdown(timeoutMs, retryMs);
    else await running.stop();
  }
  await rm(guest.files.savedState, { force: true });
}

/** The guest's power state: its QEMU's while it runs, else SUSPENDED with saved memory or SHUTDOWN. */
export async function guestPowerState(guest: Guest): Promise<PowerState> {
  if (guest.running?.alive) {
    try {
      return await guest.running.powerState();
    } catch (error) {
      if (guest.running.alive) throw error;
    }
  }
  guest.running = null;
  return (await exists(guest.files.savedState)) ? PowerState.SUSPENDED : PowerState.SHUTDOWN;
}

/**
 * Runs a copy of the guest's disks while they do not change: a running guest is paused for it
 * (pausing flushes QEMU's caches to the files) and let run again after.
 */
export async function copyConsistently(guest: Guest, copy: () => Promise<void>): Promise<void> {
  const pauseIt = (await guestPowerState(guest)) === PowerState.RUNNING;
  if (pauseIt) await guest.running!.pause();
  try {
    await copy();
  } finally {
    if (pauseIt && guest.running?.alive) await guest.running.cont();
  }
}

/** Whether a file is there (the saved memory of a suspended guest, a guest set aside by a resize). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
