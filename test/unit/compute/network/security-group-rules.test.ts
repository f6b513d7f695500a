import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NeutronSecurityGroupRule } from '../../../../src/common/clients/network-types.js';
import {
  neutronRuleOf,
  newIngressRule,
  novaRuleOf,
  parseCidr,
} from '../../../../src/compute/networking/security-group-rules.js';

const neutronRule = (fields: Partial<NeutronSecurityGroupRule>): NeutronSecurityGroupRule => ({
  id: 'r',
  security_group_id: 'g',
  direction: 'ingress',
  ethertype: 'IPv4',
  protocol: null,
  port_range_min: null,
  port_range_max: null,
  remote_ip_prefix: null,
  remote_group_id: null,
  project_id: 'p',
  tenant_id: 'p',
  ...fields,
});

test('a rule from a group opens every TCP/UDP port or ICMP type unless ports are given', () => {
  assert.deepEqual(newIngressRule({ protocol: 'tcp', groupId: 'g' }), {
    group_id: 'g',
    protocol: 'tcp',
    from_port: 1,
    to_port: 65535,
  });
  assert.deepEqual(newIngressRule({ protocol: 'ICMP', groupId: 'g' }), {
    group_id: 'g',
    protocol: 'ICMP',
    from_port: -1,
    to_port: -1,
  });
  assert.deepEqual(newIngressRule({ groupId: 'g' }), { group_id: 'g' });
});

test("a CIDR rule needs a protocol and ports; ports are integers in their protocol's range", () => {
  assert.equal(newIngressRule({ cidr: '0.0.0.0/0' }), null);
  assert.deepEqual(newIngressRule({ protocol: 'udp', fromPort: '53', toPort: 53, cidr: '10.0.0.0/8' }), {
    cidr: '10.0.0.0/8',
    protocol: 'udp',
    from_port: 53,
    to_port: 53,
  });
  const refusals: [object, string][] = [
    [
      { protocol: 'tcp', fromPort: 'a', toPort: 2 },
      'Invalid input received: To and From ports must be integers',
    ],
    [
      { protocol: 'icmp', fromPort: 'a', toPort: 2 },
      'Invalid input received: Type and Code must be integers for ICMP protocol type',
    ],
    [
      { protocol: 'tcp', fromPort: 0, toPort: 2 },
      'Invalid port range 0:2. Valid TCP ports should be between 1-65535',
    ],
    [
      { protocol: 'icmp', fromPort: 256, toPort: 0 },
      'Invalid port range 256:0. For ICMP, the type:code must be valid',
    ],
    [{ protocol: 'sctp', fromPort: 1, toPort: 2 }, 'Invalid IP protocol sctp.'],
  ];
  for (const [args, message] of refusals) {
    assert.throws(() => newIngressRule({ cidr: '0.0.0.0/0', ...args }), { status: 400, message });
  }
});

test('CIDRs: none is anywhere, a quoted one is unquoted, a bad one refused', () => {
  assert.equal(parseCidr(null), '0.0.0.0/0');
  assert.equal(parseCidr('10.0.0.0%2F8'), '10.0.0.0/8');
  assert.equal(parseCidr('2001:db8::/32'), '2001:db8::/32');
  assert.throws(() => parseCidr('10.0.0.0/33'), { message: '10.0.0.0/33 is not a valid IP network.' });
  assert.throws(() => parseCidr('10.0.0.0'), { message: '10.0.0.0 is not a valid IP network.' });
});

test("Neutron's rules as Nova shows them, and Nova's as Neutron takes them", () => {
  assert.deepEqual(novaRuleOf(neutronRule({ protocol: 'tcp' })), {
    id: 'r',
    parent_group_id: 'g',
    protocol: 'tcp',
    from_port: 1,
    to_port: 65535,
    group_id: null,
    cidr: '0.0.0.0/0',
  });
  const icmp = novaRuleOf(neutronRule({ protocol: 'icmp', remote_ip_prefix: '10.0.0.0/8' }));
  assert.deepEqual([icmp.from_port, icmp.to_port, icmp.cidr], [-1, -1, '10.0.0.0/8']);
  const any = novaRuleOf(neutronRule({ remote_group_id: 'other' }));
  assert.deepEqual([any.protocol, any.from_port, any.to_port, any.group_id], [null, null, null, 'other']);

  assert.deepEqual(
    neutronRuleOf({
      parent_group_id: 'g',
      cidr: '2001:db8::/32',
      protocol: 'icmp',
      from_port: -1,
      to_port: -1,
    }),
    {
      direction: 'ingress',
      protocol: 'icmp',
      ethertype: 'IPv6',
      remote_ip_prefix: '2001:db8::/32',
      security_group_id: 'g',
      remote_group_id: null,
    },
  );
  assert.deepEqual(
    neutronRuleOf({ parent_group_id: 'g', group_id: 'h', protocol: 'tcp', from_port: 1, to_port: 9 }),
    {
      direction: 'ingress',
      protocol: 'tcp',
      ethertype: 'IPv4',
      remote_ip_prefix: null,
      security_group_id: 'g',
      remote_group_id: 'h',
      port_range_min: 1,
      port_range_max: 9,
    },
  );
});
