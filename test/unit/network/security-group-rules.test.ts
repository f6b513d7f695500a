import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('security group rules', () => {
  let net: NetworkTestApp;
  let groupId: string;
  let groupRevision: number;

  /** Creates a rule in the test's group as the member; returns the response. */
  const create = (rule: Record<string, unknown>, caller = 'member') =>
    net.request('POST', '/security-group-rules', {
      caller,
      body: { security_group_rule: { security_group_id: groupId, ...rule } },
    });

  /** The NeutronError of a refused rule create. */
  const refusal = async (rule: Record<string, unknown>, status: number) => {
    const response = await create(rule);
    assert.equal(response.statusCode, status, response.body);
    return response.json().NeutronError as { type: string; message: string };
  };

  before(async () => {
    net = await networkTestApp();
    const { security_group } = await net.json('POST', '/security-groups', 201, {
      body: { security_group: { name: 'rules' } },
    });
    groupId = security_group.id;
    groupRevision = security_group.revision_number;
  });
  after(() => net.close());

  test('a TCP rule from a prefix is shown as upstream shows it, and bumps its group', async () => {
    const response = await create({
      direction: 'ingress',
      protocol: 'TCP',
      port_range_min: '22',
      port_range_max: 22,
      remote_ip_prefix: '10.0.0.5/24',
      description: 'ssh',
    });
    assert.equal(response.statusCode, 201, response.body);
    const rule = response.json().security_group_rule;
    assert.equal(rule.security_group_id, groupId);
    assert.equal(rule.direction, 'ingress');
    assert.equal(rule.ethertype, 'IPv4');
    assert.equal(rule.protocol, 'tcp');
    assert.equal(rule.port_range_min, 22);
    assert.equal(rule.port_range_max, 22);
    assert.equal(rule.remote_ip_prefix, '10.0.0.5/24');
    assert.equal(rule.normalized_cidr, '10.0.0.0/24');
    assert.equal(rule.remote_group_id, null);
    assert.equal(rule.remote_address_group_id, null);
    assert.equal(rule.belongs_to_default_sg, false);
    assert.equal(rule.description, 'ssh');
    assert.equal(rule.project_id, PROJECTS.one);
    assert.equal(rule.tenant_id, PROJECTS.one);
    assert.equal(rule.revision_number, 1);
    const { security_group: group } = await net.json('GET', `/security-groups/${groupId}`, 200);
    assert.equal(group.revision_number, groupRevision + 1);
    assert.ok(group.security_group_rules.some((r: { id: string }) => r.id === rule.id));
    const shown = await net.json('GET', `/security-group-rules/${rule.id}`, 200);
    assert.deepEqual(shown.security_group_rule, rule);
  });

  test('protocols by name, number or any; the legacy IPv6 ICMP names become ipv6-icmp', async () => {
    const made = async (rule: Record<string, unknown>) => {
      const response = await create({ direction: 'egress', ...rule });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().security_group_rule;
    };
    assert.equal((await made({ protocol: '132' })).protocol, '132');
    assert.equal(
      (await made({ protocol: 17, remote_ip_prefix: '192.0.2.1' })).remote_ip_prefix,
      '192.0.2.1/32',
    );
    assert.equal((await made({ protocol: 'icmp', ethertype: 'ipv6' })).protocol, 'ipv6-icmp');
    assert.equal(
      (await made({ protocol: '1', ethertype: 'IPv6', remote_ip_prefix: '2001:DB8::/32' })).protocol,
      '58',
    );
    const any = await made({ protocol: 'any', remote_ip_prefix: '198.51.100.0/24' });
    assert.equal(any.protocol, null);
    const bad = await refusal({ direction: 'egress', protocol: 'carrier-pigeon' }, 400);
    assert.equal(bad.type, 'SecurityGroupRuleInvalidProtocol');
    assert.match(
      bad.message,
      /^Security group rule protocol carrier-pigeon not supported\. Only protocol values \(None, 'any', 'ah', .*'vrrp'\) and integer representations \[0 to 255\] are supported\.$/,
    );
    assert.equal(
      (await refusal({ direction: 'egress', protocol: 256 }, 400)).type,
      'SecurityGroupRuleInvalidProtocol',
    );
    const ipv6Only = await refusal({ direction: 'egress', protocol: 'ipv6-icmp', ethertype: 'IPv4' }, 400);
    assert.equal(ipv6Only.message, 'Invalid ethertype IPv4 for protocol ipv6-icmp.');
    const ethertype = await refusal({ direction: 'egress', ethertype: 'IPX' }, 400);
    assert.equal(
      ethertype.message,
      "Security group rule for ethertype 'IPX' not supported. Allowed values are ['IPv4', 'IPv6'].",
    );
    const direction = await refusal({ direction: 'sideways' }, 400);
    assert.equal(
      direction.message,
      "Invalid input for direction. Reason: sideways is not in ['ingress', 'egress'].",
    );
    const missing = await net.request('POST', '/security-group-rules', {
      body: { security_group_rule: { security_group_id: groupId } },
    });
    assert.equal(
      missing.json().NeutronError.message,
      "Failed to parse request. Required attribute 'direction' not specified",
    );
  });

  test('port ranges are checked as upstream checks them', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { port_range_min: 80 },
        'SecurityGroupProtocolRequiredWithPorts',
        'Must also specify protocol if port range is given.',
      ],
      [
        { protocol: 'tcp', port_range_min: 90, port_range_max: 80 },
        'SecurityGroupInvalidPortRange',
        'For TCP/UDP protocols, port_range_min must be <= port_range_max',
      ],
      [
        { protocol: 'udp', port_range_min: 0, port_range_max: 80 },
        'SecurityGroupInvalidPortValue',
        'Invalid value for port 0',
      ],
      [
        { protocol: 'tcp', port_range_min: 70000 },
        'SecurityGroupInvalidPortValue',
        'Invalid value for port 70000',
      ],
      [
        { protocol: 'gre', port_range_min: 1, port_range_max: 2 },
        'SecurityGroupInvalidProtocolForPort',
        'Ports cannot be specified for protocol 47. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.',
      ],
      [
        { protocol: 'icmp', port_range_min: 256 },
        'SecurityGroupInvalidIcmpValue',
        'Invalid value for ICMP type (port_range_min) 256. It must be 0 to 255.',
      ],
      [
        { protocol: 'icmp', port_range_max: 0 },
        'SecurityGroupMissingIcmpType',
        'ICMP code (port-range-max) 0 is provided but ICMP type (port-range-min) is missing.',
      ],
    ];
    for (const [rule, type, message] of cases) {
      assert.deepEqual(await refusal({ direction: 'ingress', ...rule }, 400), { type, message, detail: '' });
    }
    const echo = await create({
      direction: 'ingress',
      protocol: 'icmp',
      port_range_min: 8,
      port_range_max: 0,
    });
    assert.equal(echo.statusCode, 201, echo.body);
    const whole = await create({
      direction: 'ingress',
      protocol: 'udp',
      port_range_min: 1,
      port_range_max: 65535,
    });
    const wholeRule = whole.json().security_group_rule;
    assert.deepEqual(
      [wholeRule.port_range_min, wholeRule.port_range_max],
      [null, null],
      'the whole range is no range',
    );
  });

  test('remote prefixes must be prefixes of the rule ethertype, and only one kind of remote', async () => {
    const invalid = await refusal({ direction: 'ingress', remote_ip_prefix: '10.0.0.300' }, 400);
    assert.deepEqual(invalid, {
      type: 'InvalidCIDR',
      message: 'Invalid CIDR 10.0.0.300 given as IP prefix.',
      detail: '',
    });
    const conflict = await refusal(
      { direction: 'ingress', ethertype: 'IPv6', remote_ip_prefix: '10.0.0.0/8' },
      400,
    );
    assert.equal(conflict.type, 'SecurityGroupRuleParameterConflict');
    assert.equal(conflict.message, 'Conflicting value ethertype IPv6 for CIDR 10.0.0.0/8');
    const both = await refusal(
      { direction: 'ingress', remote_ip_prefix: '10.1.0.0/16', remote_group_id: groupId },
      400,
    );
    assert.deepEqual(both, {
      type: 'SecurityGroupMultipleRemoteEntites',
      message: 'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.',
      detail: '',
    });
    const addressGroup = await refusal(
      { direction: 'ingress', remote_address_group_id: 'a0000000-0000-4000-8000-000000000000' },
      404,
    );
    assert.equal(addressGroup.type, 'AddressGroupNotFound');
    const v6 = await create({
      direction: 'ingress',
      ethertype: 'IPv6',
      remote_ip_prefix: '2001:DB8:0:0::1/64',
    });
    const v6Rule = v6.json().security_group_rule;
    assert.deepEqual([v6Rule.remote_ip_prefix, v6Rule.normalized_cidr], ['2001:db8::1/64', '2001:db8::/64']);
  });

  test('a duplicate rule is refused naming the existing one', async () => {
    const first = await create({
      direction: 'ingress',
      protocol: 'tcp',
      port_range_min: 443,
      port_range_max: 443,
    });
    const rule = first.json().security_group_rule;
    const again = await refusal(
      { direction: 'ingress', protocol: '6', port_range_min: 443, port_range_max: 443, description: 'again' },
      409,
    );
    assert.deepEqual(again, {
      type: 'SecurityGroupRuleExists',
      message: `Security group rule already exists. Rule id is ${rule.id}.`,
      detail: '',
    });
    const anyAddress = await create({
      direction: 'egress',
      protocol: 'tcp',
      port_range_min: 25,
      port_range_max: 25,
    });
    assert.equal(anyAddress.statusCode, 201);
    const sameAsAny = await refusal(
      {
        direction: 'egress',
        protocol: 'tcp',
        port_range_min: 25,
        port_range_max: 25,
        remote_ip_prefix: '0.0.0.0/0',
      },
      409,
    );
    assert.equal(sameAsAny.type, 'SecurityGroupRuleExists');
  });

  test('remote groups must exist and be visible to the rule project', async () => {
    const { security_group: theirs } = await net.json('POST', '/security-groups', 201, {
      caller: 'other',
      body: { security_group: { name: 'theirs' } },
    });
    const hidden = await refusal({ direction: 'ingress', remote_group_id: theirs.id }, 404);
    assert.deepEqual(hidden, {
      type: 'SecurityGroupNotFound',
      message: `Security group ${theirs.id} does not exist`,
      detail: '',
    });
    const own = await create({
      direction: 'ingress',
      protocol: 'tcp',
      port_range_min: 8080,
      port_range_max: 8080,
      remote_group_id: groupId,
    });
    assert.equal(own.json().security_group_rule.remote_group_id, groupId);
  });

  test("another project's rules and groups are out of reach", async () => {
    const { security_group_rules } = await net.json(
      'GET',
      `/security-group-rules?security_group_id=${groupId}`,
      200,
    );
    const rule = security_group_rules[0];
    const shown = await net.request('GET', `/security-group-rules/${rule.id}`, { caller: 'other' });
    assert.equal(shown.statusCode, 404);
    assert.deepEqual(shown.json().NeutronError, {
      type: 'SecurityGroupRuleNotFound',
      message: `Security group rule ${rule.id} does not exist`,
      detail: '',
    });
    const listed = await net.json('GET', `/security-group-rules?security_group_id=${groupId}`, 200, {
      caller: 'other',
    });
    assert.deepEqual(listed.security_group_rules, []);
    const deleted = await net.request('DELETE', `/security-group-rules/${rule.id}`, { caller: 'other' });
    assert.equal(deleted.statusCode, 404);
    const added = await create(
      { direction: 'ingress', protocol: 'tcp', port_range_min: 1, port_range_max: 2 },
      'other',
    );
    assert.equal(added.statusCode, 404);
    assert.equal(added.json().NeutronError.message, `Security group ${groupId} does not exist`);
    const byAdmin = await create(
      { direction: 'ingress', protocol: 'tcp', port_range_min: 3306, port_range_max: 3306 },
      'admin',
    );
    assert.equal(byAdmin.statusCode, 201, 'an admin adds rules to any group');
    const ownerSees = await net.json(
      'GET',
      `/security-group-rules/${byAdmin.json().security_group_rule.id}`,
      200,
    );
    assert.equal(
      ownerSees.security_group_rule.project_id,
      PROJECTS.admin,
      'the group owner sees rules others put in it',
    );
  });

  test('deleting a rule removes it from its group and bumps the group', async () => {
    const made = await create({
      direction: 'ingress',
      protocol: 'udp',
      port_range_min: 53,
      port_range_max: 53,
    });
    const rule = made.json().security_group_rule;
    const before = (await net.json('GET', `/security-groups/${groupId}`, 200)).security_group;
    await net.json('DELETE', `/security-group-rules/${rule.id}`, 204);
    const after = (await net.json('GET', `/security-groups/${groupId}`, 200)).security_group;
    assert.equal(after.revision_number, before.revision_number + 1);
    assert.equal(
      after.security_group_rules.some((r: { id: string }) => r.id === rule.id),
      false,
    );
    const gone = await net.request('GET', `/security-group-rules/${rule.id}`);
    assert.equal(gone.statusCode, 404);
    const update = await net.request('PUT', `/security-group-rules/${made.json().security_group_rule.id}`, {
      body: { security_group_rule: { description: 'x' } },
    });
    assert.notEqual(update.statusCode, 200, 'rules are never updated');
  });

  test('lists filter by group, direction and protocol, and show the default group rules flagged', async () => {
    const ingress = await net.json(
      'GET',
      `/security-group-rules?security_group_id=${groupId}&direction=ingress`,
      200,
    );
    assert.ok(ingress.security_group_rules.length > 0);
    assert.ok(ingress.security_group_rules.every((r: { direction: string }) => r.direction === 'ingress'));
    const tcp = await net.json(
      'GET',
      `/security-group-rules?security_group_id=${groupId}&protocol=TCP&fields=protocol`,
      200,
    );
    assert.ok(tcp.security_group_rules.length > 0);
    assert.ok(tcp.security_group_rules.every((r: object) => JSON.stringify(r) === '{"protocol":"tcp"}'));
    const defaults = await net.json('GET', '/security-group-rules?belongs_to_default_sg=true', 200);
    assert.equal(defaults.security_group_rules.length, 4);
    const everything = await net.json('GET', '/security-group-rules', 200);
    assert.ok(
      everything.security_group_rules.every(
        (r: { project_id: string; security_group_id: string }) =>
          r.project_id === PROJECTS.one || r.security_group_id === groupId,
      ),
    );
  });
});
