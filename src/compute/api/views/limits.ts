import type { Microversion } from '../../../common/http/microversion.js';
import type { QuotaDetails } from '../../quotas/quota-engine.js';
import type { QuotaResource } from '../../quotas/resources.js';

/** Nova's limits ViewBuilder names, and from which microversion each one is gone. */
const LIMIT_NAMES: [string, QuotaResource, string?][] = [
  ['maxTotalRAMSize', 'ram'],
  ['maxTotalInstances', 'instances'],
  ['maxTotalCores', 'cores'],
  ['maxTotalKeypairs', 'key_pairs'],
  ['maxTotalFloatingIps', 'floating_ips', '2.36'],
  ['maxServerMeta', 'metadata_items'],
  ['maxImageMeta', 'metadata_items', '2.39'],
  ['maxPersonality', 'injected_files', '2.57'],
  ['maxPersonalitySize', 'injected_file_content_bytes', '2.57'],
  ['maxSecurityGroups', 'security_groups', '2.36'],
  ['maxSecurityGroupRules', 'security_group_rules', '2.36'],
  ['maxServerGroups', 'server_groups'],
  ['maxServerGroupMembers', 'server_group_members'],
];
const USED_NAMES: [string, QuotaResource, string?][] = [
  ['totalRAMUsed', 'ram'],
  ['totalCoresUsed', 'cores'],
  ['totalInstancesUsed', 'instances'],
  ['totalFloatingIpsUsed', 'floating_ips', '2.36'],
  ['totalSecurityGroupsUsed', 'security_groups', '2.36'],
  ['totalServerGroupsUsed', 'server_groups'],
];

/** `{"limits": {"rate": [], "absolute": {...}}}` for a project's limits and usage. */
export function limitsView(details: QuotaDetails, version: Microversion) {
  const absolute: Record<string, number> = {};
  for (const [name, resource, gone] of LIMIT_NAMES) {
    if (gone === undefined || version.below(gone)) absolute[name] = details[resource].limit;
  }
  for (const [name, resource, gone] of USED_NAMES) {
    if (gone === undefined || version.below(gone)) absolute[name] = details[resource].in_use;
  }
  return { limits: { rate: [], absolute } };
}
