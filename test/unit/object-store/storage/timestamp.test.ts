import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidTimestamp, Timestamp } from '../../../../src/object-store/storage/timestamp.js';

test('Swift timestamps: normal and internal forms, offsets, order', () => {
  const plain = Timestamp.parse('1700000000.12345');
  assert.equal(plain.normal, '1700000000.12345');
  assert.equal(plain.internal, '1700000000.12345');
  assert.equal(Timestamp.parse('1700000000').normal, '1700000000.00000');
  assert.equal(Timestamp.parse('1700000000.123456').normal, '1700000000.12346');
  assert.equal(Timestamp.parse('1700000000.12345_0000000000000000').internal, '1700000000.12345');
  const offset = Timestamp.parse('1700000000.12345_1f');
  assert.equal(offset.internal, '1700000000.12345_000000000000001f');
  assert.equal(offset.normal, '1700000000.12345');
  assert.ok(offset.isAfter(plain));
  assert.ok(Timestamp.parse('1700000000.12346').isAfter(offset));
  assert.ok(plain.internal < offset.internal, 'the text sorts as the time does');
  assert.equal(Timestamp.parse('0000000012.00000').normal, '0000000012.00000');
  for (const bad of ['', 'abc', '1.2.3', '-5', '1_2_3', '1_xyz', '99999999999']) {
    assert.throws(() => Timestamp.parse(bad), InvalidTimestamp, bad);
  }
});

test('listing and HTTP dates of a timestamp', () => {
  const timestamp = Timestamp.parse('1700000000.12345');
  assert.equal(timestamp.isoformat, '2023-11-14T22:13:20.123450');
  assert.equal(Timestamp.parse('1700000000').isoformat, '2023-11-14T22:13:20.000000');
  assert.equal(timestamp.httpDate, 'Tue, 14 Nov 2023 22:13:21 GMT');
  assert.equal(Timestamp.parse('1700000000').httpDate, 'Tue, 14 Nov 2023 22:13:20 GMT');
});
