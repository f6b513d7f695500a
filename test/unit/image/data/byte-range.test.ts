import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestedRange } from '../../../../src/image/data/byte-range.js';

describe('Range header, as Glance serves it', () => {
  test('no header: the whole image', () => {
    assert.equal(requestedRange(undefined, 10), null);
  });

  test('single ranges: closed, open-ended, suffix; ends past the end are cut', () => {
    assert.deepEqual(requestedRange('bytes=0-4', 10), { start: 0, end: 4 });
    assert.deepEqual(requestedRange('bytes=3-', 10), { start: 3, end: 9 });
    assert.deepEqual(requestedRange('bytes=-3', 10), { start: 7, end: 9 });
    assert.deepEqual(requestedRange('bytes=-30', 10), { start: 0, end: 9 });
    assert.deepEqual(requestedRange('bytes=-0', 10), { start: 0, end: 9 });
    assert.deepEqual(requestedRange('bytes=5-50', 10), { start: 5, end: 9 });
    assert.deepEqual(requestedRange('BYTES = 1 - 2', 10), { start: 1, end: 2 });
  });

  test('refusals: 416 for past the end and malformed, 400 for several', () => {
    assert.throws(
      () => requestedRange('bytes=10-', 10),
      (e: { status: number }) => e.status === 416,
    );
    assert.throws(
      () => requestedRange('bytes=5-4', 10),
      (e: { status: number }) => e.status === 416,
    );
    assert.throws(
      () => requestedRange('bytes=-', 10),
      (e: { status: number }) => e.status === 416,
    );
    assert.throws(
      () => requestedRange('items=1-2', 10),
      (e: { status: number }) => e.status === 416,
    );
    assert.throws(
      () => requestedRange('bytes=1-2,4-5', 10),
      (e: { status: number }) => e.status === 400,
    );
  });
});
