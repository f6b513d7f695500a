import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolvePortRules } from '../../../src/network/security-groups/resolve-port-rules.js';
import type { SecurityGroupRuleRecord } from '../../../src/network/security-groups/resolved-rule.js';

const WEB = 'web-group';
const DB = 'db-group';

const rule = (overrides: Partial<SecurityGroupRuleRecord>): SecurityGroupRuleRecord => ({
  security_group_id: WEB,
  direction: 'ingress',
  ethertype: 'IPv4',
  protocol: null,
  port_range_min: null,
  port_range_max: null,
  remote_ip_prefix: null,
  remote_group_id: null,
  remote_address_group_id: null,
  ...overrides,
});

describe('resolving a port rules for its firewall', () => {
  test('protocols become numbers and prefixes their network form', () => {
    const resolved = resolvePortRules(
      [WEB],
      [
        rule({ protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.0.0.5/24' }),
        rule({ ethertype: 'IPv6', protocol: 'icmpv6' }),
        rule({ protocol: '132', direction: 'egress', remote_ip_prefix: '0.0.0.0/0' }),
      ],
      new Map(),
    );
    assert.deepEqual(resolved, [
      {
        direction: 'egress',
        ethertype: 'IPv4',
        protocol: 132,
        portRangeMin: null,
        portRangeMax: null,
        remoteIpPrefixes: null,
      },
      {
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 6,
        portRangeMin: 22,
        portRangeMax: 22,
        remoteIpPrefixes: ['10.0.0.0/24'],
      },
      {
        direction: 'ingress',
        ethertype: 'IPv6',
        protocol: 58,
        portRangeMin: null,
        portRangeMax: null,
        remoteIpPrefixes: null,
      },
    ]);
  });

  test("a remote group becomes its members' addresses of the rule's IP version", () => {
    const members = new Map([[DB, ['10.0.0.7', '2001:db8::7', '10.0.0.3', '192.168.5.0/24', '10.0.0.7']]]);
    const [v4, v6] = resolvePortRules(
      [WEB],
      [rule({ remote_group_id: DB }), rule({ ethertype: 'IPv6', remote_group_id: DB })],
      members,
    );
    assert.deepEqual(v4.remoteIpPrefixes, ['10.0.0.3/32', '10.0.0.7/32', '192.168.5.0/24']);
    assert.deepEqual(v6.remoteIpPrefixes, ['2001:db8::7/128']);
  });

  test('a remote group without members matches no peer, unlike a rule without remote', () => {
    const [resolved] = resolvePortRules([WEB], [rule({ remote_group_id: 'empty' })], new Map());
    assert.deepEqual(resolved.remoteIpPrefixes, []);
  });

  test("only the port's groups count, and identical rules from two groups apply once", () => {
    const resolved = resolvePortRules(
      [WEB, DB],
      [
        rule({ protocol: 'udp', port_range_min: 53, port_range_max: 53 }),
        rule({ security_group_id: DB, protocol: '17', port_range_min: 53, port_range_max: 53 }),
        rule({ security_group_id: 'not-on-port', protocol: 'tcp' }),
      ],
      new Map(),
    );
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0].protocol, 17);
  });

  test('the same state gives the same rules in the same order', () => {
    const rules = [rule({ protocol: 'tcp' }), rule({ direction: 'egress' }), rule({ protocol: 'icmp' })];
    const once = resolvePortRules([WEB], rules, new Map());
    assert.deepEqual(resolvePortRules([WEB], [...rules].reverse(), new Map()), once);
  });
});
