import { PROJECT_RESOURCES } from '../quotas/quota-resources.js';

/** cinder/api/schemas/quotas.py `update_quota`; the keys and values are checked as its `quota_set` format. */
export const updateQuotaSetBody = {
  type: 'object',
  properties: { quota_set: { type: 'object', minProperties: 1 } },
  required: ['quota_set'],
  additionalProperties: false,
};

/** cinder/api/schemas/quota_classes.py `update_quota_class` with parameter_types' `quota_class_set`. */
export const updateQuotaClassSetBody = {
  type: 'object',
  properties: {
    quota_class_set: {
      type: 'object',
      patternProperties: {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {
          type: ['integer', 'string'],
          pattern: '^[0-9]*$',
          cinderMinimum: -1,
          minLength: 1,
          cinderMaximum: 0x7fffffff,
        },
      },
      additionalProperties: false,
    },
  },
  required: ['quota_class_set'],
  additionalProperties: false,
};

/** The project of `/os-quota-sets/{project_id}`, apart from the one of the URL's prefix. */
export const quotaSetParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, target: { type: 'string' } },
  required: ['target'],
};

export const quotaClassParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, className: { type: 'string' } },
  required: ['className'],
};

/** Tempest's `quota_usage_info`: nothing is ever reserved or allocated here, but the keys stay. */
const usageDetail = {
  type: 'object',
  properties: {
    limit: { type: 'integer' },
    in_use: { type: 'integer' },
    reserved: { type: 'integer' },
    allocated: { type: 'integer' },
  },
  required: ['limit', 'in_use', 'reserved'],
  additionalProperties: false,
};

/**
 * A quota set by resource: the globals always, `volumes_<type>` and the like of every volume
 * type as further keys; `id` (the project or class) on shows, not on updates.
 */
function quotaSetView(value: object, withId: boolean): object {
  return {
    type: 'object',
    properties: { id: { type: 'string' } },
    additionalProperties: value,
    required: withId ? ['id', ...PROJECT_RESOURCES] : [...PROJECT_RESOURCES],
  };
}

function wrapped(key: string, view: object): object {
  return { type: 'object', properties: { [key]: view }, required: [key], additionalProperties: false };
}

const limit = { type: 'integer' };

/** Tempest's `show_quota_set` and, with `?usage=true`, `show_quota_set_usage`. */
export const quotaSetResponse = wrapped('quota_set', {
  oneOf: [quotaSetView(limit, true), quotaSetView(usageDetail, true)],
});

/** Tempest's `update_quota_set`. */
export const updatedQuotaSetResponse = wrapped('quota_set', quotaSetView(limit, false));

/** Tempest's `show_quota_classes`. */
export const quotaClassSetResponse = wrapped('quota_class_set', quotaSetView(limit, true));

/** Tempest's `update_quota_classes`. */
export const updatedQuotaClassSetResponse = wrapped('quota_class_set', quotaSetView(limit, false));
