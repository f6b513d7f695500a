import { BadRequest, NotFound } from '../../../common/http/errors.js';
import { InstanceRepo, securityGroupsOf } from '../../instances/instance-repo.js';
import { ACCEPTED, loadAndAuthorize, type ActionCall, type ActionTable } from './action-table.js';

/** `SecurityGroupActionController._parse`: the group name, with Nova's three refusals. */
function groupName(args: unknown): string {
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    throw new BadRequest('Missing parameter dict');
  if (!('name' in args)) throw new BadRequest('Security group not specified');
  const name = (args as { name: unknown }).name;
  if (typeof name !== 'string' || name.trim() === '')
    throw new BadRequest('Security group name cannot be empty');
  return name;
}

/**
 * Changes the server's security groups. Until the network service exists they are the names kept
 * on the instance (what its ports will get): any name is taken, as the group cannot be looked up.
 */
async function changeGroups(
  call: ActionCall,
  policy: string,
  change: (groups: string[], name: string, uuid: string) => string[],
) {
  const { deps } = call;
  const instance = await loadAndAuthorize(call, policy);
  const name = groupName(call.args);
  const groups = change(securityGroupsOf(instance), name, instance.uuid);
  await new InstanceRepo(deps.db, deps.now).save(instance.uuid, { security_groups: JSON.stringify(groups) });
  return ACCEPTED;
}

/** addSecurityGroup and removeSecurityGroup. */
export const securityGroupActions: ActionTable = {
  addSecurityGroup: {
    handle: (call) =>
      changeGroups(call, 'os_compute_api:os-security-groups:add', (groups, name) =>
        groups.includes(name) ? groups : [...groups, name],
      ),
  },
  removeSecurityGroup: {
    handle: (call) =>
      changeGroups(call, 'os_compute_api:os-security-groups:remove', (groups, name, uuid) => {
        // Nova (with Neutron) answers a group on none of the server's ports with a 404.
        if (!groups.includes(name)) {
          throw new NotFound(`Security group ${name} not associated with the instance ${uuid}`);
        }
        return groups.filter((group) => group !== name);
      }),
  },
};
