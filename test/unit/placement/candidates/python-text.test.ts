import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pformat, repr } from '../../../../src/placement/api/allocation-candidates/python-text.js';

/** Expected texts are Python 3.11's own `pprint.pformat(value, width=72)` and `repr(value)`. */

test('repr quotes strings as Python does and sorts dictionary keys', () => {
  assert.equal(
    repr({ q: "it's", k: ['abc', true, null, 1.5] }),
    `{'k': ['abc', True, None, 1.5], 'q': "it's"}`,
  );
  assert.equal(repr('a\'b"c\n'), `'a\\'b"c\\n'`);
});

test('pformat puts one item per line once a value is wider than 72 columns', () => {
  const value = {
    resources: 'VCPU:1',
    required: 'word '.repeat(20),
    ['a'.repeat(80)]: ['x'.repeat(30), 'y'.repeat(30), 'z'.repeat(30)],
  };
  const pad = ' '.repeat(86);
  assert.equal(
    pformat(value),
    `{'${'a'.repeat(80)}': ['${'x'.repeat(30)}',\n${pad}'${'y'.repeat(30)}',\n${pad}'${'z'.repeat(30)}'],\n` +
      ` 'required': 'word word word word word word word word word word word '\n` +
      `             'word word word word word word word word word ',\n` +
      ` 'resources': 'VCPU:1'}`,
  );
});

test('pformat cuts a long string at spaces, in parentheses at the top level', () => {
  assert.equal(
    pformat('word '.repeat(20)),
    `('word word word word word word word word word word word word word '\n 'word word word word word word word ')`,
  );
});
