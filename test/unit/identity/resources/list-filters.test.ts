import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  booleanFilter,
  filterAttributes,
  inexactFilters,
  matchesInexact,
  queryFlag,
} from '../../../../src/identity/resources/list-filters.js';

test('boolean filters read as Keystone reads them: unknown words are true', () => {
  for (const word of ['0', 'false', 'False', 'no', 'off', 'f', 'n'])
    assert.equal(booleanFilter(word), false, word);
  for (const word of ['1', 'true', 'yes', 'on', '', 'anything'])
    assert.equal(booleanFilter(word), true, word);
});

test('a flag is set when present and not 0', () => {
  assert.equal(queryFlag({ subtree_as_ids: '' }, 'subtree_as_ids'), true);
  assert.equal(queryFlag({ subtree_as_ids: '1' }, 'subtree_as_ids'), true);
  assert.equal(queryFlag({ subtree_as_ids: '0' }, 'subtree_as_ids'), false);
  assert.equal(queryFlag({}, 'subtree_as_ids'), false);
});

test('supported filters named in the query go to policy as filter_attr', () => {
  assert.deepEqual(filterAttributes({ name: 'a', other: 'b' }, ['name', 'enabled']), {
    filter_attr: { name: 'a' },
  });
  assert.deepEqual(filterAttributes({ other: 'b' }, ['name']), {});
});

test('inexact filters on supported attributes, with and without case', () => {
  const filters = inexactFilters({ name__icontains: 'BO', name__startswith: 'b', email__contains: 'x' }, [
    'name',
  ]);
  assert.equal(filters.length, 2);
  assert.equal(matchesInexact({ name: 'bob' }, filters), true);
  assert.equal(matchesInexact({ name: 'Bob' }, filters), false, 'startswith is case-sensitive');
  assert.equal(matchesInexact({ name: 'ann' }, filters), false);
  assert.equal(matchesInexact({ name: 'bob' }, inexactFilters({ name__endswith: 'ob' }, ['name'])), true);
  assert.equal(matchesInexact({ name: 'bob' }, inexactFilters({ name__weird: 'zz' }, ['name'])), true);
});
