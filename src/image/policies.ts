import type { PolicyRule } from '../common/policy/types.js';
import { metadefPolicies } from './metadefs/metadef-policies.js';

/*
 * Glance Zed's new (project-scoped) defaults, under Glance's names so operators' policy files
 * carry over. Image rules get the image as target: its attributes and extra properties,
 * `project_id` (the owner) and `member_id` (the caller's project when the image is shared with
 * it), as Glance's ImageTarget gives them.
 */
const PROJECT_MEMBER = 'role:member and project_id:%(project_id)s';
const PROJECT_READER = 'role:reader and project_id:%(project_id)s';
const IMAGE_MEMBER = 'project_id:%(member_id)s';
const VISIBLE_TO_OTHERS = "'community':%(visibility)s or 'public':%(visibility)s or 'shared':%(visibility)s";

const ADMIN_OR_PROJECT_MEMBER = `role:admin or (${PROJECT_MEMBER})`;
const ADMIN_OR_PROJECT_READER = `role:admin or (${PROJECT_READER})`;
const ADMIN_OR_SHARED_MEMBER = `role:admin or (role:member and ${IMAGE_MEMBER})`;
const ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER = `role:admin or role:reader and (project_id:%(project_id)s or ${IMAGE_MEMBER})`;

export const imagePolicies: PolicyRule[] = [
  { name: 'default', check: '', description: 'The rule for policies not otherwise specified.' },
  {
    name: 'context_is_admin',
    check: 'role:admin',
    description: 'Defines the rule for the is_admin:True check.',
  },
  {
    name: 'add_image',
    check: `role:admin or (${PROJECT_MEMBER} and project_id:%(owner)s)`,
    description: 'Create new image',
  },
  { name: 'delete_image', check: ADMIN_OR_PROJECT_MEMBER, description: 'Deletes the image' },
  {
    name: 'get_image',
    check: `role:admin or (role:reader and (project_id:%(project_id)s or ${IMAGE_MEMBER} or ${VISIBLE_TO_OTHERS}))`,
    description: 'Get specified image',
  },
  { name: 'get_images', check: ADMIN_OR_PROJECT_READER, description: 'Get all available images' },
  { name: 'modify_image', check: ADMIN_OR_PROJECT_MEMBER, description: 'Updates given image' },
  { name: 'publicize_image', check: 'role:admin', description: 'Publicize given image' },
  { name: 'communitize_image', check: ADMIN_OR_PROJECT_MEMBER, description: 'Communitize given image' },
  {
    name: 'download_image',
    check: `role:admin or (role:member and (project_id:%(project_id)s or ${IMAGE_MEMBER} or ${VISIBLE_TO_OTHERS}))`,
    description: 'Downloads given image',
  },
  { name: 'upload_image', check: ADMIN_OR_PROJECT_MEMBER, description: 'Uploads data to specified image' },
  { name: 'delete_image_location', check: 'role:admin', description: 'Deletes the location of given image' },
  {
    name: 'get_image_location',
    check: ADMIN_OR_PROJECT_READER,
    description: 'Reads the location of the image',
  },
  {
    name: 'set_image_location',
    check: ADMIN_OR_PROJECT_MEMBER,
    description: 'Sets location URI to given image',
  },
  { name: 'add_member', check: ADMIN_OR_PROJECT_MEMBER, description: 'Create image member' },
  { name: 'delete_member', check: ADMIN_OR_PROJECT_MEMBER, description: 'Delete image member' },
  {
    name: 'get_member',
    check: ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER,
    description: 'Show image member details',
  },
  { name: 'get_members', check: ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER, description: 'List image members' },
  { name: 'modify_member', check: ADMIN_OR_SHARED_MEMBER, description: 'Update image member' },
  { name: 'deactivate', check: ADMIN_OR_PROJECT_MEMBER, description: 'Deactivate image' },
  { name: 'reactivate', check: ADMIN_OR_PROJECT_MEMBER, description: 'Reactivate image' },
  { name: 'stores_info_detail', check: 'role:admin', description: 'Expose store specific information' },
  ...metadefPolicies,
];
