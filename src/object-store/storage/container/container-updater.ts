import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../common/logging.js';
import type { RingLookup } from '../../ring/ring-types.js';
import { sendToTargets } from '../async-pending.js';
import { BackgroundTask } from '../background-task.js';
import { looksAfter } from '../device.js';
import type { StorageTransport } from '../storage-protocol.js';
import { accountReportHeaders, needsReport, type ChangedContainer } from './changed-containers.js';
import type { ContainerServer } from './container-server.js';

export interface ContainerUpdaterOptions {
  /** The container server whose changes it reports. */
  containers: ContainerServer;
  /** Its devices, swept for containers never reported (a crash between a change and its report). */
  devicesRoot: string;
  /** Only these of the node's devices (a storage thread's share); all of them when absent. */
  devices?: readonly string[];
  /** Where each account's servers are. */
  accountRing: RingLookup;
  transport: StorageTransport;
  /** Between reports of changed containers. */
  intervalMs?: number;
  /** Between sweeps of every container database (Swift's container-updater `interval`, 300 s). */
  sweepIntervalMs?: number;
  logger?: Logger;
}

async function names(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

/**
 * Swift's container updater: tells the account servers (found on the account ring) the object
 * count and bytes of each container that changed, so account stats and listings follow. Changes
 * are gathered, so a burst of object writes costs one report per container, not one per object.
 * What was reported is kept in the database (`reported_*`); a report that did not reach a quorum
 * is tried again, and the periodic sweep finds those a restart forgot.
 */
export class ContainerUpdater {
  private readonly reports: BackgroundTask;
  private readonly sweeps: BackgroundTask;

  constructor(private readonly options: ContainerUpdaterOptions) {
    const onError = (error: unknown) => options.logger?.error({ err: error }, 'container updater failed');
    this.reports = new BackgroundTask(options.intervalMs ?? 1000, () => this.reportChanged(), onError);
    this.sweeps = new BackgroundTask(options.sweepIntervalMs ?? 300_000, () => this.sweep(), onError);
  }

  start(): void {
    this.sweeps.start();
    this.reports.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.sweeps.stop(), this.reports.stop()]);
  }

  /** Reports every container changed since the last time; answers how many the accounts took. */
  async reportChanged(): Promise<number> {
    const changed = [...this.options.containers.changed.values()];
    this.options.containers.changed.clear();
    let reported = 0;
    for (const container of changed) {
      const outcome = await this.report(container);
      if (outcome === 'reported') reported += 1;
      if (outcome === 'failed') this.options.containers.changed.set(container.path, container);
    }
    return reported;
  }

  /** Finds the containers of every device whose stats the accounts have not had. */
  async sweep(): Promise<void> {
    const { devicesRoot, devices, containers } = this.options;
    for (const device of await names(devicesRoot)) {
      if (!looksAfter(device, devices)) continue;
      const devicePath = join(devicesRoot, device);
      const root = join(devicePath, 'containers');
      for (const partition of await names(root)) {
        for (const suffix of await names(join(root, partition))) {
          for (const hash of await names(join(root, partition, suffix))) {
            const path = join(root, partition, suffix, hash, `${hash}.db`);
            const db = containers.database(path);
            const info = db?.info();
            if (!info || !needsReport(info)) continue;
            const { account, container } = info;
            containers.changed.set(path, {
              device,
              devicePath,
              partition: Number(partition),
              account,
              container,
              path,
            });
          }
        }
      }
    }
  }

  private async report(container: ChangedContainer): Promise<'reported' | 'unchanged' | 'failed'> {
    const db = this.options.containers.database(container.path);
    if (!db) return 'unchanged';
    const info = db.info();
    if (!needsReport(info)) return 'unchanged';
    const ring = this.options.accountRing;
    const partition = ring.partitionOf(container.account);
    const nodes = ring.primaryNodes(partition);
    const statuses = await sendToTargets(this.options.transport, {
      server: 'account',
      method: 'PUT',
      account: container.account,
      container: container.container,
      headers: accountReportHeaders(info),
      targets: nodes.map((node) => ({ host: `${node.ip}:${node.port}`, device: node.device, partition })),
    });
    const successes = statuses.filter((status) => status !== undefined && status < 300).length;
    if (successes < Math.floor(nodes.length / 2) + 1) return 'failed';
    db.reported(info);
    return 'reported';
  }
}
