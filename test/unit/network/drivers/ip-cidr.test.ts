import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidSpec } from '../../../../src/network/drivers/errors.js';
import {
  canonicalNetwork,
  ipv4Netmask,
  overlaps,
  parseCidr,
} from '../../../../src/network/drivers/ip-cidr.js';

test('canonical networks of IPv4 and IPv6 CIDRs, as iptables and ip print them', () => {
  assert.equal(canonicalNetwork('10.0.0.5/24'), '10.0.0.0/24');
  assert.equal(canonicalNetwork('10.0.0.5'), '10.0.0.5/32');
  assert.equal(canonicalNetwork('0.0.0.0/0'), '0.0.0.0/0');
  assert.equal(canonicalNetwork('2001:DB8:0:0:1::5/64'), '2001:db8::/64');
  assert.equal(canonicalNetwork('fe80::f816:3eff:feaa:bbcc'), 'fe80::f816:3eff:feaa:bbcc/128');
  assert.equal(canonicalNetwork('2001:db8:0:1:0:0:0:1/128'), '2001:db8:0:1::1/128');
  assert.equal(canonicalNetwork('::ffff:10.0.0.1/128'), '::ffff:a00:1/128');
  assert.equal(canonicalNetwork('::/0'), '::/0');
});

test('netmasks and overlaps', () => {
  assert.equal(ipv4Netmask(24), '255.255.255.0');
  assert.equal(ipv4Netmask(23), '255.255.254.0');
  assert.ok(overlaps(parseCidr('10.0.0.0/24'), parseCidr('10.0.0.128/25')));
  assert.ok(overlaps(parseCidr('10.0.0.0/8'), parseCidr('10.200.1.1/32')));
  assert.ok(!overlaps(parseCidr('10.0.0.0/24'), parseCidr('10.0.1.0/24')));
  assert.ok(!overlaps(parseCidr('10.0.0.0/24'), parseCidr('::/0')));
});

test('what is not an address or a CIDR is an InvalidSpec', () => {
  for (const text of [
    '10.0.0.300',
    '10.0.0.0/33',
    '10.0.0.0/',
    'fe80::/129',
    'host',
    '10.0.0.0/24 ',
    'fe80::1%eth0',
    '10.0.0.0/24/8',
  ]) {
    assert.throws(() => parseCidr(text), InvalidSpec, text);
  }
});
