import type { NetworkDeps } from '../deps.js';
import { SecurityGroupHandler } from '../security-groups/group-handler.js';
import { defaultAlreadyExists } from '../security-groups/security-group-errors.js';
import {
  ID_ATTRIBUTE,
  NAME_SIZE,
  PROJECT_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  nameAttribute,
  type AttributeMap,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import { toBoolean, validString, type Validator } from './engine/validators.js';

/** `type:name_not_default`: a name, never `default` (any case), which only the project's default group has. */
const validNameNotDefault: Validator = (value) => {
  const reason = validString(NAME_SIZE)(value);
  if (reason) return reason;
  if ((value as string).toLowerCase() === 'default') throw defaultAlreadyExists();
  return null;
};

/** neutron's securitygroup extension with stateful-security-group and security-groups-shared-filtering. */
export const SECURITY_GROUP_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  name: { ...nameAttribute(), validate: validNameNotDefault },
  ...PROJECT_ATTRIBUTES,
  security_group_rules: { allowPost: false, allowPut: false, filter: false },
  ...STANDARD_ATTRIBUTES,
  // stateful-security-group
  stateful: { allowPost: true, allowPut: true, default: true, convert: toBoolean },
  // security-groups-shared-filtering: shared with the caller by RBAC
  shared: { allowPost: false, allowPut: false, convert: toBoolean },
};

export function securityGroupsResource(deps: NetworkDeps): ResourceDefinition {
  return {
    singular: 'security_group',
    plural: 'security_groups',
    path: '/security-groups',
    attributes: SECURITY_GROUP_ATTRIBUTES,
    notFound: { type: 'SecurityGroupNotFound', message: (id) => `Security group ${id} does not exist` },
    allowBulk: true,
    handler: new SecurityGroupHandler(deps),
  };
}
