import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIsoTime, splitFilterOp, splitInValues } from '../../../../src/image/list/filter-values.js';

describe('list filter values', () => {
  test('operators split off, but a bare time with colons has none', () => {
    assert.deepEqual(splitFilterOp('gte:2016-01-01T00:00:00Z'), ['gte', '2016-01-01T00:00:00Z']);
    assert.deepEqual(splitFilterOp('2016-01-01T10:00:00Z'), ['eq', '2016-01-01T10:00:00Z']);
    assert.deepEqual(splitFilterOp('in:a,b'), ['in', 'a,b']);
    assert.deepEqual(splitFilterOp('plain'), ['eq', 'plain']);
  });

  test('ISO-8601 times: dates, zones, fractions; UTC when no zone; nonsense is null', () => {
    assert.equal(parseIsoTime('2016-01-01')!.toISOString(), '2016-01-01T00:00:00.000Z');
    assert.equal(parseIsoTime('2016-01-01T10:20:30.5+02:00')!.toISOString(), '2016-01-01T08:20:30.500Z');
    assert.equal(parseIsoTime('2016-01-01 10:20:30')!.toISOString(), '2016-01-01T10:20:30.000Z');
    assert.equal(parseIsoTime('20160101T102030Z')!.toISOString(), '2016-01-01T10:20:30.000Z');
    assert.equal(parseIsoTime('2016-02-30'), null);
    assert.equal(parseIsoTime('yesterday'), null);
  });

  test('in: values split on commas, quotes keep commas', () => {
    assert.deepEqual(splitInValues('a,b,c'), ['a', 'b', 'c']);
    assert.deepEqual(splitInValues('"a,b",c'), ['a,b', 'c']);
    assert.deepEqual(splitInValues('a,,b'), ['a', '', 'b']);
    assert.throws(() => splitInValues('a"b"'), /There is no comma before opening quotation mark/);
    assert.throws(() => splitInValues('"a"b'), /There is no comma after closing quotation mark/);
    assert.throws(() => splitInValues('"a'), /The quote is not closed/);
  });
});
