import { BadRequest } from '../../../common/http/errors.js';
import { rpcContextOf } from '../../instances/lookup.js';
import { networkServiceFor } from '../../instances/network-service.js';
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
 * Changes the server's security groups through the network service: with Neutron, every port of
 * the server gets (or loses) the group, with Nova's 404 for a group that does not exist or is on
 * none of them.
 */
async function changeGroups(call: ActionCall, policy: string, change: 'add' | 'remove') {
  const { deps, request } = call;
  const instance = await loadAndAuthorize(call, policy);
  const name = groupName(call.args);
  const network = networkServiceFor(deps);
  const caller = { context: request.context, rpc: rpcContextOf(deps, request) };
  if (change === 'add') await network.addSecurityGroup(caller, instance, name);
  else await network.removeSecurityGroup(caller, instance, name);
  return ACCEPTED;
}

/** addSecurityGroup and removeSecurityGroup. */
export const securityGroupActions: ActionTable = {
  addSecurityGroup: {
    handle: (call) => changeGroups(call, 'os_compute_api:os-security-groups:add', 'add'),
  },
  removeSecurityGroup: {
    handle: (call) => changeGroups(call, 'os_compute_api:os-security-groups:remove', 'remove'),
  },
};
