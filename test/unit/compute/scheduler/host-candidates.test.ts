import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeFilter } from '../../../../src/compute/scheduler/filters/compute-filter.js';
import { filterHosts } from '../../../../src/compute/scheduler/host-candidates.js';
import { fakeHost, fakeSpec } from './fakes.js';

const down = { disabled: false, up: false };
const hosts = () => [
  fakeHost('Host1'),
  fakeHost('host2', { service: down }),
  fakeHost('host3', { nodename: 'node3a' }),
  fakeHost('host3', { nodename: 'node3b' }),
];
const names = (outcome: ReturnType<typeof filterHosts>) =>
  outcome.hosts.map((h) => `${h.host}/${h.nodename}`);

test('ignore_hosts drops hosts by name, without case', () => {
  assert.deepEqual(names(filterHosts([computeFilter], hosts(), fakeSpec({ ignoreHosts: ['host1'] }), 0)), [
    'host3/node3a',
    'host3/node3b',
  ]);
});

test('force_hosts keeps only those hosts and skips the filters', () => {
  const outcome = filterHosts([computeFilter], hosts(), fakeSpec({ forceHosts: ['HOST2'] }), 0);
  assert.deepEqual(names(outcome), ['host2/host2-node']);
});

test('force_nodes keeps only those nodes', () => {
  assert.deepEqual(names(filterHosts([computeFilter], hosts(), fakeSpec({ forceNodes: ['node3b'] }), 0)), [
    'host3/node3b',
  ]);
});

test('forced hosts are filtered when the request checks an existing placement', () => {
  const spec = fakeSpec({ forceHosts: ['host2'], checkType: 'resize' });
  assert.deepEqual(names(filterHosts([computeFilter], hosts(), spec, 0)), []);
});

test('a requested destination narrows to its host, and to its node when named', () => {
  const host = fakeSpec({ requestedDestination: { host: 'host3' } });
  assert.deepEqual(names(filterHosts([computeFilter], hosts(), host, 0)), ['host3/node3a', 'host3/node3b']);
  const node = fakeSpec({ requestedDestination: { host: 'host3', node: 'node3b' } });
  assert.deepEqual(names(filterHosts([computeFilter], hosts(), node, 0)), ['host3/node3b']);
});

test('a requested destination with only a node narrows to that node on any host', () => {
  const node = fakeSpec({ requestedDestination: { host: null, node: 'node3a' } });
  assert.deepEqual(names(filterHosts([computeFilter], hosts(), node, 0)), ['host3/node3a']);
});

test('once-per-request filters do not run for later instances', () => {
  assert.equal(filterHosts([computeFilter], hosts(), fakeSpec(), 1).hosts.length, 4);
  assert.equal(filterHosts([computeFilter], hosts(), fakeSpec(), 0).hosts.length, 3);
});

test('a rebuild skips the filters that do not apply to it', () => {
  const outcome = filterHosts([computeFilter], hosts(), fakeSpec({ checkType: 'rebuild' }), 0);
  assert.equal(outcome.hosts.length, 4);
});
