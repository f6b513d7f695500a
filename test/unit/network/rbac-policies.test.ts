import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('rbac policies', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  const network = async (caller = 'member', values: Record<string, unknown> = {}) =>
    (await net.json('POST', '/networks', 201, { caller, body: { network: { name: 'n', ...values } } }))
      .network;
  const share = (objectId: string, target: string, caller = 'member', extra: Record<string, unknown> = {}) =>
    net.request('POST', '/rbac-policies', {
      caller,
      body: {
        rbac_policy: {
          object_type: 'network',
          object_id: objectId,
          action: 'access_as_shared',
          target_tenant: target,
          ...extra,
        },
      },
    });
  /** A port of `projectId` on the network, as the ports API would store it. */
  const portOn = async (networkId: string, projectId: string) => {
    const time = '2024-01-01T00:00:00Z';
    await net.db
      .insertInto('ports')
      .values({
        id: crypto.randomUUID(),
        project_id: projectId,
        parent_id: networkId,
        ref_id: '',
        body: JSON.stringify({ network_id: networkId, device_owner: 'compute:nova' }),
        revision_number: 1,
        created_at: time,
        updated_at: time,
      })
      .execute();
  };

  test('an owner shares its network with one project, which then sees it shared', async () => {
    const { id, revision_number: revision } = await network();
    const response = await share(id, PROJECTS.two);
    assert.equal(response.statusCode, 201);
    const policy = response.json().rbac_policy;
    assert.deepEqual(
      { ...policy, id: undefined },
      {
        id: undefined,
        project_id: PROJECTS.one,
        tenant_id: PROJECTS.one,
        object_type: 'network',
        object_id: id,
        action: 'access_as_shared',
        target_tenant: PROJECTS.two,
      },
    );
    const seen = await net.json('GET', `/networks/${id}`, 200, { caller: 'other' });
    assert.equal(seen.network.shared, true);
    const owned = await net.json('GET', `/networks/${id}`, 200);
    assert.equal(owned.network.shared, false, 'not shared with everyone');
    assert.equal(owned.network.revision_number, revision + 1);
    // The entry is its owner's (and an admin's) to see, not the target's.
    const mine = await net.json('GET', `/rbac-policies?object_id=${id}`, 200);
    assert.deepEqual(
      mine.rbac_policies.map((item: { id: string }) => item.id),
      [policy.id],
    );
    assert.equal((await net.json('GET', '/rbac-policies', 200, { caller: 'other' })).rbac_policies.length, 0);
    const hidden = await net.request('GET', `/rbac-policies/${policy.id}`, { caller: 'other' });
    assert.equal(hidden.statusCode, 404);
    assert.deepEqual(hidden.json().NeutronError, {
      type: 'RbacPolicyNotFound',
      message: `RBAC policy of type unknown with ID ${policy.id} not found`,
      detail: '',
    });
    await net.json('GET', `/rbac-policies/${policy.id}`, 200, { caller: 'admin' });
    const again = await share(id, PROJECTS.two);
    assert.equal(again.statusCode, 409);
    assert.deepEqual(again.json().NeutronError, {
      type: 'DuplicateRbacPolicy',
      message: 'An RBAC policy already exists with those values.',
      detail: '',
    });
    await net.json('DELETE', `/rbac-policies/${policy.id}`, 204);
    assert.equal((await net.request('GET', `/networks/${id}`, { caller: 'other' })).statusCode, 404);
  });

  test('only an admin shares with every project', async () => {
    const { id } = await network();
    const refused = await share(id, '*');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().NeutronError.type, 'PolicyNotAuthorized');
    assert.equal((await share(id, '*', 'admin')).statusCode, 201);
    assert.equal((await net.json('GET', `/networks/${id}`, 200)).network.shared, true);
  });

  test("a project cannot share another's network: unseen is not found, seen but not owned is refused", async () => {
    const hidden = await network('other');
    const notFound = await share(hidden.id, PROJECTS.admin);
    assert.equal(notFound.statusCode, 404);
    assert.deepEqual(notFound.json().NeutronError, {
      type: 'NetworkNotFound',
      message: `Network ${hidden.id} could not be found.`,
      detail: '',
    });
    const shared = await network('admin', { shared: true });
    const notOwned = await share(shared.id, PROJECTS.two);
    assert.equal(notOwned.statusCode, 400);
    assert.equal(
      notOwned.json().NeutronError.message,
      'Invalid input for operation: Only admins can manipulate policies on networks they do not own.',
    );
  });

  test('bad types, actions and targets get upstream messages', async () => {
    const { id } = await network();
    const message = async (extra: Record<string, unknown>) =>
      (await share(id, PROJECTS.two, 'member', extra)).json().NeutronError.message;
    assert.equal(
      await message({ object_type: 'volume' }),
      "Invalid input for operation: 'volume' is not a valid RBAC object type.",
    );
    assert.equal(
      await message({ action: 'access_as_owner' }),
      "Invalid action 'access_as_owner' for object type 'network'. Valid actions: ('access_as_shared', 'access_as_external')",
    );
    assert.equal(
      await message({ target_tenant: 'not a project' }),
      "Invalid input for operation: 'not a project' is not a valid target project ID; expected a UUID or '*'.",
    );
    assert.equal(
      await message({ object_id: 'nope' }),
      "Invalid input for object_id. Reason: 'nope' is not a valid UUID.",
    );
  });

  test('an entry stays while its target project has ports that depend on it', async () => {
    const { id } = await network();
    const policy = (await share(id, PROJECTS.two)).json().rbac_policy;
    await portOn(id, PROJECTS.two);
    const refused = await net.request('DELETE', `/rbac-policies/${policy.id}`);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().NeutronError.type, 'RbacPolicyInUse');
    assert.match(
      refused.json().NeutronError.message,
      new RegExp(
        `^RBAC policy on object ${id} cannot be removed because other objects depend on it.\\nDetails: `,
      ),
    );
    const moved = await net.request('PUT', `/rbac-policies/${policy.id}`, {
      body: { rbac_policy: { target_tenant: PROJECTS.admin } },
    });
    assert.equal(moved.statusCode, 409, 'moving it away strands the ports too');
    // With a wildcard in place the project keeps its access, so the entry can go.
    await share(id, '*', 'admin');
    await net.json('DELETE', `/rbac-policies/${policy.id}`, 204);
  });

  test('the wildcard stays while projects without their own entry have ports', async () => {
    const { id } = await network('admin');
    const wildcard = (await share(id, '*', 'admin')).json().rbac_policy;
    await portOn(id, PROJECTS.two);
    await portOn(id, '');
    const refused = await net.request('DELETE', `/rbac-policies/${wildcard.id}`, { caller: 'admin' });
    assert.equal(refused.statusCode, 409);
    assert.equal((await share(id, PROJECTS.two, 'admin')).statusCode, 201);
    await net.json('DELETE', `/rbac-policies/${wildcard.id}`, 204, { caller: 'admin' });
  });

  test('only the target tenant is updated, by the owner', async () => {
    const { id } = await network();
    const policy = (await share(id, PROJECTS.two)).json().rbac_policy;
    const readOnly = await net.request('PUT', `/rbac-policies/${policy.id}`, {
      body: { rbac_policy: { action: 'access_as_external' } },
    });
    assert.equal(readOnly.json().NeutronError.message, 'Cannot update read-only attribute action');
    const byOther = await net.request('PUT', `/rbac-policies/${policy.id}`, {
      caller: 'other',
      body: { rbac_policy: { target_tenant: PROJECTS.two } },
    });
    assert.equal(byOther.statusCode, 404);
    const wildcard = await net.request('PUT', `/rbac-policies/${policy.id}`, {
      body: { rbac_policy: { target_tenant: '*' } },
    });
    assert.equal(wildcard.statusCode, 403);
    const moved = await net.json('PUT', `/rbac-policies/${policy.id}`, 200, {
      body: { rbac_policy: { target_tenant: PROJECTS.admin } },
    });
    assert.equal(moved.rbac_policy.target_tenant, PROJECTS.admin);
    assert.equal((await net.request('GET', `/networks/${id}`, { caller: 'other' })).statusCode, 404);
  });

  test('access_as_external makes the network external for its target, until the last such entry goes', async () => {
    const { id } = await network('admin');
    const response = await share(id, PROJECTS.two, 'admin', { action: 'access_as_external' });
    assert.equal(response.statusCode, 201);
    const seen = await net.json('GET', `/networks/${id}`, 200, { caller: 'other' });
    assert.equal(seen.network['router:external'], true);
    assert.equal(seen.network.shared, false);
    assert.equal((await net.request('GET', `/networks/${id}`)).statusCode, 404, 'not for other projects');
    await net.json('DELETE', `/rbac-policies/${response.json().rbac_policy.id}`, 204, { caller: 'admin' });
    const after = await net.json('GET', `/networks/${id}`, 200, { caller: 'admin' });
    assert.equal(after.network['router:external'], false);
  });

  test('security groups are shared the same way, with their one action', async () => {
    const { security_group: group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'web' } },
    });
    const wrong = await share(group.id, PROJECTS.two, 'member', {
      object_type: 'security_group',
      action: 'access_as_external',
    });
    assert.equal(
      wrong.json().NeutronError.message,
      "Invalid action 'access_as_external' for object type 'security_group'. Valid actions: ('access_as_shared',)",
    );
    await share(group.id, PROJECTS.two, 'member', { object_type: 'security_group' });
    await net.json('GET', `/security-groups/${group.id}`, 200, { caller: 'other' });
  });

  test('entries count against the rbac_policy quota', async () => {
    const project = 'b7777777777777777777777777777777';
    net.as('sharer', { projectId: project });
    await net.json('PUT', `/quotas/${project}`, 200, {
      caller: 'admin',
      body: { quota: { rbac_policy: 1 } },
    });
    const { id } = await network('sharer');
    assert.equal((await share(id, PROJECTS.two, 'sharer')).statusCode, 201);
    const over = await share(id, PROJECTS.admin, 'sharer');
    assert.equal(over.statusCode, 409);
    assert.equal(over.json().NeutronError.message, "Quota exceeded for resources: ['rbac_policy'].");
  });
});
