/**
 * Who sees a network, as `openstack network ...` shows it: another project does not see an
 * ordinary user's network, subnet, port or router (not found, as upstream answers, rather than
 * forbidden), until the user shares the network with it by an RBAC policy; that project may then
 * use the network but not share it further, and the policy cannot be removed while its port
 * uses the network.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { needs, type Checks } from './checks.js';
import { json, openstack, refused, succeeds, type Json } from './cli.js';
import { makeRecipient } from './image-sharing-cli.js';
import type { OpenRc } from './openrc.js';

export interface SharedNetwork {
  /** The owner's network, with one of its subnets, a port and the router on it. */
  networkId: string;
  subnetId: string;
  portId: string;
  routerId: string;
  namePrefix: string;
}

/** What the CLI prints when a name or id finds nothing the caller may see. */
const notFound = (kind: string, id: string) => [`No ${kind} found for ${id}`];

const shareArgs = (targetProject: string, networkId: string) => [
  'network',
  'rbac',
  'create',
  '--type',
  'network',
  '--action',
  'access_as_shared',
  '--target-project',
  targetProject,
  networkId,
];

export async function runNetworkSharingChecks(
  checks: Checks,
  admin: OpenRc,
  owner: { env: OpenRc; projectId: string },
  shared: SharedNetwork,
): Promise<void> {
  const { networkId, subnetId, portId, routerId } = shared;
  const recipient = await checks.check('admin: a second project with a member user, for sharing', () =>
    makeRecipient(admin, `${shared.namePrefix}-other`, `Pw-${randomBytes(9).toString('base64url')}`),
  );
  if (!recipient) return;
  const other = recipient.env;

  await checks.check(
    "second project: the user's network, subnet, port and router are not found",
    async () => {
      await refused(other, ['network', 'show', networkId], notFound('Network', networkId));
      await refused(other, ['subnet', 'show', subnetId], notFound('Subnet', subnetId));
      await refused(other, ['port', 'show', portId], notFound('Port', portId));
      await refused(other, ['router', 'show', routerId], notFound('Router', routerId));
      await refused(other, ['network', 'delete', networkId], notFound('Network', networkId));
      await refused(
        other,
        ['port', 'create', '--network', networkId, 'intruder'],
        notFound('Network', networkId),
      );
      await refused(other, shareArgs(recipient.projectId, networkId), notFound('Network', networkId));
      const listed = await json<Json[]>(other, ['network', 'list']);
      assert.ok(!listed.some((network) => network.ID === networkId), 'not listed');
    },
  );

  const policy = await checks.check(
    'user: network rbac create --action access_as_shared to the second project',
    async () => {
      const created = await json(owner.env, shareArgs(recipient.projectId, networkId));
      assert.equal(created.object_type, 'network');
      assert.equal(created.object_id, networkId);
      assert.equal(created.action, 'access_as_shared');
      assert.equal(created.target_project_id, recipient.projectId);
      assert.equal(created.project_id, owner.projectId);
      const listed = await json<Json[]>(owner.env, ['network', 'rbac', 'list']);
      assert.ok(
        listed.some((row) => row.ID === created.id),
        'the policy is listed',
      );
      const seenByOwner = await json(owner.env, ['network', 'show', networkId]);
      assert.equal(seenByOwner.shared, false, 'shared with one project, not with all');
      return String(created.id);
    },
  );

  const otherPort = await checks.check(
    'second project: sees the network as shared and makes a port on it',
    async () => {
      needs(policy, 'network rbac create');
      const shown = await json(other, ['network', 'show', networkId]);
      assert.equal(shown.shared, true);
      const listed = await json<Json[]>(other, ['network', 'list']);
      assert.ok(
        listed.some((network) => network.ID === networkId),
        'listed',
      );
      await succeeds(other, ['subnet', 'show', subnetId]);
      const port = await json(other, [
        'port',
        'create',
        '--network',
        networkId,
        `${shared.namePrefix}-guest`,
      ]);
      assert.equal(port.project_id, recipient.projectId);
      assert.equal(port.network_id, networkId);
      return String(port.id);
    },
  );

  await checks.check(
    'second project: may not share the network further, delete it, or see the port',
    async () => {
      needs(policy, 'network rbac create');
      await refused(other, shareArgs(recipient.projectId, networkId), [
        'Only admins can manipulate policies on networks they do not own',
        '400',
      ]);
      await refused(other, ['network', 'delete', networkId], ['disallowed by policy', '403']);
      await refused(other, ['port', 'show', portId], notFound('Port', portId));
    },
  );

  await checks.check(
    'user: network rbac delete is refused while the second project uses the network',
    async () => {
      const id = needs(policy, 'network rbac create');
      needs(otherPort, 'port create by the second project');
      await refused(
        owner.env,
        ['network', 'rbac', 'delete', id],
        [`RBAC policy on object ${networkId} cannot be removed because other objects depend on it.`, '409'],
      );
    },
  );

  await checks.check(
    'user: network rbac delete once the port is gone; the network is hidden again',
    async () => {
      const id = needs(policy, 'network rbac create');
      await succeeds(other, ['port', 'delete', needs(otherPort, 'port create by the second project')]);
      await succeeds(owner.env, ['network', 'rbac', 'delete', id]);
      await refused(other, ['network', 'show', networkId], notFound('Network', networkId));
    },
  );

  await checks.check('admin: delete the second project and its user', async () => {
    // Gone already unless a check above failed; left, it would keep the user's network in use.
    if (otherPort) await openstack(other, ['port', 'delete', otherPort]);
    await recipient.cleanUp();
  });
}
