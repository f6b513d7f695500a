import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExpiryFilter } from '../../../../src/identity/resources/users.js';

test('an expiry filter takes an operator before the time, eq by default', () => {
  const at = '2016-11-06T15:32:17.000000Z';
  assert.deepEqual(parseExpiryFilter('lt:2016-11-06T15:32:17Z'), { operator: '<', at });
  assert.deepEqual(parseExpiryFilter('lte:2016-11-06T15:32:17Z'), { operator: '<=', at });
  assert.deepEqual(parseExpiryFilter('neq:2016-11-06T15:32:17Z'), { operator: '!=', at });
  assert.deepEqual(parseExpiryFilter('2016-11-06T15:32:17Z'), { operator: '=', at });
  assert.deepEqual(parseExpiryFilter('gt:2016-11-06T15:32:17'), { operator: '>', at }, 'no zone means UTC');
  assert.deepEqual(parseExpiryFilter('gt:2016-11-06T17:32:17+02:00'), { operator: '>', at });
});

test('a bad operator or time is a 400 with Keystone’s message', () => {
  assert.throws(() => parseExpiryFilter('xx:2016-11-06T15:32:17Z'), {
    status: 400,
    message: /operator xx is not valid/,
  });
  assert.throws(() => parseExpiryFilter('lt:soon'), {
    status: 400,
    message: /^Timestamp not in expected format/,
  });
  assert.throws(() => parseExpiryFilter('2016-13-45T99:00:00Z'), { status: 400 });
});
