import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostState } from '../../../../../src/compute/scheduler/host-state.js';
import { cpuWeigher } from '../../../../../src/compute/scheduler/weighers/cpu-weigher.js';
import { diskWeigher } from '../../../../../src/compute/scheduler/weighers/disk-weigher.js';
import { weighHosts, type HostWeigher } from '../../../../../src/compute/scheduler/weighers/host-weigher.js';
import { ramWeigher } from '../../../../../src/compute/scheduler/weighers/ram-weigher.js';
import { fakeHost, fakeSpec } from '../fakes.js';

// Nova's test_ram_weights shape: four hosts with 512, 1024, 3072 and 8192 MB free.
const ramHosts = () => [512, 1024, 3072, 8192].map((freeRamMb, i) => fakeHost(`host${i + 1}`, { freeRamMb }));
const ranking = (weighers: HostWeigher[], hosts: HostState[]) =>
  weighHosts(weighers, hosts, fakeSpec()).map((entry) => [entry.host.host, Number(entry.weight.toFixed(4))]);

test('RAMWeigher spreads: the most free RAM wins with weight 1, normalized from 0', () => {
  assert.deepEqual(ranking([ramWeigher()], ramHosts()), [
    ['host4', 1],
    ['host3', 0.375],
    ['host2', 0.125],
    ['host1', 0.0625],
  ]);
});

test('RAMWeigher with a negative multiplier stacks', () => {
  assert.equal(ranking([ramWeigher({ multiplier: -1 })], ramHosts())[0][0], 'host1');
});

test('RAMWeigher multiplier is scaled', () => {
  assert.deepEqual(ranking([ramWeigher({ multiplier: 2 })], ramHosts())[0], ['host4', 2]);
});

test('RAMWeigher counts oversubscribed hosts (negative free RAM) as 0', () => {
  const hosts = [...ramHosts(), fakeHost('host5', { freeRamMb: -256 })];
  const weighed = ranking([ramWeigher()], hosts);
  assert.deepEqual(weighed.at(-1), ['host5', 0]);
});

test('an aggregate overrides the multiplier, the smallest value winning; a bad value is ignored', () => {
  const hosts = ramHosts();
  hosts[0].aggregates = [
    { name: 'stack', metadata: { ram_weight_multiplier: '-1.0' } },
    { name: 'other', metadata: { ram_weight_multiplier: '3' } },
  ];
  assert.equal(ramWeigher().multiplier(hosts[0]), -1);
  hosts[1].aggregates = [{ name: 'bad', metadata: { ram_weight_multiplier: 'heavy' } }];
  assert.equal(ramWeigher({ multiplier: 1.5 }).multiplier(hosts[1]), 1.5);
});

test('CPUWeigher spreads by free vCPUs with the allocation ratio', () => {
  const hosts = [
    fakeHost('host1', { vcpusTotal: 4, vcpusUsed: 2, cpuAllocationRatio: 1 }),
    fakeHost('host2', { vcpusTotal: 4, vcpusUsed: 2, cpuAllocationRatio: 4 }),
    fakeHost('host3', { vcpusTotal: 8, vcpusUsed: 0, cpuAllocationRatio: 1 }),
  ];
  assert.deepEqual(ranking([cpuWeigher()], hosts), [
    ['host2', 1],
    ['host3', 0.5714],
    ['host1', 0.1429],
  ]);
  assert.equal(ranking([cpuWeigher({ multiplier: -1 })], hosts)[0][0], 'host1');
});

test('DiskWeigher spreads by free disk', () => {
  const hosts = [0, 512, 2048].map((freeDiskMb, i) => fakeHost(`host${i + 1}`, { freeDiskMb }));
  assert.deepEqual(ranking([diskWeigher()], hosts), [
    ['host3', 1],
    ['host2', 0.25],
    ['host1', 0],
  ]);
});
