import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { postgresSchema, testEngines } from '../../../helpers/postgres-schema.js';
import { imageTestApp, PROJECTS, type ImageTestApp } from '../../../helpers/image-app.js';

/**
 * The SQL-heavy paths (list filters, sorting, keyset pages, quotas, members, patches in one
 * transaction) on SQLite always, and on PostgreSQL when STRATUS_TEST_POSTGRES_URL names a
 * database this test may add a schema to.
 */
const engines = testEngines();

const SCHEMA = 'image_engines_test';

for (const [engine, url] of engines) {
  describe(`images on ${engine}`, () => {
    let image: ImageTestApp;
    before(async () => {
      image = await imageTestApp({
        databaseUrl: url ? await postgresSchema(url, SCHEMA, 'create') : undefined,
        configure: (config) => {
          config.image.quota.image_size_total = 10_000;
        },
      });
    });
    after(async () => {
      await image.close();
      if (url) await postgresSchema(url, SCHEMA, 'drop');
    });

    test('create, upload, patch, share and list with filters, sorting and pages', async () => {
      const names = ['b', 'a', 'd', 'c'];
      const ids: string[] = [];
      for (const [i, name] of names.entries()) {
        ids.push(
          (await image.createImage('member', { name, tags: [`t${i % 2}`], os_distro: `d${i % 2}` }))
            .id as string,
        );
      }
      const data = Buffer.from('x'.repeat(4000));
      assert.equal((await image.upload('member', ids[0], data)).statusCode, 204);
      const shown = (await image.request('GET', `/v2/images/${ids[0]}`, 'member')).json();
      assert.equal(shown.size, 4000);
      assert.equal(shown.checksum, createHash('md5').update(data).digest('hex'));

      const patched = await image.patch('member', ids[1], [
        { op: 'add', path: '/x', value: '1' },
        { op: 'replace', path: '/tags', value: ['t0', 'extra'] },
      ]);
      assert.equal(patched.statusCode, 200);

      const list = async (query: string, caller = 'member') =>
        (await image.request('GET', `/v2/images${query}`, caller)).json();
      const namesOf = (body: { images: Array<{ name: string }> }) => body.images.map((one) => one.name);
      assert.deepEqual(namesOf(await list('?sort=name:asc')), ['a', 'b', 'c', 'd']);
      assert.deepEqual(namesOf(await list('?tag=t0&sort=name:asc')), ['a', 'b', 'd']);
      assert.deepEqual(namesOf(await list('?os_distro=d1&sort=name')), ['c', 'a']);
      assert.deepEqual(namesOf(await list('?size_min=1000')), ['b']);
      assert.deepEqual(namesOf(await list('?name=in:a,c&sort=name:desc')), ['c', 'a']);
      const first = await list('?limit=3&sort=size:desc,name:asc');
      assert.deepEqual(namesOf(first), ['b', 'a', 'c']);
      const second = await list(first.next.slice('/v2/images'.length));
      assert.deepEqual(namesOf(second), ['d']);

      assert.equal(
        (await image.request('POST', `/v2/images/${ids[2]}/members`, 'member', { member: PROJECTS.two }))
          .statusCode,
        200,
      );
      await image.request('PUT', `/v2/images/${ids[2]}/members/${PROJECTS.two}`, 'other', {
        status: 'accepted',
      });
      assert.deepEqual(namesOf(await list('', 'other')), ['d']);

      const over = await image.upload('member', ids[3], Buffer.alloc(7000));
      assert.equal(over.statusCode, 413, 'the project has 6000 bytes left of 10000');
      assert.equal((await image.request('DELETE', `/v2/images/${ids[0]}`, 'member')).statusCode, 204);
      assert.equal((await image.upload('member', ids[3], Buffer.alloc(7000))).statusCode, 204);
    });
  });
}
