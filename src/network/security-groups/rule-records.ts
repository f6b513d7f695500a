import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import type { ApiRecord } from '../api/engine/definition.js';

/** A security group rule's own attributes, as stored (standard attributes aside). */
export interface RuleValues {
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  normalized_cidr: string | null;
  remote_group_id: string | null;
  remote_address_group_id: string | null;
  description: string;
}

/** The rules of a security group, a rule's group being its `parent_id`. */
export function ruleStore(deps: Pick<NetworkDeps, 'now'>): RecordStore {
  return new RecordStore('security_group_rules', deps.now);
}

/** The security groups. */
export function groupStore(deps: Pick<NetworkDeps, 'now'>): RecordStore {
  return new RecordStore('security_groups', deps.now);
}

/** Stores a rule of `projectId` (already validated) under its group. */
export async function insertRule(
  db: NetworkDb,
  deps: Pick<NetworkDeps, 'now' | 'newId'>,
  projectId: string,
  rule: RuleValues,
): Promise<ApiRecord> {
  return ruleStore(deps).insert(
    db,
    { ...rule, id: deps.newId(), project_id: projectId },
    { parentId: rule.security_group_id },
  );
}

/** A rule that matches any peer, protocol and port: what upstream's rule templates hold. */
function openRule(
  groupId: string,
  direction: RuleValues['direction'],
  ethertype: RuleValues['ethertype'],
  remoteGroupId: string | null,
): RuleValues {
  return {
    security_group_id: groupId,
    direction,
    ethertype,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    normalized_cidr: null,
    remote_group_id: remoteGroupId,
    remote_address_group_id: null,
    description: '',
  };
}

/**
 * The rules every new group starts with, as Neutron's default rule templates give them:
 * egress anywhere over IPv4 and IPv6; the project's default group also admits ingress from its
 * own members (the template's `PARENT` remote group).
 */
export function initialRules(groupId: string, isDefault: boolean): RuleValues[] {
  const egress = [openRule(groupId, 'egress', 'IPv4', null), openRule(groupId, 'egress', 'IPv6', null)];
  if (!isDefault) return egress;
  return [
    ...egress,
    openRule(groupId, 'ingress', 'IPv4', groupId),
    openRule(groupId, 'ingress', 'IPv6', groupId),
  ];
}
