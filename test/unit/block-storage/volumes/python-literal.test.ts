import assert from 'node:assert/strict';
import { test } from 'node:test';
import { literalEval } from '../../../../src/block-storage/volumes/python-literal.js';

test('Python literals as list filters carry them', () => {
  assert.deepEqual(literalEval("{'tier': 'gold', \"n\": 1}"), { tier: 'gold', n: 1 });
  assert.deepEqual(literalEval("['a', ('b', None)]"), ['a', ['b', null]]);
  assert.equal(literalEval('True'), true);
  assert.equal(literalEval(' 42 '), 42);
  assert.equal(literalEval("'quoted'"), 'quoted');
});

test('text that is not a literal is left to the caller (undefined)', () => {
  for (const text of ['available', 'null', "{'a': }", "'open", '1 2', '']) {
    assert.equal(literalEval(text), undefined, text);
  }
});
