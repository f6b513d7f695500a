import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { buildCatalog } from '../../../../src/identity/catalog/build-catalog.js';
import { createEndpoint, updateEndpoint } from '../../../../src/identity/catalog/endpoints.js';
import { createRegion } from '../../../../src/identity/catalog/regions.js';
import { createService, deleteService, updateService } from '../../../../src/identity/catalog/services.js';
import { identityMigrations } from '../../../../src/identity/db/migrations/index.js';
import type { IdentitySchema } from '../../../../src/identity/db/schema.js';

describe('buildCatalog', () => {
  let db: Kysely<IdentitySchema>;
  beforeEach(async () => {
    db = connectMemory<IdentitySchema>().db;
    await migrate(db as Kysely<unknown>, 'identity', identityMigrations);
    await createRegion(db, { id: 'RegionOne' });
  });
  afterEach(() => db.destroy());

  const service = (type: string, name: string, enabled = true) => createService(db, { type, name, enabled });
  const endpoint = (serviceId: string, iface: 'public' | 'internal' | 'admin', url: string, enabled = true) =>
    createEndpoint(db, { service_id: serviceId, interface: iface, url, region_id: 'RegionOne', enabled });

  test('lists enabled services with their enabled endpoints in Keystone’s shape', async () => {
    const compute = await service('compute', 'nova');
    const publicEndpoint = await createEndpoint(db, {
      service_id: compute.id,
      interface: 'public',
      url: 'http://nova/',
      region_id: 'RegionOne',
      note: 'extra',
    });
    await endpoint(compute.id, 'admin', 'http://nova-admin/', false);
    const hidden = await service('image', 'glance', false);
    await endpoint(hidden.id, 'public', 'http://glance/');

    const catalog = await buildCatalog(db, { projectId: 'p1' });
    assert.deepEqual(catalog, [
      {
        id: compute.id,
        type: 'compute',
        name: 'nova',
        endpoints: [
          {
            note: 'extra',
            id: publicEndpoint.id,
            interface: 'public',
            region: 'RegionOne',
            region_id: 'RegionOne',
            url: 'http://nova/',
          },
        ],
      },
    ]);
  });

  test('includeDisabled shows disabled services and endpoints too', async () => {
    const hidden = await service('image', 'glance', false);
    await endpoint(hidden.id, 'public', 'http://glance/', false);
    const catalog = await buildCatalog(db, { projectId: null, includeDisabled: true });
    assert.equal(catalog.length, 1);
    assert.equal(catalog[0].endpoints.length, 1);
  });

  test('a service without endpoints is still listed, as upstream does', async () => {
    const lonely = await service('dns', 'designate');
    assert.deepEqual(await buildCatalog(db, { projectId: 'p1' }), [
      { id: lonely.id, type: 'dns', name: 'designate', endpoints: [] },
    ]);
  });

  test('project and user substitutions; endpoints needing a missing value are left out', async () => {
    const volume = await service('block-storage', 'cinder');
    await endpoint(volume.id, 'public', 'http://cinder/v3/$(project_id)s');
    await endpoint(volume.id, 'internal', 'http://cinder/v3/%(tenant_id)s/%(user_id)s');
    await endpoint(volume.id, 'admin', 'http://cinder/v3');

    const scoped = await buildCatalog(db, { projectId: 'abc', userId: 'u1' });
    assert.deepEqual(scoped[0].endpoints.map((e) => e.url).sort(), [
      'http://cinder/v3',
      'http://cinder/v3/abc',
      'http://cinder/v3/abc/u1',
    ]);
    const domainScoped = await buildCatalog(db, { projectId: null });
    assert.deepEqual(
      domainScoped[0].endpoints.map((e) => e.url),
      ['http://cinder/v3'],
    );
  });

  test('every catalog write is seen by the next build (the cache is invalidated)', async () => {
    const compute = await service('compute', 'nova');
    const first = await endpoint(compute.id, 'public', 'http://old/');
    assert.equal((await buildCatalog(db, { projectId: 'p' }))[0].endpoints[0].url, 'http://old/');

    await updateEndpoint(db, first.id, { url: 'http://new/' });
    assert.equal((await buildCatalog(db, { projectId: 'p' }))[0].endpoints[0].url, 'http://new/');

    await updateService(db, compute.id, { name: 'renamed' });
    assert.equal((await buildCatalog(db, { projectId: 'p' }))[0].name, 'renamed');

    await deleteService(db, compute.id);
    assert.deepEqual(await buildCatalog(db, { projectId: 'p' }), []);
  });
});
