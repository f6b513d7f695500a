import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postgresSchema, testEngines } from '../../../helpers/postgres-schema.js';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

/**
 * The metadef SQL (keyset pages on nullable columns, unique names inside transactions, resource
 * types made on first use, cascading deletes) on SQLite always, and on PostgreSQL when
 * STRATUS_TEST_POSTGRES_URL names a database this test may add a schema to.
 */
const engines = testEngines();

const SCHEMA = 'image_metadefs_engines_test';
const NAMESPACES = '/v2/metadefs/namespaces';

for (const [engine, url] of engines) {
  describe(`metadefs on ${engine}`, () => {
    let image: ImageTestApp;
    let clock = Date.parse('2026-01-01T00:00:00Z');
    before(async () => {
      image = await imageTestApp({
        databaseUrl: url ? await postgresSchema(url, SCHEMA, 'create') : undefined,
        now: () => new Date((clock += 1000)),
      });
    });
    after(async () => {
      await image.close();
      if (url) await postgresSchema(url, SCHEMA, 'drop');
    });

    const request = async (method: string, path: string, body?: unknown, status = 200) => {
      const response = await image.request(method, path, 'admin', body);
      assert.equal(response.statusCode, status, `${method} ${path}: ${response.body}`);
      return response.body ? response.json() : undefined;
    };

    test('a namespace with its content in one transaction; a clash leaves nothing behind', async () => {
      const content = {
        resource_type_associations: [{ name: 'OS::Glance::Image', prefix: 'hw_' }],
        properties: { p: { title: 'P', type: 'string' } },
        objects: [{ name: 'o', properties: { q: { title: 'Q', type: 'integer' } } }],
        tags: [{ name: 't' }],
      };
      await request('POST', NAMESPACES, { namespace: 'full', display_name: 'B', ...content }, 201);
      await request(
        'POST',
        NAMESPACES,
        { namespace: 'clash', ...content, objects: [{ name: 'o' }, { name: 'o' }] },
        409,
      );
      await request('GET', `${NAMESPACES}/clash`, undefined, 404);
      const shown = await request('GET', `${NAMESPACES}/full?resource_type=OS::Glance::Image`);
      assert.deepEqual(Object.keys(shown.properties), ['hw_p']);
      assert.deepEqual(Object.keys(shown.objects[0].properties), ['hw_q']);
      // The resource type the refused namespace would have used is the one already there.
      assert.deepEqual((await request('GET', '/v2/metadefs/resource_types')).resource_types.length, 1);
    });

    test('sorted pages on a column that may be empty, after a marker', async () => {
      await request('POST', NAMESPACES, { namespace: 'no-name' }, 201);
      await request('POST', NAMESPACES, { namespace: 'a-name', display_name: 'A' }, 201);
      const page = async (query: string) =>
        (await request('GET', `${NAMESPACES}${query}`)).namespaces.map(
          (n: { namespace: string }) => n.namespace,
        );
      assert.deepEqual(await page('?sort_key=display_name&sort_dir=asc'), ['no-name', 'a-name', 'full']);
      assert.deepEqual(await page('?sort_key=display_name&sort_dir=asc&marker=no-name&limit=1'), ['a-name']);
      assert.deepEqual(await page('?sort_key=protected&sort_dir=desc&limit=2'), ['a-name', 'no-name']);
    });

    test('renames onto taken names, tag lists replaced or refused whole', async () => {
      await request('POST', `${NAMESPACES}/full/objects`, { name: 'o2' }, 201);
      await request('PUT', `${NAMESPACES}/full/objects/o2`, { name: 'o' }, 409);
      await request('PUT', `${NAMESPACES}/no-name`, { namespace: 'full' }, 409);
      await request('POST', `${NAMESPACES}/full/tags`, { tags: [{ name: 'x' }, { name: 'x' }] }, 409);
      assert.deepEqual((await request('GET', `${NAMESPACES}/full/tags`)).tags, [{ name: 't' }]);
      await request('POST', `${NAMESPACES}/full/tags`, { tags: [{ name: 'x' }, { name: 'y' }] }, 201);
      assert.deepEqual(
        (await request('GET', `${NAMESPACES}/full/tags?sort_key=name&sort_dir=asc&marker=x`)).tags,
        [{ name: 'y' }],
      );
    });

    test('deleting a namespace deletes what it holds; its resource types stay', async () => {
      await request('DELETE', `${NAMESPACES}/full`, undefined, 204);
      await request(
        'POST',
        NAMESPACES,
        { namespace: 'full', objects: [{ name: 'o' }], tags: [{ name: 't' }] },
        201,
      );
      assert.deepEqual(
        (await request('GET', `${NAMESPACES}/full/resource_types`)).resource_type_associations,
        [],
      );
      assert.deepEqual(
        (await request('GET', '/v2/metadefs/resource_types')).resource_types.map(
          (type: { name: string }) => type.name,
        ),
        ['OS::Glance::Image'],
      );
    });
  });
}
