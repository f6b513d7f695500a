/** `GET /os-instance_usage_audit_log/{before_timestamp}`. */
export const auditLogParams = {
  type: 'object',
  properties: { before_timestamp: { type: 'string' } },
  required: ['before_timestamp'],
};

/** Tempest's `common_instance_usage_audit_log`. */
const auditLog = {
  type: 'object',
  properties: {
    hosts_not_run: { type: 'array', items: { type: 'string' } },
    log: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          state: { type: 'string' },
          instances: { type: 'integer' },
          errors: { type: 'integer' },
          message: { type: 'string' },
        },
        required: ['state', 'instances', 'errors', 'message'],
        additionalProperties: false,
      },
    },
    num_hosts: { type: 'integer' },
    num_hosts_done: { type: 'integer' },
    num_hosts_not_run: { type: 'integer' },
    num_hosts_running: { type: 'integer' },
    overall_status: { type: 'string' },
    period_beginning: { type: 'string' },
    period_ending: { type: 'string' },
    total_errors: { type: 'integer' },
    total_instances: { type: 'integer' },
  },
  required: [
    'hosts_not_run',
    'log',
    'num_hosts',
    'num_hosts_done',
    'num_hosts_not_run',
    'num_hosts_running',
    'overall_status',
    'period_beginning',
    'period_ending',
    'total_errors',
    'total_instances',
  ],
  additionalProperties: false,
};

export const auditLogListResponse = {
  type: 'object',
  properties: { instance_usage_audit_logs: auditLog },
  required: ['instance_usage_audit_logs'],
  additionalProperties: false,
};

export const auditLogShowResponse = {
  type: 'object',
  properties: { instance_usage_audit_log: auditLog },
  required: ['instance_usage_audit_log'],
  additionalProperties: false,
};
