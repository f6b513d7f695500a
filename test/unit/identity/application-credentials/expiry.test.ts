import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExpiry, showExpiry } from '../../../../src/identity/application-credentials/expiry.js';

const now = new Date('2026-01-01T00:00:00Z');

test('ISO 8601 times in UTC are kept to the microsecond', () => {
  assert.equal(parseExpiry('2027-05-06T07:08:09.123456', now), '2027-05-06T07:08:09.123456Z');
  assert.equal(parseExpiry('2027-05-06T07:08:09.5Z', now), '2027-05-06T07:08:09.500000Z');
  assert.equal(parseExpiry('2027-05-06T07:08', now), '2027-05-06T07:08:00.000000Z');
  assert.equal(parseExpiry('2027-05-06', now), '2027-05-06T00:00:00.000000Z');
  assert.equal(showExpiry('2027-05-06T07:08:09.123456Z'), '2027-05-06T07:08:09.123456');
  assert.equal(showExpiry(null), null);
});

test('malformed, impossible or past times are 400s', () => {
  for (const text of ['tomorrow', '2027-13-01', '2027-02-30T00:00:00', '2027-05-06T07:08:09+02:00']) {
    assert.throws(
      () => parseExpiry(text, now),
      { status: 400, message: /^Timestamp not in expected format\./ },
      text,
    );
  }
  assert.throws(() => parseExpiry('2025-12-31T23:59:59', now), {
    status: 400,
    message: /must not be before now/,
  });
});
