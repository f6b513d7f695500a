import { toBoolean, validListOf, validString, type Converter, type Validator } from './validators.js';

/**
 * One attribute of a resource as neutron-lib's RESOURCE_ATTRIBUTE_MAP declares it: whether a
 * create (POST) or update (PUT) may set it, its default (without one it is required on
 * create), how it is converted and validated, and whether lists may filter or sort by it.
 */
export interface AttributeSpec {
  allowPost: boolean;
  allowPut: boolean;
  /** Present: the attribute is optional on create and takes this value (a function: computed per request). */
  default?: unknown;
  convert?: Converter;
  validate?: Validator;
  /** Shown in responses; false for write-only attributes. Default true. */
  visible?: boolean;
  /** Lists may filter on it (`?name=x`). Default true for visible attributes. */
  filter?: boolean;
  /** Lists may sort on it (`?sort_key=name`). */
  sortKey?: boolean;
  /** Setting it is checked by its own policy rule, `create_<resource>:<attribute>`. */
  enforcePolicy?: boolean;
}

export type AttributeMap = Record<string, AttributeSpec>;

/** Neutron's NAME_FIELD_SIZE, DESCRIPTION_FIELD_SIZE and PROJECT_ID_FIELD_SIZE. */
export const NAME_SIZE = 255;
export const DESCRIPTION_SIZE = 255;
export const PROJECT_ID_SIZE = 255;

/** The owner, under both its names (Neutron keeps `tenant_id` for old clients). */
export const PROJECT_ATTRIBUTES: AttributeMap = {
  tenant_id: { allowPost: true, allowPut: false, validate: validString(PROJECT_ID_SIZE), sortKey: true },
  project_id: { allowPost: true, allowPut: false, validate: validString(PROJECT_ID_SIZE), sortKey: true },
};

/** The standard attributes every standard-attr resource has (description, tags, revision, times). */
export const STANDARD_ATTRIBUTES: AttributeMap = {
  description: {
    allowPost: true,
    allowPut: true,
    default: '',
    validate: validString(DESCRIPTION_SIZE),
  },
  tags: { allowPost: false, allowPut: false, filter: false },
  revision_number: { allowPost: false, allowPut: false, sortKey: true },
  created_at: { allowPost: false, allowPut: false, sortKey: true },
  updated_at: { allowPost: false, allowPut: false, sortKey: true },
};

/** `id`, read-only, a UUID. */
export const ID_ATTRIBUTE: AttributeMap = {
  id: { allowPost: false, allowPut: false, sortKey: true },
};

/** `name` as most resources have it. */
export function nameAttribute(): AttributeSpec {
  return { allowPost: true, allowPut: true, default: '', validate: validString(NAME_SIZE), sortKey: true };
}

/** `admin_state_up`, true by default. */
export function adminStateAttribute(): AttributeSpec {
  return { allowPost: true, allowPut: true, default: true, convert: toBoolean, sortKey: true };
}

/** A list of strings, unique (tags on create, `availability_zone_hints`...). */
export const validStringList: Validator = validListOf(validString(255));
