import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  normalize,
  weighHosts,
  type HostWeigher,
} from '../../../../../src/compute/scheduler/weighers/host-weigher.js';
import { fakeHost, fakeSpec } from '../fakes.js';

// Nova's test_weights normalize cases: [values, minval, maxval, expected].
const cases: [number[], number | undefined, number | undefined, number[]][] = [
  [[], undefined, undefined, []],
  [[1, 1, 1], undefined, undefined, [0, 0, 0]],
  [[1, 2, 3], undefined, undefined, [0, 0.5, 1]],
  [[2, 3, 1], undefined, undefined, [0.5, 1, 0]],
  [[0, 5, 10], 0, undefined, [0, 0.5, 1]],
  [[1, 2, 3, 4], 0, 10, [0.1, 0.2, 0.3, 0.4]],
  [[1, 2, 3], undefined, 10, [0, 1 / 9, 2 / 9]],
  [[2], 0, undefined, [1]],
];

for (const [values, minval, maxval, expected] of cases) {
  test(`normalize [${values}] with min ${minval} and max ${maxval}`, () => {
    const got = normalize(values, minval, maxval);
    assert.equal(got.length, expected.length);
    got.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-9, `${value} vs ${expected[i]}`));
  });
}

const fixed = (name: string, weights: Record<string, number>, multiplier = 1): HostWeigher => ({
  name,
  weigh: (host) => weights[host.host],
  multiplier: () => multiplier,
});

test('each weigher is normalized on its own, then multiplied and summed; best first', () => {
  const hosts = ['a', 'b', 'c'].map((name) => fakeHost(name));
  const weighed = weighHosts(
    [fixed('small', { a: 1, b: 2, c: 3 }), fixed('huge', { a: 3000, b: 1000, c: 2000 }, 2)],
    hosts,
    fakeSpec(),
  );
  assert.deepEqual(
    weighed.map((entry) => [entry.host.host, entry.weight]),
    [
      ['a', 2],
      ['c', 2],
      ['b', 0.5],
    ],
  );
});

test('a lone host is not weighed', () => {
  const weighed = weighHosts([fixed('w', { a: 7 })], [fakeHost('a')], fakeSpec());
  assert.deepEqual(
    weighed.map((entry) => entry.weight),
    [0],
  );
});

test("raw weights are clamped to the weigher's bounds", () => {
  const bounded: HostWeigher = { ...fixed('w', { a: -50, b: 50, c: 100 }), minval: 0 };
  const weighed = weighHosts(
    [bounded],
    ['a', 'b', 'c'].map((name) => fakeHost(name)),
    fakeSpec(),
  );
  assert.deepEqual(
    weighed.map((entry) => [entry.host.host, entry.weight]),
    [
      ['c', 1],
      ['b', 0.5],
      ['a', 0],
    ],
  );
});
