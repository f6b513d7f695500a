import { flavorOf, type InstanceRow } from '../../instances/instance-repo.js';
import { novaTime } from './services.js';

/**
 * Nova's usage report (`SimpleTenantUsageController._tenant_usages_for_period`): each server's
 * hours within the period, and each project's totals of hours and of vCPU, MB and GB hours.
 */

const HOUR_MS = 3600_000;

/** `_hours_for`: from launch (or the period's start) to termination (or the period's end). */
export function hoursWithin(
  row: Pick<InstanceRow, 'launched_at' | 'terminated_at'>,
  start: Date,
  stop: Date,
): number {
  const launched = row.launched_at ? new Date(row.launched_at) : null;
  const terminated = row.terminated_at ? new Date(row.terminated_at) : null;
  if (terminated && terminated < start) return 0;
  if (!launched || launched > stop) return 0;
  const from = Math.max(launched.getTime(), start.getTime());
  const to = terminated ? Math.min(stop.getTime(), terminated.getTime()) : stop.getTime();
  return (to - from) / HOUR_MS;
}

export interface ServerUsage {
  instance_id: string;
  name: string;
  hours: number;
  memory_mb: number;
  local_gb: number;
  vcpus: number;
  tenant_id: string;
  flavor: string;
  started_at: string | null;
  ended_at: string | null;
  state: string;
  uptime: number;
}

export interface TenantUsage {
  tenant_id: string;
  server_usages?: ServerUsage[];
  total_local_gb_usage: number;
  total_vcpus_usage: number;
  total_memory_mb_usage: number;
  total_hours: number;
  start: string | null;
  stop: string | null;
}

/** One server's usage in the period; its uptime runs to now while it is not terminated. */
export function serverUsage(row: InstanceRow, start: Date, stop: Date, now: Date): ServerUsage {
  const flavor = flavorOf(row);
  const started = new Date(row.launched_at!);
  const ended = row.terminated_at ? new Date(row.terminated_at) : null;
  return {
    instance_id: row.uuid,
    name: row.display_name,
    hours: hoursWithin(row, start, stop),
    memory_mb: flavor.memoryMb,
    local_gb: flavor.rootGb + flavor.ephemeralGb,
    vcpus: flavor.vcpus,
    tenant_id: row.project_id,
    flavor: flavor.name,
    started_at: novaTime(row.launched_at),
    ended_at: novaTime(row.terminated_at),
    state: ended ? 'terminated' : row.vm_state,
    uptime: Math.trunc(((ended ?? now).getTime() - started.getTime()) / 1000),
  };
}

/** The projects' usages in the order their servers come, and every server's usage. */
export function tenantUsages(
  rows: InstanceRow[],
  period: { start: Date; stop: Date; now: Date },
  detailed: boolean,
): { usages: TenantUsage[]; servers: ServerUsage[] } {
  const byTenant = new Map<string, TenantUsage>();
  const servers: ServerUsage[] = [];
  for (const row of rows) {
    const usage = serverUsage(row, period.start, period.stop, period.now);
    let summary = byTenant.get(usage.tenant_id);
    if (!summary) {
      summary = {
        tenant_id: usage.tenant_id,
        ...(detailed ? { server_usages: [] } : {}),
        total_local_gb_usage: 0,
        total_vcpus_usage: 0,
        total_memory_mb_usage: 0,
        total_hours: 0,
        start: novaTime(period.start.toISOString()),
        stop: novaTime(period.stop.toISOString()),
      };
      byTenant.set(usage.tenant_id, summary);
    }
    summary.total_local_gb_usage += usage.local_gb * usage.hours;
    summary.total_vcpus_usage += usage.vcpus * usage.hours;
    summary.total_memory_mb_usage += usage.memory_mb * usage.hours;
    summary.total_hours += usage.hours;
    summary.server_usages?.push(usage);
    servers.push(usage);
  }
  return { usages: [...byTenant.values()], servers };
}
