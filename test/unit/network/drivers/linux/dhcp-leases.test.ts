import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pruneStaleLeases, staleLeases } from '../../../../../src/network/drivers/linux/dhcp-leases.js';

const leaseFile = [
  '1795340162 fa:16:3e:8d:8d:89 10.0.0.4 host-10-0-0-4 01:fa:16:3e:8d:8d:89',
  '1795340162 fa:16:3e:a1:92:c1 10.0.0.5 host-10-0-0-5 *',
  'duid 00:01:00:01:2c:6d:4e:1a:fa:16:3e:00:00:01',
  '1795340131 1234 fd00::5 host-fd00--5 00:01:00:01:2c:6d',
  '',
].join('\n');

test('a lease is stale when no host has its address with its MAC', () => {
  const hosts = [
    { mac: 'FA:16:3E:8D:8D:89', ip: '10.0.0.4', hostname: 'vm4' },
    { mac: 'fa:16:3e:00:00:99', ip: '10.0.0.5', hostname: 'new' },
  ];
  assert.deepEqual(staleLeases(leaseFile, hosts), [
    { mac: 'fa:16:3e:a1:92:c1', ip: '10.0.0.5', clientId: null },
  ]);
  assert.deepEqual(
    staleLeases(leaseFile, []).map((lease) => lease.clientId),
    ['01:fa:16:3e:8d:8d:89', null],
    'every IPv4 lease, with its client id; IPv6 lines are not read',
  );
});

test('pruning drops the stale IPv4 leases and keeps every other line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'leases-'));
  try {
    const file = join(dir, 'leases');
    await writeFile(file, leaseFile);
    await pruneStaleLeases(file, [{ mac: 'fa:16:3e:8d:8d:89', ip: '10.0.0.4', hostname: 'vm4' }]);
    const lines = (await readFile(file, 'utf8')).split('\n');
    assert.deepEqual(lines, [leaseFile.split('\n')[0], ...leaseFile.split('\n').slice(2)]);
    await pruneStaleLeases(join(dir, 'none'), []); // no file yet: nothing to do
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
