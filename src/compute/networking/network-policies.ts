import type { PolicyRule } from '../../common/policy/types.js';

/**
 * Nova Zed's rules of the network proxies (security_groups.py, floating_ips.py,
 * floating_ip_pools.py, networks.py, tenant_networks.py): readers list and show, members change,
 * each or-ed with its deprecated `admin_or_owner` rule as Zed runs; the pools are anyone's.
 */
export function networkProxyPolicies(): PolicyRule[] {
  const member = 'rule:project_member_or_admin';
  const reader = 'rule:project_reader_or_admin';
  const rules: [string, string, string][] = [
    ['os-security-groups:get', reader, 'List security groups (up to 2.35)'],
    ['os-security-groups:show', reader, 'Show a security group (up to 2.35)'],
    ['os-security-groups:create', member, 'Create a security group (up to 2.35)'],
    ['os-security-groups:update', member, 'Update a security group (up to 2.35)'],
    ['os-security-groups:delete', member, 'Delete a security group (up to 2.35)'],
    ['os-security-groups:rule:create', member, 'Create a security group rule (up to 2.35)'],
    ['os-security-groups:rule:delete', member, 'Delete a security group rule (up to 2.35)'],
    ['os-security-groups:list', reader, 'List the security groups of a server'],
    ['os-floating-ips:add', member, 'Associate a floating IP with a server (up to 2.43)'],
    ['os-floating-ips:remove', member, 'Disassociate a floating IP from a server (up to 2.43)'],
    ['os-floating-ips:list', reader, "List a project's floating IPs (up to 2.35)"],
    ['os-floating-ips:create', member, 'Allocate a floating IP (up to 2.35)'],
    ['os-floating-ips:show', reader, 'Show a floating IP (up to 2.35)'],
    ['os-floating-ips:delete', member, 'Release a floating IP (up to 2.35)'],
    ['os-floating-ip-pools', '@', 'List the floating IP pools (up to 2.35)'],
    ['os-networks:list', reader, 'List networks (up to 2.35)'],
    ['os-networks:show', reader, 'Show a network (up to 2.35)'],
    ['os-tenant-networks:list', reader, 'List project networks (up to 2.35)'],
    ['os-tenant-networks:show', reader, 'Show a project network (up to 2.35)'],
  ];
  return rules.map(([name, check, description]) => ({ name: `os_compute_api:${name}`, check, description }));
}
