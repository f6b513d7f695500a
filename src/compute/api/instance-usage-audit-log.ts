import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { ServiceRegistry } from '../services/service-registry.js';
import {
  auditLogListResponse,
  auditLogParams,
  auditLogShowResponse,
} from './schemas/instance-usage-audit-log.js';
import { auditReport, lastCompletedMonth, type TaskLogEntry } from './views/instance-usage-audit-log.js';

const POLICY = (action: string) => `os_compute_api:os-instance-usage-audit-log:${action}`;

// Python's strptime pieces of `%Y-%m-%d %H:%M:%S` (and `.%f`); the space matches any whitespace.
const DATE = '(\\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])';
const TIME = '(2[0-3]|[01]\\d|\\d):([0-5]\\d|\\d):(6[01]|[0-5]\\d|\\d)';
const WHOLE_SECONDS = new RegExp(`^${DATE}\\s+${TIME}$`);
const WITH_FRACTION = new RegExp(`^${DATE}\\s+${TIME}\\.(\\d{1,6})$`);

/**
 * The `before_timestamp` of show, as Nova reads it: `%Y-%m-%d %H:%M:%S.%f` when it has a dot,
 * else `%Y-%m-%d %H:%M:%S`, in UTC; microseconds since the epoch, or null when it is not a
 * date that exists.
 */
export function parseBeforeTimestamp(text: string): number | null {
  const match = (text.includes('.') ? WITH_FRACTION : WHOLE_SECONDS).exec(text);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number);
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years below 100 as 19xx.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s);
  // Python's datetime refuses year 0, February 30th and second 60, which Date would roll over.
  if (y === 0 || date.getUTCDate() !== d || date.getUTCSeconds() !== s) return null;
  return date.getTime() * 1000 + Number((match[7] ?? '').padEnd(6, '0'));
}

/**
 * `/os-instance_usage_audit_log` (admin): how far the compute hosts got with auditing the
 * instances' usage over the last whole month (before now, or before the given time).
 */
export function instanceUsageAuditLogRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const services = new ServiceRegistry(deps.db);

  async function report(beforeMicros: number) {
    const computeHosts = (await services.list({ binary: 'nova-compute' })).map((service) => service.host);
    // Stratus's agents do not run the `instance_usage_audit` periodic task (off by default in
    // Nova too), so no host has a task log for any period.
    const taskLogs: TaskLogEntry[] = [];
    return auditReport(lastCompletedMonth(beforeMicros), taskLogs, computeHosts);
  }

  app.get(
    '/os-instance_usage_audit_log',
    { schema: { response: { 200: auditLogListResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY('list'), {}, request.context);
      return { instance_usage_audit_logs: await report(deps.now().getTime() * 1000) };
    },
  );

  app.get(
    '/os-instance_usage_audit_log/:before_timestamp',
    { schema: { params: auditLogParams, response: { 200: auditLogShowResponse } } },
    async (request: FastifyRequest<{ Params: { before_timestamp: string } }>) => {
      authorize(deps.policy, POLICY('show'), {}, request.context);
      const text = request.params.before_timestamp;
      const before = parseBeforeTimestamp(text);
      if (before === null) throw new BadRequest(`Invalid timestamp for date ${text}`);
      return { instance_usage_audit_log: await report(before) };
    },
  );
}
