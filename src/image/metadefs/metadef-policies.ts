import type { PolicyRule } from '../../common/policy/types.js';

/*
 * Glance Zed's default metadef rules, under Glance's names: readers of the owning project (or
 * anyone with the reader role, on a public namespace) read; only admins write. The target is the
 * namespace: `project_id` is its owner, plus its `visibility`.
 */
const READ_NAMESPACE =
  "role:admin or (role:reader and (project_id:%(project_id)s or 'public':%(visibility)s))";
const ADMIN = 'rule:metadef_admin';

const rule = (name: string, check: string, description: string): PolicyRule => ({ name, check, description });

export const metadefPolicies: PolicyRule[] = [
  rule('metadef_default', '', 'The rule for metadef policies not otherwise specified.'),
  rule('metadef_admin', 'role:admin', 'Who may change metadata definitions.'),
  rule('get_metadef_namespace', READ_NAMESPACE, 'Get a specific namespace.'),
  rule(
    'get_metadef_namespaces',
    'role:admin or (role:reader and project_id:%(project_id)s)',
    'List namespace.',
  ),
  rule('modify_metadef_namespace', ADMIN, 'Modify an existing namespace.'),
  rule('add_metadef_namespace', ADMIN, 'Create a namespace.'),
  rule('delete_metadef_namespace', ADMIN, 'Delete a namespace.'),
  rule('get_metadef_object', READ_NAMESPACE, 'Get a specific object from a namespace.'),
  rule('get_metadef_objects', READ_NAMESPACE, 'Get objects from a namespace.'),
  rule('modify_metadef_object', ADMIN, 'Update an object within a namespace.'),
  rule('add_metadef_object', ADMIN, 'Create an object within a namespace.'),
  rule('delete_metadef_object', ADMIN, 'Delete an object within a namespace.'),
  rule('list_metadef_resource_types', READ_NAMESPACE, 'List meta definition resource types.'),
  rule('get_metadef_resource_type', READ_NAMESPACE, 'Get meta definition resource types associations.'),
  rule('add_metadef_resource_type_association', ADMIN, 'Create meta definition resource types association.'),
  rule(
    'remove_metadef_resource_type_association',
    ADMIN,
    'Delete meta definition resource types association.',
  ),
  rule('get_metadef_property', READ_NAMESPACE, 'Get a specific meta definition property.'),
  rule('get_metadef_properties', READ_NAMESPACE, 'List meta definition properties.'),
  rule('modify_metadef_property', ADMIN, 'Update meta definition property.'),
  rule('add_metadef_property', ADMIN, 'Create meta definition property.'),
  rule('remove_metadef_property', ADMIN, 'Delete meta definition property.'),
  rule('get_metadef_tag', READ_NAMESPACE, 'Get tag definition.'),
  rule('get_metadef_tags', READ_NAMESPACE, 'List tag definitions.'),
  rule('modify_metadef_tag', ADMIN, 'Update tag definition.'),
  rule('add_metadef_tag', ADMIN, 'Add tag definition.'),
  rule('add_metadef_tags', ADMIN, 'Create tag definitions.'),
  rule('delete_metadef_tag', ADMIN, 'Delete tag definition.'),
  rule('delete_metadef_tags', ADMIN, 'Delete tag definitions.'),
];
