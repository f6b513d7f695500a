import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { MigrationTable } from '../../../../src/compute/db/schema.js';
import { COMPUTE_URL } from '../../../helpers/compute-app.js';
import {
  actionsFixture,
  faultMessage,
  MEMBER,
  PROJECTS,
  type ActionsFixture,
} from '../server-actions/fixtures.js';

/** Tempest's required keys of os-migrations at 2.1, and what 2.23, 2.59 and 2.80 add. */
const V21_KEYS = [
  'created_at',
  'dest_compute',
  'dest_host',
  'dest_node',
  'id',
  'instance_uuid',
  'new_instance_type_id',
  'old_instance_type_id',
  'source_compute',
  'source_node',
  'status',
  'updated_at',
];

type NewMigration = Partial<Omit<MigrationTable, 'id'>>;

describe('os-migrations and server migrations', () => {
  let fixture: ActionsFixture;
  let server: string;
  let other: string;
  let flavorIds: Record<string, number>;
  /** The migrations inserted, by a name for each. */
  const ids: Record<string, number> = {};
  const uuids: Record<string, string> = {};

  const insert = async (name: string, fields: NewMigration) => {
    const uuid = randomUUID();
    const { insertId } = await fixture.compute.db
      .insertInto('migrations')
      .values({
        uuid,
        instance_uuid: server,
        migration_type: 'resize',
        status: 'finished',
        source_compute: 'host1',
        source_node: 'host1',
        dest_compute: 'host2',
        dest_node: 'host2',
        dest_host: null,
        old_flavor_id: '1',
        new_flavor_id: '2',
        user_id: MEMBER,
        project_id: PROJECTS.one,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: null,
        ...fields,
      })
      .executeTakeFirstOrThrow();
    ids[name] = Number(insertId);
    uuids[name] = uuid;
  };
  const request = (path: string, options: { version?: string; caller?: string } = {}) =>
    fixture.compute.request('GET', path, { caller: 'admin', ...options });
  const names = (migrations: Array<{ id: number }>) =>
    migrations.map((migration) => Object.keys(ids).find((name) => ids[name] === migration.id));

  before(async () => {
    fixture = await actionsFixture();
    server = await fixture.server({ task_state: 'migrating' });
    other = await fixture.server();
    const flavors = await fixture.compute.db.selectFrom('flavors').select(['id', 'flavorid']).execute();
    flavorIds = Object.fromEntries(flavors.map((flavor) => [flavor.flavorid, flavor.id]));
    await insert('resize', {
      created_at: '2026-01-01T00:00:01.000Z',
      updated_at: '2026-01-02T00:00:00.000Z',
    });
    await insert('live', {
      migration_type: 'live-migration',
      status: 'running',
      old_flavor_id: '1',
      new_flavor_id: '1',
      created_at: '2026-01-01T00:00:03.000Z',
      updated_at: '2026-01-03T00:00:00.000Z',
    });
    await insert('queued', {
      migration_type: 'live-migration',
      status: 'queued',
      created_at: '2026-01-01T00:00:02.000Z',
    });
    await insert('done', {
      migration_type: 'live-migration',
      status: 'completed',
      created_at: '2026-01-01T00:00:02.000Z',
    });
    await insert('evacuation', {
      instance_uuid: other,
      migration_type: 'evacuation',
      status: 'done',
      source_compute: 'host3',
      source_node: 'host3',
      dest_compute: 'host1',
      dest_node: 'host1',
      old_flavor_id: 'deleted-flavor',
      new_flavor_id: 'deleted-flavor',
      user_id: 'u-admin',
      project_id: PROJECTS.admin,
      created_at: '2026-01-01T00:00:04.000Z',
    });
  });
  after(() => fixture.close());

  describe('GET /os-migrations', () => {
    test("2.1: Nova's fields, the table order, flavors by their integer id", async () => {
      const response = await request('/os-migrations');
      assert.equal(response.statusCode, 200);
      const migrations = response.json().migrations;
      assert.deepEqual(names(migrations), ['resize', 'live', 'queued', 'done', 'evacuation']);
      for (const migration of migrations) assert.deepEqual(Object.keys(migration).sort(), V21_KEYS);
      assert.deepEqual(migrations[0], {
        id: ids.resize,
        source_compute: 'host1',
        dest_compute: 'host2',
        source_node: 'host1',
        dest_node: 'host2',
        dest_host: null,
        old_instance_type_id: flavorIds['1'],
        new_instance_type_id: flavorIds['2'],
        instance_uuid: server,
        status: 'finished',
        created_at: '2026-01-01T00:00:01.000000',
        updated_at: '2026-01-02T00:00:00.000000',
      });
      // A flavor deleted since (Stratus keeps only the API id) shows null.
      assert.equal(migrations[4].old_instance_type_id, null);
    });

    test('2.23: migration_type, and links for live migrations in progress only', async () => {
      const migrations = (await request('/os-migrations', { version: '2.23' })).json().migrations;
      assert.deepEqual(
        migrations.map((migration: { migration_type: string }) => migration.migration_type),
        ['resize', 'live-migration', 'live-migration', 'live-migration', 'evacuation'],
      );
      const linked = migrations.filter((migration: { links?: unknown }) => migration.links);
      assert.deepEqual(names(linked), ['live', 'queued']);
      assert.deepEqual(linked[0].links, [
        { rel: 'self', href: `${COMPUTE_URL}/v2.1/servers/${server}/migrations/${ids.live}` },
        { rel: 'bookmark', href: `${COMPUTE_URL}/servers/${server}/migrations/${ids.live}` },
      ]);
    });

    test('filters: status, host (either end), source_compute, instance_uuid, type, node', async () => {
      const filtered = async (query: string, version = '2.1') =>
        names((await request(`/os-migrations?${query}`, { version })).json().migrations);
      assert.deepEqual(await filtered('status=queued'), ['queued']);
      assert.deepEqual(await filtered('host=host3'), ['evacuation']);
      assert.deepEqual(await filtered('host=host1'), ['resize', 'live', 'queued', 'done', 'evacuation']);
      assert.deepEqual(await filtered('source_compute=host1'), ['resize', 'live', 'queued', 'done']);
      assert.deepEqual(await filtered(`instance_uuid=${other}`), ['evacuation']);
      assert.deepEqual(await filtered('migration_type=live-migration&status=running'), ['live']);
      assert.deepEqual(await filtered('node=host3'), ['evacuation']);
      // Before 2.59 the change filters are dropped, and any other parameter is ignored.
      assert.equal((await filtered('changes-since=2030-01-01T00:00:00Z&foo=1')).length, 5);
    });

    test('2.59: uuids, newest first, pages with a next link, any migration as marker', async () => {
      const all = (await request('/os-migrations', { version: '2.59' })).json().migrations;
      assert.deepEqual(names(all), ['evacuation', 'live', 'done', 'queued', 'resize']);
      assert.equal(all[0].uuid, uuids.evacuation);
      const page = (await request('/os-migrations?limit=2', { version: '2.59' })).json();
      assert.deepEqual(names(page.migrations), ['evacuation', 'live']);
      assert.deepEqual(page.migrations_links, [
        { rel: 'next', href: `${COMPUTE_URL}/v2.1/os-migrations?limit=2&marker=${uuids.live}` },
      ]);
      const next = (await request(`/os-migrations?limit=2&marker=${uuids.live}`, { version: '2.59' })).json();
      assert.deepEqual(names(next.migrations), ['done', 'queued']);
      // The marker need not pass the filters.
      const filtered = await request(`/os-migrations?status=finished&marker=${uuids.live}`, {
        version: '2.59',
      });
      assert.deepEqual(names(filtered.json().migrations), ['resize']);
      assert.deepEqual((await request('/os-migrations?limit=0', { version: '2.59' })).json(), {
        migrations: [],
      });
    });

    test('2.59: an unknown marker, a bad limit or an unknown parameter is a 400', async () => {
      const marker = randomUUID();
      const unknown = await request(`/os-migrations?marker=${marker}`, { version: '2.59' });
      assert.equal(unknown.statusCode, 400);
      assert.equal(faultMessage(unknown), `Marker ${marker} could not be found.`);
      assert.equal((await request('/os-migrations?limit=-1', { version: '2.59' })).statusCode, 400);
      const extra = await request('/os-migrations?node=host1', { version: '2.59' });
      assert.equal(extra.statusCode, 400);
      assert.equal(faultMessage(extra), "Additional properties are not allowed ('node' was unexpected)");
      assert.equal((await request('/os-migrations?user_id=x', { version: '2.79' })).statusCode, 400);
    });

    test('changes-since from 2.59 and changes-before from 2.66 filter on updated_at', async () => {
      const since = await request('/os-migrations?changes-since=2026-01-02T12:00:00Z', { version: '2.59' });
      assert.deepEqual(names(since.json().migrations), ['live']);
      assert.equal(
        (await request('/os-migrations?changes-before=2026-01-02T12:00:00Z', { version: '2.65' })).statusCode,
        400,
      );
      const before = await request('/os-migrations?changes-before=2026-01-02T12:00:00Z', { version: '2.66' });
      assert.deepEqual(names(before.json().migrations), ['resize']);
      const crossed = await request(
        '/os-migrations?changes-since=2026-01-03T00:00:00Z&changes-before=2026-01-02T00:00:00Z',
        { version: '2.66' },
      );
      assert.equal(crossed.statusCode, 400);
      assert.equal(
        faultMessage(crossed),
        'The value of changes-since must be less than or equal to changes-before.',
      );
    });

    test('2.80: user_id and project_id shown and filtered on', async () => {
      const migrations = (
        await request(`/os-migrations?project_id=${PROJECTS.admin}`, { version: '2.80' })
      ).json().migrations;
      assert.deepEqual(names(migrations), ['evacuation']);
      assert.equal(migrations[0].user_id, 'u-admin');
      const byUser = await request(`/os-migrations?user_id=${MEMBER}`, { version: '2.80' });
      assert.equal(byUser.json().migrations.length, 4);
    });

    test('admin only', async () => {
      assert.equal((await request('/os-migrations', { caller: 'member' })).statusCode, 403);
    });
  });

  describe('/servers/{id}/migrations', () => {
    test('list from 2.23: the live migrations in progress, with progress fields', async () => {
      assert.equal((await request(`/servers/${server}/migrations`, { version: '2.22' })).statusCode, 404);
      const migrations = (await request(`/servers/${server}/migrations`, { version: '2.23' })).json()
        .migrations;
      assert.deepEqual(names(migrations), ['live', 'queued']);
      assert.deepEqual(migrations[0], {
        created_at: '2026-01-01T00:00:03.000000',
        dest_compute: 'host2',
        dest_host: null,
        dest_node: 'host2',
        disk_processed_bytes: null,
        disk_remaining_bytes: null,
        disk_total_bytes: null,
        id: ids.live,
        memory_processed_bytes: null,
        memory_remaining_bytes: null,
        memory_total_bytes: null,
        server_uuid: server,
        source_compute: 'host1',
        source_node: 'host1',
        status: 'running',
        updated_at: '2026-01-03T00:00:00.000000',
      });
      const at280 = (await request(`/servers/${server}/migrations`, { version: '2.80' })).json()
        .migrations[0];
      assert.deepEqual([at280.uuid, at280.user_id, at280.project_id], [uuids.live, MEMBER, PROJECTS.one]);
    });

    test("show: one in progress; Nova's 404 for the others", async () => {
      const show = (id: string | number) =>
        request(`/servers/${server}/migrations/${id}`, { version: '2.23' });
      assert.equal((await show(ids.live)).json().migration.id, ids.live);
      const cases: Array<[string | number, string]> = [
        [ids.resize, `Migration ${ids.resize} for server ${server} is not live-migration.`],
        [ids.done, `Live migration ${ids.done} for server ${server} is not in progress.`],
        [ids.evacuation, `In-progress live migration ${ids.evacuation} is not found for server ${server}.`],
        ['abc', `In-progress live migration abc is not found for server ${server}.`],
      ];
      for (const [id, message] of cases) {
        const response = await show(id);
        assert.equal(response.statusCode, 404);
        assert.equal(faultMessage(response), message);
      }
      const missing = await request(`/servers/${randomUUID()}/migrations/${ids.live}`, { version: '2.23' });
      assert.equal(missing.statusCode, 404);
    });

    test('force_complete (2.22): a running migration of a migrating server; 400/409 as Nova', async () => {
      const force = (id: number | string, body: unknown = { force_complete: null }, version = '2.22') =>
        fixture.compute.request('POST', `/servers/${server}/migrations/${id}/action`, {
          caller: 'admin',
          body,
          version,
        });
      assert.equal((await force(ids.live, undefined, '2.21')).statusCode, 404);
      assert.equal(faultMessage(await force(ids.live, { other: null })), 'There is no such action: other');
      assert.equal((await force(ids.live, { force_complete: {} })).statusCode, 400);
      const queued = await force(ids.queued);
      assert.equal(queued.statusCode, 400);
      assert.equal(
        faultMessage(queued),
        `Migration ${ids.queued} state of instance ${server} is queued. Cannot force complete while the migration is in this state.`,
      );
      const unknown = await force(99999);
      assert.equal(faultMessage(unknown), `Migration 99999 not found for instance ${server}`);
      assert.equal(unknown.statusCode, 400);

      assert.equal((await force(ids.live)).statusCode, 202);
      const actions = await fixture.compute.db
        .selectFrom('instance_actions')
        .select('action')
        .where('instance_uuid', '=', server)
        .execute();
      assert.deepEqual(actions, [{ action: 'live_migration_force_complete' }]);

      const idle = await fixture.compute.request('POST', `/servers/${other}/migrations/${ids.live}/action`, {
        caller: 'admin',
        body: { force_complete: null },
        version: '2.22',
      });
      assert.equal(idle.statusCode, 409);
      assert.equal(faultMessage(idle), `Instance ${other} is in an invalid state for 'force_complete'`);
    });

    test('abort (2.24): running ones; queued ones from 2.65; 404 for an unknown migration', async () => {
      const abort = (id: number | string, version: string, target = server) =>
        fixture.compute.request('DELETE', `/servers/${target}/migrations/${id}`, {
          caller: 'admin',
          version,
        });
      assert.equal((await abort(ids.live, '2.23')).statusCode, 404);
      const queued = await abort(ids.queued, '2.24');
      assert.equal(queued.statusCode, 400);
      assert.match(faultMessage(queued), /is queued\. Cannot abort live migration while/);
      assert.equal((await abort(ids.queued, '2.65')).statusCode, 202);
      assert.equal((await abort(ids.live, '2.24')).statusCode, 202);
      const unknown = await abort(99999, '2.24');
      assert.equal(unknown.statusCode, 404);
      assert.equal(faultMessage(unknown), `Migration 99999 not found for instance ${server}`);
      const idle = await abort(ids.live, '2.24', other);
      assert.equal(idle.statusCode, 409);
      assert.equal(faultMessage(idle), `Instance ${other} is in an invalid state for 'abort live migration'`);
    });

    test('admin only: the owner gets a 403', async () => {
      const member = { caller: 'member', version: '2.24' };
      assert.equal((await request(`/servers/${server}/migrations`, member)).statusCode, 403);
      assert.equal((await request(`/servers/${server}/migrations/${ids.live}`, member)).statusCode, 403);
      const abort = await fixture.compute.request(
        'DELETE',
        `/servers/${server}/migrations/${ids.live}`,
        member,
      );
      assert.equal(abort.statusCode, 403);
    });
  });
});
