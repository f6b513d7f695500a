import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Microversion } from '../../../../src/common/http/microversion.js';
import { boolParam, listParameters } from '../../../../src/block-storage/volumes/list-filters.js';

const at = (version: string) => Microversion.parse(version);

test('non-admins: unknown filters dropped before 3.31, refused from 3.31; all_tenants ignored', () => {
  const legacy = listParameters({ name: 'a', host: 'h', all_tenants: '1' }, at('3.0'), false);
  assert.equal(legacy.allProjects, false);
  assert.deepEqual([...legacy.filters.keys()], ['display_name']);
  assert.throws(
    () => listParameters({ host: 'h', colour: 'red' }, at('3.31'), false),
    /Invalid filters host,colour are found in query options\./,
  );
  assert.deepEqual([...listParameters({ all_tenants: '1' }, at('3.31'), false).filters.keys()], []);
});

test('admins filter on anything; values are Python literals, booleans strict from 3.2', () => {
  const { allProjects, filters } = listParameters(
    { all_tenants: 'true', size: '2', metadata: "{'a': 'b'}", bootable: 'yes', 'name~': 'x' },
    at('3.34'),
    true,
  );
  assert.equal(allProjects, true);
  assert.deepEqual(filters.get('size'), { kind: 'value', value: 2 });
  assert.deepEqual(filters.get('metadata'), { kind: 'value', value: { a: 'b' } });
  assert.deepEqual(filters.get('bootable'), { kind: 'value', value: true });
  assert.deepEqual(filters.get('display_name'), { kind: 'like', text: 'x' });
  assert.deepEqual(listParameters({ bootable: 'junk' }, at('3.1'), true).filters.get('bootable'), {
    kind: 'value',
    value: true,
  });
  assert.throws(() => listParameters({ bootable: 'junk' }, at('3.2'), true), /'bootable = junk'/);
});

test('time comparisons from 3.60, with Cinder messages', () => {
  const { filters } = listParameters(
    { created_at: 'gte:2022-01-01T00:00:00,lt:2023-01-01T00:00:00' },
    at('3.60'),
    true,
  );
  assert.deepEqual(filters.get('created_at'), {
    kind: 'time',
    comparisons: [
      ['gte', '2022-01-01T00:00:00.000Z'],
      ['lt', '2023-01-01T00:00:00.000Z'],
    ],
  });
  assert.throws(
    () => listParameters({ created_at: 'after:2022-01-01' }, at('3.60'), true),
    /Invalid after operator/,
  );
  assert.equal(listParameters({ created_at: 'gt:2022-01-01' }, at('3.30'), true).filters.size, 0);
});

test('boolean query parameters are strict', () => {
  assert.equal(boolParam('cascade', 'True'), true);
  assert.equal(boolParam('cascade', undefined), false);
  assert.throws(() => boolParam('cascade', 'sure'), /Value 'sure' for 'cascade' is not a boolean\./);
});
