import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsafeHostChange } from '../../../../../src/network/drivers/errors.js';
import { parseLinks } from '../../../../../src/network/drivers/linux/links.js';
import {
  hostLegCommands,
  namespaceLegCommands,
  staleNamespaceDevices,
  type VethLeg,
} from '../../../../../src/network/drivers/linux/veth-legs.js';
import { linksText } from './link-json.js';

const tag = 'stratus:router:r1';
const leg: VethLeg = {
  hostDevice: 'tapaaaaaaaaaaa',
  namespaceDevice: 'qr-aaaaaaaaaaa',
  bridge: 'brq11111111111',
  mac: 'fa:16:3e:00:00:01',
  mtu: 1450,
  addresses: ['10.0.0.1/24'],
};

test('a new leg: the veth pair made with its namespace end in place, the bridge end plugged and up', () => {
  const recreated = new Set<string>();
  assert.deepEqual(hostLegCommands([leg], [], [], 'qrouter-r1', tag, recreated), [
    [
      ...['link', 'add', 'name', 'tapaaaaaaaaaaa', 'mtu', '1450', 'type', 'veth'],
      ...[
        'peer',
        'name',
        'qr-aaaaaaaaaaa',
        'address',
        'fa:16:3e:00:00:01',
        'mtu',
        '1450',
        'netns',
        'qrouter-r1',
      ],
    ],
    ['link', 'set', 'dev', 'tapaaaaaaaaaaa', 'alias', tag],
    ['link', 'set', 'dev', 'tapaaaaaaaaaaa', 'master', 'brq11111111111'],
    ['link', 'set', 'dev', 'tapaaaaaaaaaaa', 'up'],
  ]);
  assert.deepEqual(namespaceLegCommands([leg], [], recreated), [
    ['link', 'set', 'dev', 'qr-aaaaaaaaaaa', 'up'],
    ['address', 'add', '10.0.0.1/24', 'dev', 'qr-aaaaaaaaaaa'],
  ]);
});

test('a leg as specified gets no command; new addresses and MTU are set in place', () => {
  const host = parseLinks(
    linksText({ name: 'tapaaaaaaaaaaa', alias: tag, master: 'brq11111111111', mtu: 1450 }),
  );
  const inside = parseLinks(
    linksText(
      { name: 'qr-aaaaaaaaaaa', mac: leg.mac, mtu: 1450, addresses: ['10.0.0.1/24'] },
      { name: 'lo', kind: null },
    ),
  );
  const recreated = new Set<string>();
  assert.deepEqual(hostLegCommands([leg], host, inside, 'qrouter-r1', tag, recreated), []);
  assert.deepEqual(namespaceLegCommands([leg], inside, recreated), []);
  const changed = { ...leg, mtu: 1400, addresses: ['10.0.0.1/24', '2001:db8::1/64'] };
  assert.deepEqual(hostLegCommands([changed], host, inside, 'qrouter-r1', tag, recreated), [
    ['link', 'set', 'dev', 'tapaaaaaaaaaaa', 'mtu', '1400'],
  ]);
  assert.deepEqual(namespaceLegCommands([changed], inside, recreated), [
    ['link', 'set', 'dev', 'qr-aaaaaaaaaaa', 'mtu', '1400'],
    ['address', 'add', '2001:db8::1/64', 'dev', 'qr-aaaaaaaaaaa', 'nodad'],
  ]);
});

test('legs no longer wanted are removed; half a pair is made again; a device of someone else is refused', () => {
  const inside = parseLinks(
    linksText({ name: 'qr-bbbbbbbbbbb' }, { name: 'qg-ccccccccccc' }, { name: 'lo', kind: null }),
  );
  assert.deepEqual(staleNamespaceDevices([leg], inside, ['qr-']), ['qr-bbbbbbbbbbb']);
  const host = parseLinks(
    linksText({ name: 'tapaaaaaaaaaaa', alias: tag }, { name: 'tapbbbbbbbbbbb', alias: tag }),
  );
  const recreated = new Set<string>();
  const commands = hostLegCommands([leg], host, [], 'qrouter-r1', tag, recreated);
  assert.deepEqual(commands.slice(0, 2), [
    ['link', 'del', 'dev', 'tapbbbbbbbbbbb'],
    ['link', 'del', 'dev', 'tapaaaaaaaaaaa'],
  ]);
  assert.deepEqual([...recreated], ['qr-aaaaaaaaaaa']);
  const foreign = parseLinks(linksText({ name: 'tapaaaaaaaaaaa', alias: 'stratus:port:a' }));
  assert.throws(() => hostLegCommands([leg], foreign, [], 'qrouter-r1', tag, new Set()), UnsafeHostChange);
});
