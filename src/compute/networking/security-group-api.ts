import type { NetworkClient } from '../../common/clients/network-client.js';
import type { NeutronPort, NeutronSecurityGroup } from '../../common/clients/network-types.js';
import { BadRequest, Forbidden } from '../../common/http/errors.js';
import {
  isNeutronStatus,
  NoUniqueMatch,
  SecurityGroupCannotBeApplied,
  SecurityGroupNotFound,
} from './errors.js';
import {
  neutronRuleOf,
  novaRuleOf,
  ruleExists,
  type NewNovaRule,
  type NovaRule,
} from './security-group-rules.js';

/** A security group as Nova's API knows it: its ingress rules only. */
export interface NovaGroup {
  id: string;
  name: string;
  description: string;
  project_id: string;
  rules: NovaRule[];
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** `validate_id`: Nova's security group ids are UUIDs (a 400 otherwise). */
export function validateGroupId(id: string): string {
  if (!UUID.test(id)) throw new BadRequest('Security group id should be uuid');
  return id;
}

/** `_convert_to_nova_security_group_format`. */
export function novaGroupOf(group: NeutronSecurityGroup): NovaGroup {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    project_id: group.tenant_id ?? group.project_id,
    rules: (group.security_group_rules ?? [])
      .filter((rule) => rule.direction === 'ingress')
      .map((rule) => novaRuleOf(rule)),
  };
}

/**
 * neutronclient's `find_resourceid_by_name_or_id`: a UUID is looked up as an id first, then as a
 * name among the project's groups; its messages are what Nova passes on.
 */
export async function findSecurityGroupId(
  client: NetworkClient,
  nameOrId: string,
  projectId: string,
): Promise<string> {
  if (UUID.test(nameOrId)) {
    const [byId] = await client.listSecurityGroups({ id: nameOrId, fields: 'id' });
    if (byId) return byId.id;
  }
  const byName = await client.listSecurityGroups({ name: nameOrId, tenant_id: projectId, fields: 'id' });
  if (byName.length > 1) {
    throw new NoUniqueMatch(
      `Multiple security_group matches found for name '${nameOrId}', use an ID to be more specific.`,
    );
  }
  if (byName.length === 0) {
    throw new SecurityGroupNotFound(`Unable to find security_group with name or id '${nameOrId}'`);
  }
  return byName[0].id;
}

/** `get`: the group as the caller sees it; SecurityGroupNotFound (404) otherwise. */
export async function getGroup(client: NetworkClient, id: string): Promise<NovaGroup> {
  const group = await client.getSecurityGroup(id);
  if (!group) throw new SecurityGroupNotFound(`Security group ${id} does not exist`);
  return novaGroupOf(group);
}

/** `list`: the project's groups, or every group for an admin asking for all tenants. */
export async function listGroups(
  client: NetworkClient,
  projectId: string,
  allTenants: boolean,
): Promise<NovaGroup[]> {
  const groups = await client.listSecurityGroups(allTenants ? {} : { tenant_id: projectId });
  return groups.map((group) => novaGroupOf(group));
}

/** `create_security_group`: Neutron's 400 is Nova's Invalid, its 409 (quota) a 403. */
export async function createGroup(
  client: NetworkClient,
  name: string,
  description: string,
): Promise<NovaGroup> {
  try {
    return novaGroupOf(await client.createSecurityGroup({ name, description }));
  } catch (error) {
    if (isNeutronStatus(error, 400)) throw new BadRequest(error.detail);
    if (isNeutronStatus(error, 409)) throw new Forbidden(error.detail);
    throw error;
  }
}

export async function updateGroup(
  client: NetworkClient,
  id: string,
  name: string,
  description: string,
): Promise<NovaGroup> {
  try {
    return novaGroupOf(await client.updateSecurityGroup(id, { name, description }));
  } catch (error) {
    if (isNeutronStatus(error, 404)) throw new SecurityGroupNotFound(error.detail);
    if (isNeutronStatus(error, 400)) throw new BadRequest(error.detail);
    throw error;
  }
}

/** `destroy`: a group in use or the default group (Neutron's 409) is Nova's Invalid, a 400. */
export async function destroyGroup(client: NetworkClient, id: string): Promise<void> {
  try {
    if (!(await client.deleteSecurityGroup(id)))
      throw new SecurityGroupNotFound(`Security group ${id} does not exist`);
  } catch (error) {
    if (isNeutronStatus(error, 409)) throw new BadRequest(error.detail);
    throw error;
  }
}

/**
 * `create_security_group_rule`: refused when the group has the same rule already; Neutron's 404,
 * 409 (quota or a duplicate) and 400 become Nova's SecurityGroupNotFound, 403 and 400.
 */
export async function addRule(
  client: NetworkClient,
  group: NovaGroup,
  rule: NewNovaRule & { parent_group_id: string },
): Promise<NovaRule> {
  if (ruleExists(group.rules, rule))
    throw new BadRequest(`This rule already exists in group ${rule.parent_group_id}`);
  try {
    const [created] = await client.createSecurityGroupRules([neutronRuleOf(rule)]);
    return novaRuleOf(created);
  } catch (error) {
    if (isNeutronStatus(error, 404)) throw new SecurityGroupNotFound(error.detail);
    if (isNeutronStatus(error, 409)) throw new Forbidden(error.detail);
    if (isNeutronStatus(error, 400)) throw new BadRequest(error.detail);
    throw error;
  }
}

/** `get_rule`. */
export async function getRule(client: NetworkClient, id: string): Promise<NovaRule> {
  const rule = await client.getSecurityGroupRule(id);
  if (!rule) throw new SecurityGroupNotFound(`Security group rule ${id} does not exist`);
  return novaRuleOf(rule);
}

/**
 * `get_instances_security_groups_bindings` for one server: the groups on its ports (a group the
 * caller may not see is left out), each time it appears, in full or by name.
 */
export async function instanceSecurityGroups(
  client: NetworkClient,
  instanceUuid: string,
): Promise<NovaGroup[]> {
  const ports = await client.listPorts({
    device_id: instanceUuid,
    fields: ['id', 'security_groups', 'device_id'],
  });
  const ids = [...new Set(ports.flatMap((port) => port.security_groups ?? []))];
  if (ids.length === 0) return [];
  const groups = new Map((await client.listSecurityGroups({ id: ids })).map((group) => [group.id, group]));
  return ports.flatMap((port) =>
    (port.security_groups ?? []).flatMap((id) => (groups.has(id) ? [novaGroupOf(groups.get(id)!)] : [])),
  );
}

/** `_has_security_group_requirements`: a port with addresses and port security. */
const takesSecurityGroups = (port: NeutronPort) =>
  (port.fixed_ips.length > 0 || port.ip_allocation === 'deferred') && port.port_security_enabled !== false;

/** `add_to_instance` and `remove_from_instance`'s look-up of the group, with Nova's message. */
async function groupIdForInstance(client: NetworkClient, name: string, projectId: string): Promise<string> {
  try {
    return await findSecurityGroupId(client, name, projectId);
  } catch (error) {
    if (error instanceof SecurityGroupNotFound)
      throw new SecurityGroupNotFound(`Security group ${name} is not found for project ${projectId}`);
    throw error;
  }
}

async function portsOfInstance(client: NetworkClient, instanceUuid: string): Promise<NeutronPort[]> {
  const ports = await client.listPorts({ device_id: instanceUuid });
  if (ports.length === 0)
    throw new SecurityGroupNotFound(
      `instance_id ${instanceUuid} could not be found as device id on any ports`,
    );
  return ports;
}

/** `add_to_instance`: every port of the server gets the group (Neutron's 400 means it cannot apply). */
export async function addToInstance(
  client: NetworkClient,
  instanceUuid: string,
  projectId: string,
  name: string,
): Promise<void> {
  const groupId = await groupIdForInstance(client, name, projectId);
  for (const port of await portsOfInstance(client, instanceUuid)) {
    if (!takesSecurityGroups(port)) throw new SecurityGroupCannotBeApplied();
    try {
      await client.updatePort(port.id, { security_groups: [...(port.security_groups ?? []), groupId] });
    } catch (error) {
      if (isNeutronStatus(error, 400)) throw new SecurityGroupCannotBeApplied();
      throw error;
    }
  }
}

/** `remove_from_instance`: the group leaves every port that has it; on none, a 404. */
export async function removeFromInstance(
  client: NetworkClient,
  instanceUuid: string,
  projectId: string,
  name: string,
): Promise<void> {
  const groupId = await groupIdForInstance(client, name, projectId);
  let found = false;
  for (const port of await portsOfInstance(client, instanceUuid)) {
    const groups = port.security_groups ?? [];
    if (!groups.includes(groupId)) continue;
    await client.updatePort(port.id, { security_groups: groups.filter((id) => id !== groupId) });
    found = true;
  }
  if (!found) {
    throw new SecurityGroupNotFound(
      `Security group ${name} not associated with the instance ${instanceUuid}`,
    );
  }
}

/** The names of the groups on the server's ports, each once (what the server views show). */
export async function instanceGroupNames(client: NetworkClient, instanceUuid: string): Promise<string[]> {
  return [
    ...new Set((await instanceSecurityGroups(client, instanceUuid)).map((group) => group.name || group.id)),
  ];
}

/**
 * `_get_group_rule_data_by_rule_group_id`: the name and project of each group the rules come from
 * (the listed groups themselves, else looked up; null for one the caller cannot find).
 */
export async function remoteGroupsOf(
  client: NetworkClient,
  groups: readonly NovaGroup[],
): Promise<Map<string, { name: string; tenant_id: string } | null>> {
  const remotes = new Map<string, { name: string; tenant_id: string } | null>(
    groups.map((group) => [group.id, { name: group.name, tenant_id: group.project_id }]),
  );
  for (const rule of groups.flatMap((group) => group.rules)) {
    if (!rule.group_id || remotes.has(rule.group_id)) continue;
    const found = await client.getSecurityGroup(rule.group_id);
    remotes.set(
      rule.group_id,
      found ? { name: found.name, tenant_id: found.tenant_id ?? found.project_id } : null,
    );
  }
  return remotes;
}
