import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

const TAGS = '/v2/metadefs/namespaces/ns/tags';

describe('metadef tags', () => {
  let image: ImageTestApp;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  before(async () => {
    image = await imageTestApp({ now: () => new Date((clock += 1000)) });
    assert.equal(
      (
        await image.request('POST', '/v2/metadefs/namespaces', 'admin', {
          namespace: 'ns',
          visibility: 'public',
        })
      ).statusCode,
      201,
    );
  });
  after(() => image.close());

  const names = async (query = '') => {
    const response = await image.request('GET', `${TAGS}${query}`, 'reader');
    assert.equal(response.statusCode, 200, response.body);
    return response.json().tags.map((tag: { name: string }) => tag.name);
  };

  test('POST with a list replaces the tags, or adds to them with X-Openstack-Append', async () => {
    await image.request('POST', `${TAGS}/old`, 'admin');
    const created = await image.request('POST', TAGS, 'admin', {
      tags: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(created.json(), { tags: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    assert.deepEqual(await names(), ['c', 'b', 'a'], 'newest first; tags made together by id');
    const appended = await image.request(
      'POST',
      TAGS,
      'admin',
      { tags: [{ name: 'd' }] },
      { 'x-openstack-append': 'True' },
    );
    assert.equal(appended.statusCode, 201);
    assert.deepEqual(await names(), ['d', 'c', 'b', 'a']);
  });

  test('a name given twice or already there changes nothing (409); none given changes nothing', async () => {
    for (const [tags, headers] of [
      [[{ name: 'e' }, { name: 'e' }], {}],
      [[{ name: 'x' }, { name: 'a' }], { 'x-openstack-append': 'yes' }],
    ] as const) {
      const refused = await image.request('POST', TAGS, 'admin', { tags }, headers);
      assert.equal(refused.statusCode, 409);
      assert.match(
        refused.json().message,
        /^A metadata tag with name=\w already exists in namespace=ns\. \(Please note/,
      );
    }
    assert.deepEqual(await names(), ['d', 'c', 'b', 'a']);
    const none = await image.request('POST', TAGS, 'admin', { tags: [] });
    assert.equal(none.statusCode, 201);
    assert.deepEqual(await names(), ['d', 'c', 'b', 'a']);
    const extra = await image.request('POST', TAGS, 'admin', { tags: [{ name: 'x', other: 1 }] });
    assert.equal(extra.statusCode, 400);
    assert.match(
      extra.json().message,
      /^Provided object does not match schema 'tags': Additional properties/,
    );
  });

  test('lists sort, and page with limit and marker', async () => {
    assert.deepEqual(await names('?limit=2'), ['d', 'c']);
    assert.deepEqual(await names('?limit=2&marker=c'), ['b', 'a']);
    assert.deepEqual(await names('?sort_key=name&sort_dir=asc'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(await names('?limit=0'), []);
    const cases: Array<[string, number, string]> = [
      ['?marker=zz', 404, 'Could not find metadata tag zz'],
      ['?limit=-1', 400, 'limit param must be positive'],
      ['?sort_dir=up', 400, 'Invalid sort direction: up'],
      ['?sort_key=bogus', 400, 'Sort key supplied is invalid: bogus'],
      ['?visibility=community', 400, 'Invalid visibility value: community'],
    ];
    for (const [query, status, text] of cases) {
      const response = await image.request('GET', `${TAGS}${query}`, 'reader');
      assert.equal(response.statusCode, status, query);
      assert.equal(response.json().message, `${text}<br /><br />\n\n\n`);
    }
  });

  test('one tag: create (its name checked), show, rename, delete', async () => {
    const created = await image.request('POST', `${TAGS}/single`, 'admin');
    assert.equal(created.statusCode, 201);
    assert.deepEqual(Object.keys(created.json()), ['name', 'created_at', 'updated_at']);
    const again = await image.request('POST', `${TAGS}/single`, 'admin');
    assert.equal(again.statusCode, 409);
    const long = await image.request('POST', `${TAGS}/${'t'.repeat(81)}`, 'admin');
    assert.equal(long.statusCode, 400);
    assert.match(long.json().message, /^Provided object does not match schema 'tag': 't+' is too long/);
    const renamed = await image.request('PUT', `${TAGS}/single`, 'admin', { name: 'renamed' });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.json().name, 'renamed');
    assert.equal(
      renamed.json().updated_at,
      created.json().updated_at,
      "Glance answers with the tag's old time",
    );
    const clash = await image.request('PUT', `${TAGS}/renamed`, 'admin', { name: 'a' });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.json().message, /^A metadata tag with name=a already exists/);
    assert.equal((await image.request('GET', `${TAGS}/renamed`, 'reader')).statusCode, 200);
    assert.equal((await image.request('DELETE', `${TAGS}/renamed`, 'admin')).statusCode, 204);
    const gone = await image.request('GET', `${TAGS}/renamed`, 'reader');
    assert.equal(gone.statusCode, 404);
    assert.match(gone.json().message, /^Could not find metadata tag renamed/);
  });

  test('DELETE on the collection removes every tag', async () => {
    assert.equal((await image.request('DELETE', TAGS, 'admin')).statusCode, 204);
    assert.deepEqual(await names(), []);
  });
});
