import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parentsAsIds, subtreeAsIds } from '../../../../src/identity/resources/project-hierarchy.js';
import type { Project } from '../../../../src/identity/resources/projects.js';

const project = (id: string, parentId: string | null): Project => ({
  id,
  name: id,
  domainId: 'd',
  parentId,
  description: '',
  enabled: true,
  isDomain: parentId === null,
  tags: [],
  options: {},
  extra: {},
});

test('parents as ids nest from the nearest parent up to the domain', () => {
  assert.deepEqual(parentsAsIds([project('b', 'a'), project('a', 'd'), project('d', null)]), {
    b: { a: { d: null } },
  });
  assert.equal(parentsAsIds([]), null);
});

test('a subtree as ids nests children under their parents', () => {
  const subtree = [project('b', 'a'), project('c', 'b'), project('e', 'b'), project('f', 'a')];
  assert.deepEqual(subtreeAsIds('a', subtree), { b: { c: null, e: null }, f: null });
  assert.equal(subtreeAsIds('c', subtree), null);
});
