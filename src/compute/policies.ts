import type { RequestContext } from '../common/auth/context.js';
import type { PolicyRule } from '../common/policy/types.js';
import { networkProxyPolicies } from './networking/network-policies.js';

// `context.can(action, target)`, as every compute API file calls it from here.
export { authorize } from '../common/policy/authorize.js';

function rule(name: string, check: string, description: string): PolicyRule {
  return { name, check, description };
}

/**
 * Nova Zed's default rules (nova/policies/*.py) for what compute serves so far. Zed runs with
 * `enforce_new_defaults = False`, so each new default is or-ed with its deprecated rule; the
 * checks below are those unions. `is_admin:True` in Nova is the `context_is_admin` rule, that is
 * the admin role on any scope.
 */
export const computePolicies: PolicyRule[] = [
  rule(
    'context_is_admin',
    'role:admin',
    "Decides what is required for the 'is_admin:True' check to succeed.",
  ),
  rule('admin_api', 'rule:context_is_admin', 'Default rule for most Admin APIs.'),
  rule(
    'admin_or_owner',
    'rule:context_is_admin or project_id:%(project_id)s',
    'Default rule for most non-Admin APIs.',
  ),
  rule(
    'project_member_api',
    '(role:member and project_id:%(project_id)s) or rule:admin_or_owner',
    'Default rule for Project level non admin APIs.',
  ),
  rule(
    'project_reader_api',
    '(role:reader and project_id:%(project_id)s) or rule:admin_or_owner',
    'Default rule for Project level read only APIs.',
  ),
  rule(
    'project_member_or_admin',
    'rule:project_member_api or rule:context_is_admin',
    'Default rule for Project Member or admin APIs.',
  ),
  rule(
    'project_reader_or_admin',
    'rule:project_reader_api or rule:context_is_admin',
    'Default rule for Project reader or admin APIs.',
  ),

  rule('os_compute_api:os-flavor-manage:create', 'rule:context_is_admin', 'Create a flavor'),
  rule('os_compute_api:os-flavor-manage:update', 'rule:context_is_admin', 'Update a flavor'),
  rule('os_compute_api:os-flavor-manage:delete', 'rule:context_is_admin', 'Delete a flavor'),

  rule(
    'os_compute_api:os-flavor-access:add_tenant_access',
    'rule:context_is_admin',
    'Add flavor access to a tenant',
  ),
  rule(
    'os_compute_api:os-flavor-access:remove_tenant_access',
    'rule:context_is_admin',
    'Remove flavor access from a tenant',
  ),
  // The deprecated rule (admin_or_owner, checked against the caller's own project) lets any
  // project user list a private flavor's access in Zed.
  rule(
    'os_compute_api:os-flavor-access',
    'rule:context_is_admin or rule:admin_or_owner',
    'List flavor access information',
  ),

  rule(
    'os_compute_api:os-flavor-extra-specs:show',
    'rule:project_reader_or_admin',
    'Show an extra spec for a flavor',
  ),
  rule(
    'os_compute_api:os-flavor-extra-specs:create',
    'rule:context_is_admin',
    'Create extra specs for a flavor',
  ),
  rule(
    'os_compute_api:os-flavor-extra-specs:update',
    'rule:context_is_admin',
    'Update an extra spec for a flavor',
  ),
  rule(
    'os_compute_api:os-flavor-extra-specs:delete',
    'rule:context_is_admin',
    'Delete an extra spec for a flavor',
  ),
  rule(
    'os_compute_api:os-flavor-extra-specs:index',
    'rule:project_reader_or_admin',
    'List extra specs for a flavor',
  ),

  rule(
    'os_compute_api:os-keypairs:index',
    '(rule:context_is_admin) or user_id:%(user_id)s',
    'List all keypairs',
  ),
  rule(
    'os_compute_api:os-keypairs:create',
    '(rule:context_is_admin) or user_id:%(user_id)s',
    'Create a keypair',
  ),
  rule(
    'os_compute_api:os-keypairs:delete',
    '(rule:context_is_admin) or user_id:%(user_id)s',
    'Delete a keypair',
  ),
  rule(
    'os_compute_api:os-keypairs:show',
    '(rule:context_is_admin) or user_id:%(user_id)s',
    'Show details of a keypair',
  ),

  rule('os_compute_api:os-services:list', 'rule:context_is_admin', 'List all running Compute Services'),
  rule('os_compute_api:os-services:update', 'rule:context_is_admin', 'Update a Compute Service'),
  rule('os_compute_api:os-services:delete', 'rule:context_is_admin', 'Delete a Compute Service'),

  ...['list', 'list-detail', 'show', 'statistics', 'uptime', 'search', 'servers'].map((action) =>
    rule(`os_compute_api:os-hypervisors:${action}`, 'rule:context_is_admin', `Hypervisors: ${action}`),
  ),

  ...['index', 'create', 'show', 'update', 'delete', 'add_host', 'remove_host', 'set_metadata'].map(
    (action) =>
      rule(`os_compute_api:os-aggregates:${action}`, 'rule:context_is_admin', `Aggregates: ${action}`),
  ),
  rule('compute:aggregates:images', 'rule:context_is_admin', 'Request image caching for an aggregate'),
  rule(
    'os_compute_api:os-availability-zone:list',
    '@',
    'List availability zone information without host information',
  ),
  rule(
    'os_compute_api:os-availability-zone:detail',
    'rule:context_is_admin',
    'List detailed availability zone information with host information',
  ),

  rule('os_compute_api:os-quota-sets:update', 'rule:context_is_admin', 'Update the quotas'),
  rule('os_compute_api:os-quota-sets:defaults', '@', 'List default quotas'),
  rule('os_compute_api:os-quota-sets:show', 'rule:project_reader_or_admin', 'Show a quota'),
  rule('os_compute_api:os-quota-sets:delete', 'rule:context_is_admin', 'Revert quotas to defaults'),
  rule('os_compute_api:os-quota-sets:detail', 'rule:project_reader_or_admin', 'Show the detail of quota'),
  rule(
    'os_compute_api:os-quota-class-sets:show',
    'rule:context_is_admin',
    'List quotas for specific quota classs',
  ),
  rule(
    'os_compute_api:os-quota-class-sets:update',
    'rule:context_is_admin',
    'Update quotas for specific quota class',
  ),
  rule('os_compute_api:os-server-groups:create', 'rule:project_member_or_admin', 'Create a new server group'),
  rule('os_compute_api:os-server-groups:delete', 'rule:project_member_or_admin', 'Delete a server group'),
  rule('os_compute_api:os-server-groups:index', 'rule:project_reader_or_admin', 'List all server groups'),
  rule(
    'os_compute_api:os-server-groups:index:all_projects',
    'rule:context_is_admin',
    'List all server groups for all projects',
  ),
  rule(
    'os_compute_api:os-server-groups:show',
    'rule:project_reader_or_admin',
    'Show details of a server group',
  ),
  ...serverRules(),
  ...serverActionRules(),
  ...networkProxyPolicies(),
  ...['list', 'show', 'update', 'reboot', 'shutdown', 'start'].map((action) =>
    rule(`os_compute_api:os-hosts:${action}`, 'rule:context_is_admin', `Hosts (deprecated): ${action}`),
  ),
  rule('os_compute_api:os-migrations:index', 'rule:context_is_admin', 'List migrations'),
  ...['index', 'show', 'force_complete', 'delete'].map((action) =>
    rule(
      `os_compute_api:servers:migrations:${action}`,
      'rule:context_is_admin',
      `In-progress live migrations of a server: ${action}`,
    ),
  ),
  rule('os_compute_api:extensions', '@', 'List available extensions and show one by alias'),
  rule('os_compute_api:limits', '@', 'Show rate and absolute limits for the current user project'),
  rule(
    'os_compute_api:limits:other_project',
    'rule:context_is_admin',
    'Show rate and absolute limits of another project',
  ),
  rule('os_compute_api:os-server-diagnostics', 'rule:context_is_admin', 'Show the usage data for a server'),
  rule(
    'os_compute_api:os-server-password:show',
    'rule:project_reader_or_admin',
    'Show the encrypted administrative password of a server',
  ),
  rule(
    'os_compute_api:os-server-password:clear',
    'rule:project_member_or_admin',
    'Clear the encrypted administrative password of a server',
  ),
  // Neutron and Cinder call it with their service user, whose project is not the server's: the
  // target is empty and the rule is admin (Zed has no service role rule yet).
  rule(
    'os_compute_api:os-server-external-events:create',
    'rule:context_is_admin',
    'Create one or more external events',
  ),
  rule('os_compute_api:os-instance-usage-audit-log:list', 'rule:context_is_admin', 'List all usage audits.'),
  rule(
    'os_compute_api:os-instance-usage-audit-log:show',
    'rule:context_is_admin',
    'List all usage audits that occurred before a specified time',
  ),
];

/** Nova's default target: the caller's own project and user. */
export function defaultTarget(context: RequestContext): Record<string, unknown> {
  return { project_id: context.projectId, user_id: context.userId };
}

/**
 * Nova Zed's server rules (nova/policies/servers.py, server_metadata.py, server_tags.py, ips.py,
 * extended_server_attributes.py), the server actions' included.
 */
function serverRules(): PolicyRule[] {
  const servers = (action: string) => `os_compute_api:servers:${action}`;
  const admin = 'rule:context_is_admin';
  const member = 'rule:project_member_or_admin';
  const reader = 'rule:project_reader_or_admin';
  const rules: [string, string, string][] = [
    [servers('index'), reader, 'List all servers'],
    [servers('detail'), reader, 'List all servers with detailed information'],
    [servers('index:get_all_tenants'), admin, 'List all servers for all projects'],
    [servers('detail:get_all_tenants'), admin, 'List all servers with detailed information for all projects'],
    [servers('allow_all_filters'), admin, 'Allow all filters when listing servers'],
    [servers('show'), reader, 'Show a server'],
    [servers('show:flavor-extra-specs'), reader, 'Show the flavor extra specs of a server (2.47)'],
    [servers('show:host_status'), admin, 'Show a server with its host status (2.16)'],
    [servers('show:host_status:unknown-only'), admin, 'Show a server with an UNKNOWN host status only'],
    [servers('create'), member, 'Create a server'],
    [servers('create:forced_host'), admin, 'Create a server on the host given with the zone'],
    [
      'compute:servers:create:requested_destination',
      admin,
      'Create a server on the host or node given (2.74)',
    ],
    [servers('create:attach_volume'), member, 'Create a server with the requested volume attached to it'],
    [servers('create:attach_network'), member, 'Create a server with the requested network attached to it'],
    [servers('create:trusted_certs'), member, 'Create a server with trusted image certificate IDs'],
    [servers('create:zero_disk_flavor'), admin, 'Create an image-backed server with a flavor of zero disk'],
    ['network:attach_external_network', admin, 'Attach an unshared external network to a server'],
    [servers('delete'), member, 'Delete a server'],
    [servers('update'), member, 'Update a server'],
    [servers('confirm_resize'), member, 'Confirm a server resize'],
    [servers('revert_resize'), member, 'Revert a server resize'],
    [servers('reboot'), member, 'Reboot a server'],
    [servers('resize'), member, 'Resize a server'],
    ['compute:servers:resize:cross_cell', '!', 'Resize a server across cells'],
    [servers('rebuild'), member, 'Rebuild a server'],
    [servers('rebuild:trusted_certs'), member, 'Rebuild a server with trusted image certificate IDs'],
    [servers('create_image'), member, 'Create an image from a server'],
    [servers('create_image:allow_volume_backed'), member, 'Create an image from a volume-backed server'],
    [servers('start'), member, 'Start a server'],
    [servers('stop'), member, 'Stop a server'],
    [servers('trigger_crash_dump'), member, 'Trigger a crash dump in a server'],
    ['os_compute_api:os-extended-server-attributes', admin, 'Show the extended attributes of a server'],
    ['os_compute_api:ips:index', reader, 'List the IP addresses of a server'],
    ['os_compute_api:ips:show', reader, 'Show the IP addresses of a server on one network'],
    ...['index', 'show'].map((a): [string, string, string] => [
      `os_compute_api:server-metadata:${a}`,
      reader,
      `Server metadata: ${a}`,
    ]),
    ...['create', 'update', 'update_all', 'delete'].map((a): [string, string, string] => [
      `os_compute_api:server-metadata:${a}`,
      member,
      `Server metadata: ${a}`,
    ]),
    ...['index', 'show'].map((a): [string, string, string] => [
      `os_compute_api:os-server-tags:${a}`,
      reader,
      `Server tags: ${a}`,
    ]),
    ...['update', 'update_all', 'delete', 'delete_all'].map((a): [string, string, string] => [
      `os_compute_api:os-server-tags:${a}`,
      member,
      `Server tags: ${a}`,
    ]),
  ];
  return rules.map(([name, check, description]) => rule(name, check, description));
}

/**
 * Nova Zed's rules of the server actions beyond `servers:*` and their neighbouring APIs
 * (pause_server.py, suspend_server.py, lock_server.py, rescue.py, shelve.py, evacuate.py,
 * migrate_server.py, admin_actions.py, console_output.py, remote_consoles.py, deferred_delete.py,
 * security_groups.py, create_backup.py, instance_actions.py, simple_tenant_usage.py,
 * volumes_attachments.py, attach_interfaces.py).
 */
function serverActionRules(): PolicyRule[] {
  const admin = 'rule:context_is_admin';
  const member = 'rule:project_member_or_admin';
  const reader = 'rule:project_reader_or_admin';
  const api = (name: string) => `os_compute_api:${name}`;
  const rules: [string, string, string][] = [
    [api('os-pause-server:pause'), member, 'Pause a server'],
    [api('os-pause-server:unpause'), member, 'Unpause a paused server'],
    [api('os-suspend-server:suspend'), member, 'Suspend a server'],
    [api('os-suspend-server:resume'), member, 'Resume a suspended server'],
    [api('os-lock-server:lock'), member, 'Lock a server'],
    [api('os-lock-server:unlock'), member, 'Unlock a server'],
    [api('os-lock-server:unlock:unlock_override'), admin, 'Unlock a server locked by someone else'],
    [api('os-rescue'), member, 'Rescue a server'],
    [api('os-unrescue'), member, 'Unrescue a server'],
    [api('os-shelve:shelve'), member, 'Shelve a server'],
    [api('os-shelve:unshelve'), member, 'Unshelve (restore) a shelved server'],
    [api('os-shelve:unshelve_to_host'), admin, 'Unshelve a shelved-offloaded server to a given host (2.91)'],
    [api('os-shelve:shelve_offload'), admin, 'Shelf-offload (remove) a server'],
    [api('os-evacuate'), admin, 'Evacuate a server from a failed host to a new host'],
    [api('os-migrate-server:migrate'), admin, 'Cold migrate a server to a host'],
    [api('os-migrate-server:migrate_live'), admin, 'Live migrate a server to a new host without a reboot'],
    [api('os-admin-actions:reset_state'), admin, 'Reset the state of a given server'],
    [api('os-admin-actions:inject_network_info'), admin, 'Inject network information into the server'],
    [api('os-console-output'), member, 'Show console output for a server'],
    [api('os-remote-consoles'), member, 'Generate a URL to access a remote server console'],
    [api('os-deferred-delete:restore'), member, 'Restore a soft deleted server'],
    [api('os-deferred-delete:force'), member, 'Force delete a server before deferred cleanup'],
    [api('os-security-groups:add'), member, 'Add a security group to a server'],
    [api('os-security-groups:remove'), member, 'Remove a security group from a server'],
    [api('os-create-backup'), member, 'Create a back up of a server'],
    [api('os-instance-actions:list'), reader, 'List actions for a server'],
    [api('os-instance-actions:show'), reader, 'Show action details for a server'],
    [api('os-instance-actions:events'), admin, 'Add events details in action details for a server'],
    [api('os-instance-actions:events:details'), admin, 'Add details for events in action details (2.84)'],
    [api('os-simple-tenant-usage:show'), reader, 'Show usage statistics for a specific tenant'],
    [api('os-simple-tenant-usage:list'), admin, 'List per tenant usage statistics for all tenants'],
    [api('os-volumes-attachments:index'), reader, 'List volume attachments for an instance'],
    [api('os-volumes-attachments:create'), member, 'Attach a volume to an instance'],
    [api('os-volumes-attachments:show'), reader, 'Show details of a volume attachment'],
    [api('os-volumes-attachments:update'), member, 'Update a volume attachment'],
    [api('os-volumes-attachments:swap'), admin, 'Update a volume attachment with a different volumeId'],
    [api('os-volumes-attachments:delete'), member, 'Detach a volume from an instance'],
    [api('os-attach-interfaces:list'), reader, 'List port interfaces attached to a server'],
    [api('os-attach-interfaces:show'), reader, 'Show details of a port interface attached to a server'],
    [api('os-attach-interfaces:create'), member, 'Attach an interface to a server'],
    [api('os-attach-interfaces:delete'), member, 'Detach an interface from a server'],
  ];
  return rules.map(([name, check, description]) => rule(name, check, description));
}
