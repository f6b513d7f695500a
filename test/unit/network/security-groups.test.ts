import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

type Rule = Record<string, unknown>;

/** A rule's shape without ids and times, to compare rule sets. */
const shape = (rule: Rule) =>
  `${rule.direction}/${rule.ethertype}/${rule.protocol}/${rule.remote_ip_prefix}/${rule.remote_group_id === null ? '-' : 'group'}`;

describe('security groups', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  test('a new group is stateful and starts with egress rules for IPv4 and IPv6', async () => {
    const { security_group: group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'web', description: 'web servers' } },
    });
    assert.equal(group.name, 'web');
    assert.equal(group.description, 'web servers');
    assert.equal(group.stateful, true);
    assert.equal(group.shared, false);
    assert.equal(group.project_id, PROJECTS.one);
    assert.equal(group.tenant_id, PROJECTS.one);
    assert.equal(group.revision_number, 1);
    assert.deepEqual(group.security_group_rules.map(shape).sort(), [
      'egress/IPv4/null/null/-',
      'egress/IPv6/null/null/-',
    ]);
    for (const rule of group.security_group_rules) {
      assert.equal(rule.security_group_id, group.id);
      assert.equal(rule.project_id, PROJECTS.one);
      assert.equal(rule.belongs_to_default_sg, false);
      assert.equal(rule.port_range_min, null);
    }
    const stateless = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'udp', stateful: 'false' } },
    });
    assert.equal(stateless.security_group.stateful, false);
  });

  test('listing groups makes the project its default group with upstream default rules, once', async () => {
    const first = await net.json('GET', '/security-groups?name=default', 200, { caller: 'other' });
    assert.equal(first.security_groups.length, 1);
    const group = first.security_groups[0];
    assert.equal(group.project_id, PROJECTS.two);
    assert.equal(group.description, 'Default security group');
    assert.deepEqual(group.security_group_rules.map(shape).sort(), [
      'egress/IPv4/null/null/-',
      'egress/IPv6/null/null/-',
      'ingress/IPv4/null/null/group',
      'ingress/IPv6/null/null/group',
    ]);
    for (const rule of group.security_group_rules) {
      if (rule.direction === 'ingress') assert.equal(rule.remote_group_id, group.id);
      assert.equal(rule.belongs_to_default_sg, true);
    }
    const again = await net.json('GET', '/security-groups?name=default', 200, { caller: 'other' });
    assert.deepEqual(
      again.security_groups.map((g: Rule) => g.id),
      [group.id],
    );
  });

  test('nobody but an admin makes another project a default group by listing it', async () => {
    net.as('third', { projectId: 'd3333333333333333333333333333333', roles: ['member'] });
    const asOther = await net.json(
      'GET',
      '/security-groups?project_id=d3333333333333333333333333333333',
      200,
      {
        caller: 'other',
      },
    );
    assert.deepEqual(asOther.security_groups, []);
    const asAdmin = await net.json(
      'GET',
      '/security-groups?project_id=d3333333333333333333333333333333',
      200,
      { caller: 'admin' },
    );
    assert.equal(asAdmin.security_groups.length, 1);
    assert.equal(asAdmin.security_groups[0].name, 'default');
  });

  test('no group may be named default, on create or update', async () => {
    const created = await net.request('POST', '/security-groups', {
      body: { security_group: { name: 'Default' } },
    });
    assert.equal(created.statusCode, 409);
    assert.deepEqual(created.json().NeutronError, {
      type: 'SecurityGroupDefaultAlreadyExists',
      message: 'Default security group already exists.',
      detail: '',
    });
    const { security_group: group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'renamed' } },
    });
    const renamed = await net.request('PUT', `/security-groups/${group.id}`, {
      body: { security_group: { name: 'default' } },
    });
    assert.equal(renamed.statusCode, 409);
    const long = await net.request('POST', '/security-groups', {
      body: { security_group: { name: 'x'.repeat(256) } },
    });
    assert.equal(long.statusCode, 400);
  });

  test('the default group keeps its name but takes a new description', async () => {
    const { security_groups } = await net.json('GET', '/security-groups?name=default', 200);
    const group = security_groups[0];
    const renamed = await net.request('PUT', `/security-groups/${group.id}`, {
      body: { security_group: { name: 'mine' } },
    });
    assert.equal(renamed.statusCode, 409);
    assert.equal(renamed.json().NeutronError.type, 'SecurityGroupCannotUpdateDefault');
    assert.equal(renamed.json().NeutronError.message, 'Updating default security group not allowed.');
    const described = await net.json('PUT', `/security-groups/${group.id}`, 200, {
      body: { security_group: { description: 'ours' } },
    });
    assert.equal(described.security_group.description, 'ours');
    assert.equal(described.security_group.name, 'default');
    assert.equal(described.security_group.revision_number, group.revision_number + 1);
    assert.equal(described.security_group.security_group_rules.length, 4);
  });

  test('only an admin deletes a default group', async () => {
    const { security_groups } = await net.json('GET', '/security-groups?name=default', 200, {
      caller: 'other',
    });
    const group = security_groups[0];
    const refused = await net.request('DELETE', `/security-groups/${group.id}`, { caller: 'other' });
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(refused.json().NeutronError, {
      type: 'SecurityGroupCannotRemoveDefault',
      message: 'Insufficient rights for removing default security group.',
      detail: '',
    });
    await net.json('DELETE', `/security-groups/${group.id}`, 204, { caller: 'admin' });
    const rules = await net.json('GET', `/security-group-rules?security_group_id=${group.id}`, 200, {
      caller: 'admin',
    });
    assert.deepEqual(rules.security_group_rules, [], 'its rules went with it');
    const remade = await net.json('GET', '/security-groups?name=default', 200, { caller: 'other' });
    assert.equal(remade.security_groups.length, 1, 'the next need makes it again');
  });

  test("another project's group is not found, in lists, on update and on delete", async () => {
    const { security_group: group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'private' } },
    });
    const shown = await net.request('GET', `/security-groups/${group.id}`, { caller: 'other' });
    assert.equal(shown.statusCode, 404);
    assert.deepEqual(shown.json().NeutronError, {
      type: 'SecurityGroupNotFound',
      message: `Security group ${group.id} does not exist`,
      detail: '',
    });
    const list = await net.json('GET', '/security-groups', 200, { caller: 'other' });
    assert.equal(
      list.security_groups.some((g: Rule) => g.id === group.id),
      false,
    );
    const update = await net.request('PUT', `/security-groups/${group.id}`, {
      caller: 'other',
      body: { security_group: { name: 'stolen' } },
    });
    assert.equal(update.statusCode, 404);
    const del = await net.request('DELETE', `/security-groups/${group.id}`, { caller: 'other' });
    assert.equal(del.statusCode, 404);
    const seenByAdmin = await net.json('GET', `/security-groups/${group.id}`, 200, { caller: 'admin' });
    assert.equal(seenByAdmin.security_group.name, 'private');
  });

  test('a group used by a port is neither deleted nor made stateless', async () => {
    const { security_group: group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'in-use' } },
    });
    // A port as the ports resource stores it: its groups in `security_groups`.
    await net.db
      .insertInto('ports')
      .values({
        id: 'f0000000-0000-4000-8000-000000000001',
        project_id: PROJECTS.one,
        parent_id: null,
        ref_id: null,
        body: JSON.stringify({ security_groups: [group.id] }),
        revision_number: 1,
        created_at: '2024-01-01T00:00:00Z',
        updated_at: '2024-01-01T00:00:00Z',
      })
      .execute();
    const del = await net.request('DELETE', `/security-groups/${group.id}`);
    assert.equal(del.statusCode, 409);
    assert.deepEqual(del.json().NeutronError, {
      type: 'SecurityGroupInUse',
      message: `Security Group ${group.id} in use.`,
      detail: '',
    });
    const stateless = await net.request('PUT', `/security-groups/${group.id}`, {
      body: { security_group: { stateful: false } },
    });
    assert.equal(stateless.statusCode, 409);
    await net.json('PUT', `/security-groups/${group.id}`, 200, {
      body: { security_group: { name: 'still-in-use' } },
    });
    await net.db.deleteFrom('ports').where('id', '=', 'f0000000-0000-4000-8000-000000000001').execute();
    await net.json('DELETE', `/security-groups/${group.id}`, 204);
  });

  test('deleting a group removes the rules of other groups that name it as remote', async () => {
    const { security_group: peer } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'peer' } },
    });
    const { security_group: app } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'app' } },
    });
    await net.json('POST', '/security-group-rules', 201, {
      body: {
        security_group_rule: { security_group_id: app.id, direction: 'ingress', remote_group_id: peer.id },
      },
    });
    await net.json('DELETE', `/security-groups/${peer.id}`, 204);
    const after = await net.json('GET', `/security-groups/${app.id}`, 200);
    assert.deepEqual(after.security_group.security_group_rules.map(shape).sort(), [
      'egress/IPv4/null/null/-',
      'egress/IPv6/null/null/-',
    ]);
  });

  test('lists filter on stateful and name, pick fields, sort and page', async () => {
    for (const name of ['sg-a', 'sg-b', 'sg-c'])
      await net.json('POST', '/security-groups', 201, {
        body: { security_group: { name, stateful: name !== 'sg-b' } },
      });
    const stateless = await net.json(
      'GET',
      '/security-groups?stateful=false&name=sg-a&name=sg-b&name=sg-c',
      200,
    );
    assert.deepEqual(
      stateless.security_groups.map((g: Rule) => g.name),
      ['sg-b'],
    );
    const fields = await net.json('GET', '/security-groups?name=sg-a&fields=id&fields=name', 200);
    assert.deepEqual(Object.keys(fields.security_groups[0]).sort(), ['id', 'name']);
    const page = await net.json(
      'GET',
      '/security-groups?name=sg-a&name=sg-b&name=sg-c&sort_key=name&sort_dir=desc&limit=2',
      200,
    );
    assert.deepEqual(
      page.security_groups.map((g: Rule) => g.name),
      ['sg-c', 'sg-b'],
    );
    assert.equal(page.security_groups_links[0].rel, 'next');
    const bad = await net.request('GET', '/security-groups?security_group_rules=x');
    assert.equal(bad.statusCode, 400);
  });

  test('a group shared with a project by RBAC is visible to it and shown shared', async () => {
    const { security_group: group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'shared-sg' } },
    });
    await net.json('POST', '/rbac-policies', 201, {
      body: {
        rbac_policy: {
          object_type: 'security_group',
          object_id: group.id,
          action: 'access_as_shared',
          target_tenant: PROJECTS.two,
        },
      },
    });
    const seen = await net.json('GET', `/security-groups/${group.id}`, 200, { caller: 'other' });
    assert.equal(seen.security_group.shared, true);
    const listed = await net.json('GET', '/security-groups?shared=true', 200, { caller: 'other' });
    assert.deepEqual(
      listed.security_groups.map((g: Rule) => g.id),
      [group.id],
    );
    const changed = await net.request('PUT', `/security-groups/${group.id}`, {
      caller: 'other',
      body: { security_group: { name: 'mine' } },
    });
    assert.equal(changed.statusCode, 403);
    const ownerView = await net.json('GET', `/security-groups/${group.id}`, 200);
    assert.equal(ownerView.security_group.shared, false, 'shared means shared with the caller');
  });
});
