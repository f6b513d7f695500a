import type { NetworkDeps } from '../deps.js';
import { invalidInput } from '../errors.js';
import { RBAC_OBJECT_TYPES } from '../rbac/rbac-access.js';
import { RbacPolicyHandler } from '../rbac/rbac-handler.js';
import {
  DESCRIPTION_SIZE,
  ID_ATTRIBUTE,
  PROJECT_ATTRIBUTES,
  type AttributeMap,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import { pythonText, validString, validUuid, type Converter, type Validator } from './engine/validators.js';

/** neutron's convert_valid_object_type: a known type, whatever its case and spaces. */
const toObjectType: Converter = (value) => {
  const normalized = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if ((RBAC_OBJECT_TYPES as readonly unknown[]).includes(normalized)) return normalized;
  throw invalidInput(`'${pythonText(value)}' is not a valid RBAC object type`);
};

/** oslo's is_uuid_like: 32 hex digits once `urn:uuid:`, braces and dashes are dropped. */
function uuidLike(value: string): boolean {
  const hex = value
    .toLowerCase()
    .replace('urn:', '')
    .replace('uuid:', '')
    .replace(/^\{|\}$/g, '');
  return /^[0-9a-f]{32}$/.test(hex.replace(/-/g, ''));
}

/** neutron's valid_target_project, which raises InvalidInput itself: a project id or `*`. */
const validTargetProject: Validator = (value) => {
  if (value === '*' || (typeof value === 'string' && uuidLike(value))) return null;
  throw invalidInput(`'${pythonText(value)}' is not a valid target project ID; expected a UUID or '*'`);
};

/** neutron/extensions/rbac.py's attribute map. */
export const RBAC_POLICY_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  object_type: { allowPost: true, allowPut: false, convert: toObjectType, enforcePolicy: true },
  object_id: { allowPost: true, allowPut: false, validate: validUuid, enforcePolicy: true },
  target_tenant: { allowPost: true, allowPut: true, validate: validTargetProject, enforcePolicy: true },
  ...PROJECT_ATTRIBUTES,
  action: { allowPost: true, allowPut: false, validate: validString(DESCRIPTION_SIZE), enforcePolicy: true },
};

export function rbacPoliciesResource(deps: NetworkDeps): ResourceDefinition {
  return {
    singular: 'rbac_policy',
    plural: 'rbac_policies',
    path: '/rbac-policies',
    attributes: RBAC_POLICY_ATTRIBUTES,
    // Neutron looks an entry up in every type's table; one it cannot see is of no known type.
    notFound: {
      type: 'RbacPolicyNotFound',
      message: (id) => `RBAC policy of type unknown with ID ${id} not found`,
    },
    allowBulk: true,
    handler: new RbacPolicyHandler(deps),
  };
}
