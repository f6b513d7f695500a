import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceNotFound, UnsafeHostChange } from '../../../../../src/network/drivers/errors.js';
import { parseLinks } from '../../../../../src/network/drivers/linux/links.js';
import { linuxDriverSettings } from '../../../../../src/network/drivers/linux/linux-options.js';
import { floodCommands, networkCommands } from '../../../../../src/network/drivers/linux/network-wiring.js';
import type { NetworkSpec } from '../../../../../src/network/drivers/network-driver.js';
import { linksText } from './link-json.js';

const settings = linuxDriverSettings({
  stateDir: '/var/lib/stratus/network',
  vxlan: { localIp: '192.0.2.2' },
  physicalInterfaceMappings: { physnet1: 'eth1', uplink: 'eth0' },
});
const vxlan: NetworkSpec = {
  id: '0123456789abcdef',
  mtu: 1450,
  networkType: 'vxlan',
  segmentationId: 42,
  physicalNetwork: null,
  hostAddresses: [],
};
const tag = 'stratus:network:0123456789abcdef';
const eth0 = { name: 'eth0', kind: null, addresses: ['192.0.2.2/24'] };

test('a VXLAN network on a bare host: the bridge (filtered, STP off), the VXLAN device in it, both up', () => {
  assert.deepEqual(networkCommands(vxlan, parseLinks(linksText(eth0)), settings), [
    [
      'link',
      'add',
      'name',
      'brq0123456789a',
      'mtu',
      '1450',
      'type',
      'bridge',
      'stp_state',
      '0',
      'forward_delay',
      '0',
    ],
    ['link', 'set', 'dev', 'brq0123456789a', 'alias', tag],
    [
      'link',
      'set',
      'dev',
      'brq0123456789a',
      'type',
      'bridge',
      'nf_call_iptables',
      '1',
      'nf_call_ip6tables',
      '1',
    ],
    [
      'link',
      'add',
      'name',
      'vxlan-42',
      'mtu',
      '1450',
      'type',
      'vxlan',
      'id',
      '42',
      'dstport',
      '4789',
      'local',
      '192.0.2.2',
    ],
    ['link', 'set', 'dev', 'vxlan-42', 'alias', tag],
    ['link', 'set', 'dev', 'vxlan-42', 'master', 'brq0123456789a'],
    ['link', 'set', 'dev', 'vxlan-42', 'up'],
    ['link', 'set', 'dev', 'brq0123456789a', 'up'],
  ]);
});

test('a host that has the network as specified gets no command; a new MTU is one command per device', () => {
  const host = parseLinks(
    linksText(
      eth0,
      { name: 'brq0123456789a', kind: 'bridge', mtu: 1450, alias: tag },
      { name: 'vxlan-42', kind: 'vxlan', mtu: 1450, alias: tag, master: 'brq0123456789a' },
      { name: 'tapffffffffff', kind: 'tun', master: 'brq0123456789a', alias: 'stratus:port:ff' },
    ),
  );
  assert.deepEqual(networkCommands(vxlan, host, settings), []);
  assert.deepEqual(networkCommands({ ...vxlan, mtu: 1400 }, host, settings), [
    ['link', 'set', 'dev', 'brq0123456789a', 'mtu', '1400'],
    ['link', 'set', 'dev', 'vxlan-42', 'mtu', '1400'],
  ]);
});

test('a changed segment replaces the VXLAN device; a flat network enslaves its mapped interface', () => {
  const host = parseLinks(
    linksText(
      eth0,
      { name: 'eth1', kind: null },
      { name: 'brq0123456789a', kind: 'bridge', mtu: 1450, alias: tag },
      { name: 'vxlan-42', kind: 'vxlan', mtu: 1450, alias: tag, master: 'brq0123456789a' },
    ),
  );
  const flat = { ...vxlan, networkType: 'flat' as const, segmentationId: null, physicalNetwork: 'physnet1' };
  assert.deepEqual(networkCommands(flat, host, settings), [
    ['link', 'del', 'dev', 'vxlan-42'],
    ['link', 'set', 'dev', 'eth1', 'master', 'brq0123456789a'],
  ]);
});

test("the host's own networking is never touched: its uplink, its prefixes, a bridge not the driver's", () => {
  const host = parseLinks(linksText(eth0, { name: 'brqforeign0000', kind: 'bridge' }));
  const flat = { ...vxlan, networkType: 'flat' as const, segmentationId: null };
  assert.throws(
    () => networkCommands({ ...flat, physicalNetwork: 'uplink' }, host, settings),
    UnsafeHostChange,
  );
  assert.throws(
    () => networkCommands({ ...flat, physicalNetwork: 'physnet1' }, host, settings),
    DeviceNotFound,
  );
  assert.throws(
    () =>
      networkCommands(
        { ...flat, physicalNetwork: 'public', hostAddresses: ['192.0.2.200/25'] },
        host,
        settings,
      ),
    UnsafeHostChange,
  );
  assert.throws(() => networkCommands({ ...vxlan, id: 'foreign0000' }, host, settings), UnsafeHostChange);
  assert.deepEqual(
    networkCommands(
      { ...flat, physicalNetwork: 'public', hostAddresses: ['172.24.4.1/24'] },
      host,
      settings,
    ).slice(-2),
    [
      ['address', 'add', '172.24.4.1/24', 'dev', 'brq0123456789a'],
      ['link', 'set', 'dev', 'brq0123456789a', 'up'],
    ],
  );
});

test('VXLAN flooding follows the peer list', () => {
  const entries = [
    { mac: '00:00:00:00:00:00', dst: '192.0.2.3' },
    { mac: '00:00:00:00:00:00', dst: '192.0.2.4' },
    { mac: 'fa:16:3e:00:00:01', dst: '192.0.2.3' },
  ];
  assert.deepEqual(floodCommands('vxlan-42', entries, ['192.0.2.4', '192.0.2.5']), [
    ['fdb', 'del', '00:00:00:00:00:00', 'dev', 'vxlan-42', 'dst', '192.0.2.3'],
    ['fdb', 'append', '00:00:00:00:00:00', 'dev', 'vxlan-42', 'dst', '192.0.2.5'],
  ]);
});
