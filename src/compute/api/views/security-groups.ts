import type { NovaGroup } from '../../networking/security-group-api.js';
import type { NovaRule } from '../../networking/security-group-rules.js';

/** What a rule from a group shows of that group; null when the group is gone (the rule is left out). */
export type RemoteGroups = ReadonlyMap<string, { name: string; tenant_id: string } | null>;

/** `_format_security_group_rule`: from a group (`group`) or from a CIDR (`ip_range`); null to leave out. */
export function ruleView(rule: NovaRule, remotes: RemoteGroups) {
  const remote = rule.group_id ? remotes.get(rule.group_id) : undefined;
  if (rule.group_id && !remote) return null;
  return {
    id: rule.id,
    parent_group_id: rule.parent_group_id,
    ip_protocol: rule.protocol,
    from_port: rule.from_port,
    to_port: rule.to_port,
    group: remote ?? {},
    ip_range: rule.group_id ? {} : { cidr: rule.cidr },
  };
}

/** `_format_security_group`. */
export function groupView(group: NovaGroup, remotes: RemoteGroups) {
  return {
    id: group.id,
    description: group.description,
    name: group.name,
    tenant_id: group.project_id,
    rules: group.rules.flatMap((rule) => ruleView(rule, remotes) ?? []),
  };
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Groups as Nova lists them: by project, then name (Python's order of strings). */
export function sortedGroups<T extends { tenant_id: string; name: string }>(groups: T[]): T[] {
  return [...groups].sort((a, b) => compare(a.tenant_id, b.tenant_id) || compare(a.name, b.name));
}
