/**
 * The instance usage audit report (nova/api/openstack/compute/instance_usage_audit_log.py): how
 * far each compute host got with the `instance_usage_audit` task of one audit period.
 */

/** One host's run of the audit task over the period (Nova's `task_log` row). */
export interface TaskLogEntry {
  host: string;
  /** `RUNNING` or `DONE`. */
  state: string;
  /** Instances the host audited. */
  taskItems: number;
  errors: number;
  message: string;
}

/** An audit period, its bounds in UTC. */
export interface AuditPeriod {
  begin: Date;
  end: Date;
}

/**
 * `utils.last_completed_audit_period` for Nova's default monthly period: the last whole month
 * that ended before `beforeMicros` (microseconds since the epoch, UTC; a month ending exactly
 * then has not ended before it).
 */
export function lastCompletedMonth(beforeMicros: number): AuditPeriod {
  const before = new Date(Math.floor(beforeMicros / 1000));
  const year = before.getUTCFullYear();
  let end = monthStart(year, before.getUTCMonth());
  if (end.getTime() * 1000 >= beforeMicros) end = monthStart(year, before.getUTCMonth() - 1);
  return { begin: monthStart(end.getUTCFullYear(), end.getUTCMonth() - 1), end };
}

/** Midnight UTC of the 1st of `month` (0-based; -1 is December of the year before). */
function monthStart(year: number, month: number): Date {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years below 100 as 19xx.
  date.setUTCFullYear(year, month, 1);
  return date;
}

/** Python's `str(datetime)` of a whole second: `2026-10-01 00:00:00`. */
const pythonDateTime = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

/**
 * `_get_audit_task_logs`: the period's task logs summed up against the compute hosts (disabled
 * ones included, as they may have instances). A host with no log has not run the audit.
 */
export function auditReport(period: AuditPeriod, taskLogs: TaskLogEntry[], computeHosts: string[]) {
  const hosts = new Set(computeHosts);
  const seen = new Set(taskLogs.map((log) => log.host));
  const done = new Set(taskLogs.filter((log) => log.state === 'DONE').map((log) => log.host));
  const running = new Set(taskLogs.filter((log) => log.state === 'RUNNING').map((log) => log.host));
  const totalErrors = taskLogs.reduce((sum, log) => sum + log.errors, 0);
  const notRun = [...hosts].filter((host) => !seen.has(host)).sort();
  const doneCount = done.size === hosts.size ? 'ALL' : `${done.size} of ${hosts.size}`;
  return {
    period_beginning: pythonDateTime(period.begin),
    period_ending: pythonDateTime(period.end),
    num_hosts: hosts.size,
    num_hosts_done: done.size,
    num_hosts_running: running.size,
    num_hosts_not_run: notRun.length,
    hosts_not_run: notRun,
    total_instances: taskLogs.reduce((sum, log) => sum + log.taskItems, 0),
    total_errors: totalErrors,
    overall_status: `${doneCount} hosts done. ${totalErrors} errors.`,
    log: Object.fromEntries(
      taskLogs.map((log) => [
        log.host,
        { state: log.state, instances: log.taskItems, errors: log.errors, message: log.message },
      ]),
    ),
  };
}
