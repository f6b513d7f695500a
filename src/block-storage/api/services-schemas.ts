const SERVICE_BODY_PROPERTIES = {
  binary: { type: 'string', minLength: 1, maxLength: 255 },
  host: { type: ['string', 'null'], minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._#@:/+\\[\\]]*$' },
  cluster: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
  service: { type: 'string', minLength: 1, maxLength: 255 },
};

/** cinder/api/schemas/services.py `enable_and_disable`. */
export const enableAndDisableBody = {
  type: 'object',
  properties: SERVICE_BODY_PROPERTIES,
  anyOf: [{ required: ['binary'] }, { required: ['service'] }],
  additionalProperties: false,
};

/** `disable_log_reason`: the same with a reason. */
export const disableLogReasonBody = {
  ...enableAndDisableBody,
  properties: {
    ...SERVICE_BODY_PROPERTIES,
    disabled_reason: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

export interface ServiceUpdateBody {
  binary?: string;
  service?: string;
  host?: string | null;
  disabled_reason?: string;
}

/** `PUT /os-services/{action}`: enable, disable or disable-log-reason. */
export const serviceActionParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, action: { type: 'string' } },
  required: ['action'],
};

const upOrDown = { type: 'string', enum: ['up', 'down'] };
const enabledOrDisabled = { type: 'string', enum: ['enabled', 'disabled'] };
const textOrNull = { type: ['string', 'null'] };

/** Tempest's `list_services` with 3.7's `cluster`; the replication fields are the volume services'. */
export const serviceListResponse = {
  type: 'object',
  properties: {
    services: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          binary: { type: 'string' },
          host: { type: 'string' },
          zone: { type: 'string' },
          status: enabledOrDisabled,
          state: upOrDown,
          updated_at: { type: 'string' },
          backend_state: upOrDown,
          cluster: textOrNull,
          disabled_reason: textOrNull,
          replication_status: { type: 'string' },
          active_backend_id: textOrNull,
          frozen: { type: 'boolean' },
        },
        required: ['binary', 'host', 'zone', 'status', 'state', 'updated_at', 'disabled_reason'],
        additionalProperties: false,
      },
    },
  },
  required: ['services'],
  additionalProperties: false,
};

/** Tempest's `enable_service`, `disable_service` and `disable_log_reason`: only a plain disable has no reason. */
export const serviceUpdateResponse = {
  type: 'object',
  properties: {
    disabled: { type: 'boolean' },
    disabled_reason: textOrNull,
    host: { type: 'string' },
    service: { type: 'string' },
    binary: { type: 'string' },
    status: enabledOrDisabled,
  },
  required: ['disabled', 'host', 'service', 'binary', 'status'],
  additionalProperties: false,
};
