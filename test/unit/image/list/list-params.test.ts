import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseListParams } from '../../../../src/image/list/list-params.js';

const parse = (query: string) => parseListParams([...new URLSearchParams(query)]);

describe('image list parameters', () => {
  test('defaults: 25 newest first, accepted shares, hidden images left out', () => {
    const request = parse('');
    assert.equal(request.limit, 25);
    assert.equal(request.memberStatus, 'accepted');
    assert.equal(request.osHidden, false);
    assert.deepEqual(request.sort, [
      { key: 'created_at', dir: 'desc' },
      { key: 'id', dir: 'desc' },
    ]);
  });

  test('one sort direction applies to every key and to the keys added for a total order', () => {
    assert.deepEqual(parse('sort_key=name&sort_key=size&sort_dir=asc').sort, [
      { key: 'name', dir: 'asc' },
      { key: 'size', dir: 'asc' },
      { key: 'created_at', dir: 'asc' },
      { key: 'id', dir: 'asc' },
    ]);
    assert.deepEqual(parse('sort=name:asc,size').sort, [
      { key: 'name', dir: 'asc' },
      { key: 'size', dir: 'desc' },
      { key: 'created_at', dir: 'desc' },
      { key: 'id', dir: 'desc' },
    ]);
  });

  test('limits above 1000 are cut to 1000', () => {
    assert.equal(parse('limit=5000').limit, 1000);
  });

  test('filters become column and property conditions', () => {
    const request = parse('name=in:a,b&size_min=10&owner=p1&os_distro=ubuntu&protected=false&tag=x&tag=y');
    assert.deepEqual(request.columns, [
      { column: 'name', op: 'in', value: ['a', 'b'] },
      { column: 'size', op: '>=', value: 10 },
      { column: 'owner', op: '=', value: 'p1' },
      { column: 'protected', op: '=', value: 0 },
    ]);
    assert.deepEqual(request.properties, [{ name: 'os_distro', value: 'ubuntu' }]);
    assert.deepEqual(request.tags, ['x', 'y']);
  });
});
