import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairWithContainers } from '../../../../src/object-store/proxy/container-updates.js';
import type { RingNode } from '../../../../src/object-store/ring/ring-types.js';

const node = (ip: string, device: string, index = 0): RingNode => ({
  id: 0,
  region: 1,
  zone: 1,
  ip,
  port: 6200,
  device,
  weight: 1,
  index,
});
const names = (nodes: RingNode[]) => nodes.map((n) => `${n.ip}/${n.device}`);

test('each object replica updates the container replica on its own device', () => {
  const objects = [node('a', 'd2'), node('a', 'd3'), node('a', 'd1')];
  const containers = [node('a', 'd1'), node('a', 'd2'), node('a', 'd3')];
  assert.deepEqual(names(pairWithContainers(objects, containers)), ['a/d2', 'a/d3', 'a/d1']);
});

test('without one on its device, the one on its node, and the rest in order; every container replica hears', () => {
  const objects = [node('b', 'd9'), node('c', 'd1'), node('a', 'd1')];
  const containers = [node('c', 'd4'), node('a', 'd1'), node('b', 'd5')];
  assert.deepEqual(names(pairWithContainers(objects, containers)), ['b/d5', 'c/d4', 'a/d1']);
  const far = pairWithContainers([node('x', 'd1'), node('y', 'd1')], [node('a', 'd1'), node('b', 'd1')]);
  assert.deepEqual(names(far), ['a/d1', 'b/d1']);
});

test('more object replicas than container replicas: the extra ones share', () => {
  const paired = pairWithContainers([node('a', 'd1'), node('a', 'd2'), node('a', 'd3')], [node('a', 'd3')]);
  assert.deepEqual(names(paired), ['a/d3', 'a/d3', 'a/d3']);
});
