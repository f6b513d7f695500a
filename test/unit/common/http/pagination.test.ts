import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { connectMemory } from '../../../../src/common/db/index.js';
import { BadRequest } from '../../../../src/common/http/errors.js';
import {
  GLANCE_LIMIT_MESSAGES,
  firstHref,
  keysetPage,
  nextHref,
  nextLinks,
  pageOf,
  parsePageRequest,
  type KeysetColumn,
} from '../../../../src/common/http/pagination.js';

const NOVA = { maxLimit: 1000 };
const GLANCE = { maxLimit: 1000, defaultLimit: 25, limitMessages: GLANCE_LIMIT_MESSAGES };

function badRequest(message: string) {
  return (error: unknown) => error instanceof BadRequest && error.message === message;
}

describe('parsePageRequest', () => {
  test('takes limit and marker, capping the limit', () => {
    assert.deepEqual(parsePageRequest({ limit: '2', marker: 'abc' }, NOVA), { limit: 2, marker: 'abc' });
    assert.deepEqual(parsePageRequest({}, NOVA), { limit: 1000 });
    assert.deepEqual(parsePageRequest({ limit: '5000' }, NOVA), { limit: 1000 });
    assert.deepEqual(parsePageRequest({ limit: '0' }, NOVA), { limit: 0 });
    assert.deepEqual(parsePageRequest({ limit: 7 }, NOVA), { limit: 7 });
    assert.deepEqual(parsePageRequest({}, GLANCE), { limit: 25 });
  });

  test('reads integers as Python does, the last of repeated values', () => {
    assert.deepEqual(parsePageRequest({ limit: ' +3 ' }, NOVA), { limit: 3 });
    assert.deepEqual(parsePageRequest({ limit: '1_0' }, NOVA), { limit: 10 });
    assert.deepEqual(parsePageRequest({ limit: ['3', '4'], marker: ['a', 'b'] }, NOVA), {
      limit: 4,
      marker: 'b',
    });
    assert.deepEqual(parsePageRequest({ marker: '' }, NOVA), { limit: 1000, marker: '' });
  });

  test('a bad limit is a 400 with the service message', () => {
    assert.throws(
      () => parsePageRequest({ limit: 'abc' }, NOVA),
      badRequest('Invalid input received: limit must be an integer'),
    );
    assert.throws(
      () => parsePageRequest({ limit: '1.5' }, NOVA),
      badRequest('Invalid input received: limit must be an integer'),
    );
    assert.throws(
      () => parsePageRequest({ limit: '-1' }, NOVA),
      badRequest('Invalid input received: limit must be >= 0'),
    );
    assert.throws(
      () => parsePageRequest({ limit: 'x' }, GLANCE),
      badRequest('limit param must be an integer'),
    );
    assert.throws(
      () => parsePageRequest({ limit: '-2' }, GLANCE),
      badRequest('limit param must be positive'),
    );
  });
});

describe('pageOf', () => {
  const rows = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  const id = (row: { id: string }) => row.id;

  test('returns the rows after the marker and the next marker when the page is full', () => {
    assert.deepEqual(pageOf(rows, { limit: 2 }, id), { items: [{ id: 'a' }, { id: 'b' }], nextMarker: 'b' });
    assert.deepEqual(pageOf(rows, { limit: 2, marker: 'b' }, id), {
      items: [{ id: 'c' }, { id: 'd' }],
      nextMarker: 'd',
    });
    assert.deepEqual(pageOf(rows, { limit: 2, marker: 'd' }, id), { items: [{ id: 'e' }] });
    assert.deepEqual(pageOf(rows, { limit: 1000 }, id).nextMarker, undefined);
    assert.deepEqual(pageOf(rows, { limit: 0 }, id), { items: [] });
  });

  test('a full last page still links to the (empty) page after it, as upstream', () => {
    assert.deepEqual(pageOf(rows, { limit: 5 }, id).nextMarker, 'e');
    assert.deepEqual(pageOf(rows, { limit: 5, marker: 'e' }, id), { items: [] });
  });

  test('an unknown marker is a 400', () => {
    assert.throws(() => pageOf(rows, { limit: 2, marker: 'zz' }, id), badRequest('marker [zz] not found'));
    assert.throws(
      () =>
        pageOf(
          rows,
          { limit: 2, marker: 'zz' },
          id,
          (marker) => new BadRequest(`No image found with ID ${marker}`),
        ),
      badRequest('No image found with ID zz'),
    );
  });
});

describe('next links', () => {
  const servers = 'http://cloud/compute/v2.1/servers';

  test("Nova's servers_links: parameters sorted, marker in place of the old one", () => {
    assert.deepEqual(nextLinks(servers, '/compute/v2.1/servers?limit=2', 'id-2'), [
      { rel: 'next', href: `${servers}?limit=2&marker=id-2` },
    ]);
    assert.deepEqual(nextLinks(servers, '/compute/v2.1/servers?name=web&limit=2&marker=id-2', 'id-4'), [
      { rel: 'next', href: `${servers}?limit=2&marker=id-4&name=web` },
    ]);
    // Without a marker in the request, Nova adds it after the sorted parameters.
    assert.deepEqual(nextLinks(servers, '/compute/v2.1/servers?status=ACTIVE&limit=1', 'x'), [
      { rel: 'next', href: `${servers}?limit=1&status=ACTIVE&marker=x` },
    ]);
    assert.deepEqual(nextLinks(servers, '/compute/v2.1/servers?limit=2', undefined), []);
  });

  test('values are encoded as Python urlencode does and repeats are kept', () => {
    assert.deepEqual(nextLinks(servers, '/servers?name=my+vm%2A&sort_key=name&sort_key=id', 'a~b c'), [
      { rel: 'next', href: `${servers}?name=my+vm%2A&sort_key=id&sort_key=name&marker=a~b+c` },
    ]);
  });

  test("Glance's first and next keep the request's order with the marker last", () => {
    const url = '/image/v2/images?marker=m1&limit=2&visibility=public';
    assert.equal(nextHref('/v2/images', url, 'm3'), '/v2/images?limit=2&visibility=public&marker=m3');
    assert.equal(nextHref('/v2/images', url, undefined), undefined);
    assert.equal(firstHref('/v2/images', url), '/v2/images?limit=2&visibility=public');
    assert.equal(firstHref('/v2/images', '/image/v2/images'), '/v2/images');
  });
});

interface Schema {
  server: { id: string; name: string; created_at: string; description: string | null };
}

async function serverTable(): Promise<Kysely<Schema>> {
  const { db } = connectMemory<Schema>();
  await db.schema
    .createTable('server')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .execute();
  // Names repeat so the id must break ties.
  const rows = [
    { id: 'a1', name: 'web', created_at: '2024-01-03', description: 'x' },
    { id: 'b2', name: 'db', created_at: '2024-01-01', description: null },
    { id: 'c3', name: 'web', created_at: '2024-01-02', description: 'y' },
    { id: 'd4', name: 'app', created_at: '2024-01-02', description: null },
    { id: 'e5', name: 'web', created_at: '2024-01-05', description: 'z' },
    { id: 'f6', name: 'db', created_at: '2024-01-04', description: null },
  ];
  await db.insertInto('server').values(rows).execute();
  return db;
}

/** Every page of the table in order, following markers as a client follows next links. */
async function walk(db: Kysely<Schema>, sort: KeysetColumn<Schema, 'server'>[], limit: number) {
  const pages: string[][] = [];
  let marker: unknown[] | undefined;
  for (;;) {
    const rows = await keysetPage(db.selectFrom('server').selectAll(), sort, marker, limit).execute();
    if (rows.length === 0) break;
    pages.push(rows.map((row) => row.id));
    const last = rows[rows.length - 1];
    marker = sort.map(({ column }) =>
      column === 'name' ? last.name : column === 'id' ? last.id : last.created_at,
    );
    if (rows.length < limit) break;
  }
  return pages;
}

describe('keysetPage', () => {
  test('pages by one key ascending with the id breaking ties', async () => {
    const db = await serverTable();
    try {
      const sort: KeysetColumn<Schema, 'server'>[] = [
        { column: 'name', direction: 'asc' },
        { column: 'id', direction: 'asc' },
      ];
      assert.deepEqual(await walk(db, sort, 2), [
        ['d4', 'b2'],
        ['f6', 'a1'],
        ['c3', 'e5'],
      ]);
    } finally {
      await db.destroy();
    }
  });

  test('pages descending, and with mixed directions', async () => {
    const db = await serverTable();
    try {
      assert.deepEqual(
        await walk(
          db,
          [
            { column: 'created_at', direction: 'desc' },
            { column: 'id', direction: 'desc' },
          ],
          4,
        ),
        [
          ['e5', 'f6', 'a1', 'd4'],
          ['c3', 'b2'],
        ],
      );
      assert.deepEqual(
        await walk(
          db,
          [
            { column: 'name', direction: 'desc' },
            { column: 'id', direction: 'asc' },
          ],
          3,
        ),
        [
          ['a1', 'c3', 'e5'],
          ['b2', 'f6', 'd4'],
        ],
      );
    } finally {
      await db.destroy();
    }
  });

  test('sorts a nullable column through an expression', async () => {
    const db = await serverTable();
    try {
      const description = sql<string>`coalesce(description, '')`;
      const sort: KeysetColumn<Schema, 'server'>[] = [
        { column: description, direction: 'asc' },
        { column: 'id', direction: 'asc' },
      ];
      const first = await keysetPage(db.selectFrom('server').selectAll(), sort, undefined, 4).execute();
      assert.deepEqual(
        first.map((row) => row.id),
        ['b2', 'd4', 'f6', 'a1'],
      );
      const rest = await keysetPage(db.selectFrom('server').selectAll(), sort, ['x', 'a1'], 4).execute();
      assert.deepEqual(
        rest.map((row) => row.id),
        ['c3', 'e5'],
      );
    } finally {
      await db.destroy();
    }
  });

  test('keeps the filters of the query and reads no more than the page', async () => {
    const db = await serverTable();
    try {
      const query = db.selectFrom('server').select(['id']).where('name', '=', 'web');
      const sort: KeysetColumn<Schema, 'server'>[] = [{ column: 'id', direction: 'asc' }];
      const page = keysetPage(query, sort, ['a1'], 1);
      assert.match(page.compile().sql, /limit \?$/);
      assert.deepEqual(await page.execute(), [{ id: 'c3' }]);
      assert.throws(() => keysetPage(query, sort, ['a1', 'extra'], 1), /one value per sort column/);
    } finally {
      await db.destroy();
    }
  });
});
