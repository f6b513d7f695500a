import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NeutronError } from '../../../src/network/errors.js';
import {
  addressValidOnSubnet,
  generatePools,
  nextFreeAddress,
  poolBodies,
  requestedPools,
  validateAllocationPools,
  validateGatewayOutOfPools,
} from '../../../src/network/ipam/address-pools.js';
import { eui64Address } from '../../../src/network/ipam/eui64.js';
import { canonicalCidr, formatIp, parseIp } from '../../../src/network/ipam/ip-address.js';
import {
  allocateAnyPrefix,
  compactPrefixes,
  specificPrefixAvailable,
} from '../../../src/network/ipam/prefix-allocation.js';

const ip = (text: string) => parseIp(text)!.value;

function refusal(fn: () => unknown): { status: number; type: string; message: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof NeutronError, String(error));
    return { status: error.status, type: error.type, message: error.message };
  }
  assert.fail('expected a refusal');
}

describe('IPAM core', () => {
  test('addresses print as netaddr prints them: IPv6 compacted, the longest zero run folded once', () => {
    assert.equal(formatIp(6, ip('2001:0db8:0000:0000:0001:0000:0000:0001')), '2001:db8::1:0:0:1');
    assert.equal(formatIp(6, ip('2001:db8:0:1:1:1:1:1')), '2001:db8:0:1:1:1:1:1');
    assert.equal(formatIp(6, ip('::ffff:10.0.0.1')), '::ffff:a00:1');
    assert.equal(formatIp(4, ip('192.168.1.254')), '192.168.1.254');
    assert.equal(canonicalCidr('10.0.0.77/26'), '10.0.0.64/26');
    assert.equal(canonicalCidr('2001:DB8:0:0:0::5/64'), '2001:db8::/64');
    assert.equal(parseIp('10.0.0.010'), null, 'leading zeros are not an address');
  });

  test('default pools: the whole CIDR less network, broadcast (IPv4) and gateway', () => {
    assert.deepEqual(poolBodies(generatePools('10.0.0.0/24', '10.0.0.1')), [
      { start: '10.0.0.2', end: '10.0.0.254' },
    ]);
    assert.deepEqual(poolBodies(generatePools('10.0.0.0/24', '10.0.0.100')), [
      { start: '10.0.0.1', end: '10.0.0.99' },
      { start: '10.0.0.101', end: '10.0.0.254' },
    ]);
    assert.deepEqual(poolBodies(generatePools('10.0.0.0/24', null)), [
      { start: '10.0.0.1', end: '10.0.0.254' },
    ]);
    assert.deepEqual(poolBodies(generatePools('10.0.0.0/31', null)), [
      { start: '10.0.0.0', end: '10.0.0.1' },
    ]);
    assert.deepEqual(poolBodies(generatePools('2001:db8::/64', '2001:db8::')), [
      { start: '2001:db8::1', end: '2001:db8::ffff:ffff:ffff:ffff' },
    ]);
  });

  test('pools are refused outside the subnet, overlapping, reversed, or around the gateway', () => {
    const pools = (...pairs: [string, string][]) =>
      requestedPools(pairs.map(([start, end]) => ({ start, end })));
    assert.deepEqual(
      refusal(() => validateAllocationPools(pools(['10.0.0.0', '10.0.0.9']), '10.0.0.0/24')),
      {
        status: 400,
        type: 'OutOfBoundsAllocationPool',
        message: 'The allocation pool 10.0.0.0-10.0.0.9 spans beyond the subnet cidr 10.0.0.0/24.',
      },
    );
    assert.deepEqual(
      refusal(() =>
        validateAllocationPools(pools(['10.0.0.2', '10.0.0.20'], ['10.0.0.10', '10.0.0.30']), '10.0.0.0/24'),
      ),
      {
        status: 409,
        type: 'OverlappingAllocationPools',
        message:
          'Found overlapping allocation pools: 10.0.0.2-10.0.0.20 10.0.0.10-10.0.0.30 for subnet 10.0.0.0/24.',
      },
    );
    assert.deepEqual(
      refusal(() => pools(['10.0.0.9', '10.0.0.2'])),
      {
        status: 400,
        type: 'InvalidAllocationPool',
        message: "The allocation pool {'start': '10.0.0.9', 'end': '10.0.0.2'} is not valid.",
      },
    );
    assert.equal(
      refusal(() => validateGatewayOutOfPools('10.0.0.5', pools(['10.0.0.2', '10.0.0.9']))).message,
      'Gateway ip 10.0.0.5 conflicts with allocation pool 10.0.0.2-10.0.0.9.',
    );
  });

  test('the next free address skips used ones, walks the pools in order, and is null when all are used', () => {
    const pools = requestedPools([
      { start: '10.0.0.10', end: '10.0.0.11' },
      { start: '10.0.0.2', end: '10.0.0.3' },
    ]);
    assert.equal(nextFreeAddress(pools, new Set()), ip('10.0.0.10'));
    assert.equal(nextFreeAddress(pools, new Set([ip('10.0.0.10'), ip('10.0.0.11')])), ip('10.0.0.2'));
    const all = new Set(['10.0.0.2', '10.0.0.3', '10.0.0.10', '10.0.0.11'].map(ip));
    assert.equal(nextFreeAddress(pools, all), null);
    const v6 = requestedPools([{ start: '2001:db8::1', end: '2001:db8::ffff:ffff:ffff:ffff' }]);
    assert.equal(formatIp(6, nextFreeAddress(v6, new Set([ip('2001:db8::1')]))!), '2001:db8::2');
  });

  test('a port may hold neither an IPv4 network/broadcast address nor, unless a router, an IPv6 subnet-router one', () => {
    assert.equal(addressValidOnSubnet('10.0.0.0/24', '10.0.0.0'), false);
    assert.equal(addressValidOnSubnet('10.0.0.0/24', '10.0.0.255'), false);
    assert.equal(addressValidOnSubnet('10.0.0.0/24', '10.0.1.1'), false);
    assert.equal(addressValidOnSubnet('2001:db8::/64', '2001:db8::', 'compute:nova'), false);
    assert.equal(addressValidOnSubnet('2001:db8::/64', '2001:db8::', 'network:router_interface'), true);
  });

  test('SLAAC addresses are EUI-64: the MAC with ff:fe inside and the universal/local bit flipped', () => {
    assert.equal(
      formatIp(6, eui64Address('2001:db8::/64', 'fa:16:3e:12:34:56')),
      '2001:db8::f816:3eff:fe12:3456',
    );
    assert.equal(
      formatIp(6, eui64Address('fd00:1:2:3::/64', '00:16:3e:00:00:01')),
      'fd00:1:2:3:216:3eff:fe00:1',
    );
  });

  test('subnet pools: prefixes compacted; a size taken from the smallest hole that fits; a CIDR only when free', () => {
    assert.deepEqual(compactPrefixes(['10.0.1.0/24', '10.0.0.0/24', '10.0.0.128/25']), ['10.0.0.0/23']);
    const prefixes = ['10.10.0.0/16'];
    assert.equal(allocateAnyPrefix(prefixes, [], 24), '10.10.0.0/24');
    assert.equal(allocateAnyPrefix(prefixes, ['10.10.0.0/24'], 24), '10.10.1.0/24');
    assert.equal(allocateAnyPrefix(prefixes, ['10.10.0.0/24', '10.10.2.0/23'], 26), '10.10.1.0/26');
    assert.equal(allocateAnyPrefix(prefixes, [], 15), null);
    assert.equal(specificPrefixAvailable(prefixes, ['10.10.0.0/24'], '10.10.0.128/25'), false);
    assert.equal(specificPrefixAvailable(prefixes, ['10.10.0.0/24'], '10.10.1.0/25'), true);
    assert.equal(specificPrefixAvailable(prefixes, [], '10.11.0.0/24'), false);
  });
});
