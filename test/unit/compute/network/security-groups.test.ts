import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { computeNetworkApp, type ComputeNetworkApp } from '../../../helpers/compute-network-app.js';

const UNKNOWN = '11111111-2222-3333-4444-555555555555';

describe('os-security-groups and os-security-group-rules over Neutron', () => {
  let cloud: ComputeNetworkApp;
  const call = (method: string, path: string, body?: unknown, version?: string) =>
    cloud.compute.request(method, path, { caller: 'member', body, version });
  const message = (response: { json(): unknown }) =>
    Object.values(response.json() as Record<string, { message: string }>)[0].message;
  const createGroup = async (name: string) =>
    (
      await cloud.json('POST', '/os-security-groups', 200, {
        caller: 'member',
        body: { security_group: { name, description: `${name} servers` } },
      })
    ).security_group;
  before(async () => {
    cloud = await computeNetworkApp();
  });
  after(() => cloud.close());

  test("a group is created, shown, listed, renamed and deleted in Nova's shape", async () => {
    const group = await createGroup('web');
    assert.deepEqual(group, {
      id: group.id,
      name: 'web',
      description: 'web servers',
      tenant_id: PROJECTS.one,
      rules: [],
    });
    assert.deepEqual(
      (await cloud.json('GET', `/os-security-groups/${group.id}`, 200, { caller: 'member' })).security_group,
      group,
    );
    const { security_groups: listed } = await cloud.json('GET', '/os-security-groups', 200, {
      caller: 'member',
    });
    assert.deepEqual(
      listed.map((g: { name: string }) => g.name),
      ['default', 'web'],
    );
    const renamed = await call('PUT', `/os-security-groups/${group.id}`, {
      security_group: { name: 'www', description: 'renamed' },
    });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.json().security_group.name, 'www');
    assert.equal((await call('DELETE', `/os-security-groups/${group.id}`)).statusCode, 202);
    const gone = await call('GET', `/os-security-groups/${group.id}`);
    assert.equal(gone.statusCode, 404);
  });

  test("Nova's refusals: an id not a UUID (400), no such group (404), the default group (400), after 2.35 (404)", async () => {
    const badId = await call('GET', '/os-security-groups/not-a-uuid');
    assert.equal(badId.statusCode, 400);
    assert.equal(message(badId), 'Security group id should be uuid');
    assert.equal((await call('DELETE', `/os-security-groups/${UNKNOWN}`)).statusCode, 404);
    const { security_groups: groups } = await cloud.json('GET', '/os-security-groups', 200, {
      caller: 'member',
    });
    const fallback = groups.find((g: { name: string }) => g.name === 'default');
    assert.equal((await call('DELETE', `/os-security-groups/${fallback.id}`)).statusCode, 400);
    assert.equal((await call('GET', '/os-security-groups', undefined, '2.36')).statusCode, 404);
    const missingName = await call('POST', '/os-security-groups', { security_group: { description: 'x' } });
    assert.equal(missingName.statusCode, 400);
  });

  test("rules from a CIDR and from a group, with Nova's checks", async () => {
    const group = await createGroup('db');
    const web = await createGroup('app');
    const ssh = await call('POST', '/os-security-group-rules', {
      security_group_rule: {
        parent_group_id: group.id,
        ip_protocol: 'tcp',
        from_port: 22,
        to_port: 22,
        cidr: '10.0.0.0/8',
      },
    });
    assert.equal(ssh.statusCode, 200, ssh.body);
    const rule = ssh.json().security_group_rule;
    assert.deepEqual(rule, {
      id: rule.id,
      parent_group_id: group.id,
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      group: {},
      ip_range: { cidr: '10.0.0.0/8' },
    });
    const fromGroup = await call('POST', '/os-security-group-rules', {
      security_group_rule: { parent_group_id: group.id, ip_protocol: 'tcp', group_id: web.id },
    });
    assert.equal(fromGroup.statusCode, 200, fromGroup.body);
    assert.deepEqual(fromGroup.json().security_group_rule.group, { name: 'app', tenant_id: PROJECTS.one });
    assert.equal(fromGroup.json().security_group_rule.from_port, 1);
    assert.equal(fromGroup.json().security_group_rule.to_port, 65535);
    const shown = (await cloud.json('GET', `/os-security-groups/${group.id}`, 200, { caller: 'member' }))
      .security_group;
    assert.equal(shown.rules.length, 2);

    const refusals: [object, string][] = [
      [
        { ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr: '10.0.0.0/8' },
        `This rule already exists in group ${group.id}`,
      ],
      [
        { ip_protocol: 'tcp', from_port: 30, to_port: 20, cidr: '10.0.0.0/8' },
        'Invalid port range 30:20. Former value cannot be greater than the later',
      ],
      [{ ip_protocol: 'gre', from_port: 1, to_port: 2 }, 'Invalid IP protocol gre.'],
      [{ cidr: '10.0.0.0/8' }, 'Not enough parameters to build a valid rule.'],
      [
        { ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.0/0' },
        'Bad prefix for network in cidr 10.0.0.0/0',
      ],
      [
        { ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: 'nonsense' },
        'nonsense is not a valid IP network.',
      ],
    ];
    for (const [fields, expected] of refusals) {
      const response = await call('POST', '/os-security-group-rules', {
        security_group_rule: { parent_group_id: group.id, ...fields },
      });
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      assert.equal(message(response), expected);
    }
    const noGroup = await call('POST', '/os-security-group-rules', {
      security_group_rule: { parent_group_id: UNKNOWN, ip_protocol: 'tcp', from_port: 1, to_port: 2 },
    });
    assert.equal(noGroup.statusCode, 404);

    assert.equal((await call('DELETE', `/os-security-group-rules/${rule.id}`)).statusCode, 202);
    assert.equal((await call('DELETE', `/os-security-group-rules/${rule.id}`)).statusCode, 404);
  });

  test("a server's groups: listed from its ports, added and removed on every port", async () => {
    const networkId = await cloud.createNetwork('private', '10.0.0.0/24');
    const server = await cloud.boot({ networks: [{ uuid: networkId }] }, { version: '2.37' });
    const group = await createGroup('extra');
    const listGroups = async () =>
      (
        await cloud.json('GET', `/servers/${server.id}/os-security-groups`, 200, {
          caller: 'member',
          version: '2.90',
        })
      ).security_groups.map((g: { name: string }) => g.name);
    assert.deepEqual(await listGroups(), ['default']);

    const action = (body: object) => call('POST', `/servers/${server.id}/action`, body);
    const missing = await action({ addSecurityGroup: { name: 'nope' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(message(missing), `Security group nope is not found for project ${PROJECTS.one}`);
    assert.equal((await action({ addSecurityGroup: { name: 'extra' } })).statusCode, 202);
    const [port] = await cloud.neutron.listPorts({ device_id: server.id });
    assert.ok(port.security_groups?.includes(group.id));
    assert.deepEqual(await listGroups(), ['default', 'extra']);
    const shown = (await cloud.json('GET', `/servers/${server.id}`, 200, { caller: 'member' })).server;
    assert.deepEqual(shown.security_groups, [{ name: 'default' }, { name: 'extra' }]);

    assert.equal((await action({ removeSecurityGroup: { name: 'extra' } })).statusCode, 202);
    const notThere = await action({ removeSecurityGroup: { name: 'extra' } });
    assert.equal(notThere.statusCode, 404);
    assert.equal(message(notThere), `Security group extra not associated with the instance ${server.id}`);
    assert.deepEqual(await listGroups(), ['default']);
  });
});
