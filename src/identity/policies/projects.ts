import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

const PROJECT_READER =
  'rule:cloud_reader or (role:reader and domain_id:%(target.project.domain_id)s) or ' +
  'project_id:%(target.project.id)s';
const PROJECT_ADMIN = 'rule:cloud_admin or (role:admin and domain_id:%(target.project.domain_id)s)';
const PROJECT_TAG_ADMIN =
  'rule:cloud_admin or (role:admin and domain_id:%(target.project.domain_id)s) or ' +
  '(role:admin and project_id:%(target.project.id)s)';

/**
 * Domains, projects and project tags.
 *
 * Targets, as Keystone's API builds them (`domain_id`/`project_id`/`user_id` path parameters sit
 * at the top level beside `target`):
 * - get_domain, update_domain, delete_domain: `{domain_id, target: {domain}}` (the stored domain).
 * - list_domains, create_domain: `{}`.
 * - get_project, update_project, delete_project and every project tag rule:
 *   `{project_id, target: {project}}` (the stored project).
 * - create_project: `{target: {project}}` (the request body's project, domain_id resolved).
 * - list_projects: `{target: {domain_id}}` only when the token is domain-scoped, else `{}`.
 * - list_user_projects (GET /v3/users/{user_id}/projects): `{user_id, target: {user}}`.
 */
export const projectPolicies: PolicyRule[] = [
  rule(
    'identity:get_domain',
    'rule:cloud_reader or token.domain.id:%(target.domain.id)s or token.project.domain.id:%(target.domain.id)s',
    'Show domain details.',
  ),
  rule('identity:list_domains', 'rule:cloud_reader', 'List domains.'),
  rule('identity:create_domain', 'rule:cloud_admin', 'Create domain.'),
  rule('identity:update_domain', 'rule:cloud_admin', 'Update domain.'),
  rule('identity:delete_domain', 'rule:cloud_admin', 'Delete domain.'),

  rule('identity:get_project', PROJECT_READER, 'Show project details.'),
  rule(
    'identity:list_projects',
    // The `not None` guard keeps a project-scoped caller (domain_id None) from matching a
    // target whose domain_id is None too.
    'rule:cloud_reader or (role:reader and domain_id:%(target.domain_id)s and not None:%(target.domain_id)s)',
    'List projects.',
  ),
  rule(
    'identity:list_user_projects',
    'rule:cloud_reader or (role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(target.user.id)s',
    'List projects for user.',
  ),
  rule('identity:create_project', PROJECT_ADMIN, 'Create project.'),
  rule('identity:update_project', PROJECT_ADMIN, 'Update project.'),
  rule('identity:delete_project', PROJECT_ADMIN, 'Delete project.'),

  rule('identity:list_project_tags', PROJECT_READER, 'List tags for a project.'),
  rule('identity:get_project_tag', PROJECT_READER, 'Check if project contains a tag.'),
  rule(
    'identity:update_project_tags',
    PROJECT_TAG_ADMIN,
    'Replace all tags on a project with the new set of tags.',
  ),
  rule('identity:create_project_tag', PROJECT_TAG_ADMIN, 'Add a single tag to a project.'),
  rule('identity:delete_project_tags', PROJECT_TAG_ADMIN, 'Remove all tags from a project.'),
  rule('identity:delete_project_tag', PROJECT_TAG_ADMIN, 'Delete a specified tag from project.'),
];
