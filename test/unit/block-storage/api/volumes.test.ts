import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  blockStorageTestApp,
  VOLUME_URL,
  type BlockStorageTestApp,
} from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';

const MISSING = '9d2b5a4e-8c40-4b8e-9a55-000000000000';

describe('volumes: create, show, update, delete', () => {
  let cloud: BlockStorageTestApp;
  before(async () => {
    cloud = await blockStorageTestApp();
  });
  after(() => cloud.close());

  const create = async (volume: Record<string, unknown>, caller = 'member', microversion?: string) =>
    (await cloud.json('POST', '/volumes', 202, { caller, body: { volume }, microversion })).volume;

  test('a volume is created `creating`, answered 202 with its view, and becomes available', async () => {
    const volume = await create({
      size: 1,
      name: ' data ',
      description: 'for tests',
      metadata: { purpose: 'test' },
    });
    assert.equal(volume.status, 'creating');
    assert.equal(volume.size, 1);
    assert.equal(volume.name, 'data');
    assert.equal(volume.description, 'for tests');
    assert.equal(volume.volume_type, '__DEFAULT__');
    assert.equal(volume.bootable, 'false');
    assert.equal(volume.encrypted, false);
    assert.equal(volume.multiattach, false);
    assert.equal(volume.availability_zone, 'nova');
    assert.deepEqual(volume.metadata, { purpose: 'test' });
    assert.deepEqual(volume.attachments, []);
    assert.equal(volume.user_id, 'u-member');
    assert.match(volume.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.deepEqual(volume.links, [
      { rel: 'self', href: `${VOLUME_URL}/v3/${PROJECTS.one}/volumes/${volume.id}` },
      { rel: 'bookmark', href: `${VOLUME_URL}/${PROJECTS.one}/volumes/${volume.id}` },
    ]);
    assert.equal('os-vol-tenant-attr:tenant_id' in volume, false, 'create shows no extension attributes');
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    const shown = (await cloud.json('GET', `/volumes/${volume.id}`, 200)).volume;
    assert.equal(shown['os-vol-tenant-attr:tenant_id'], PROJECTS.one);
    assert.equal('os-vol-host-attr:host' in shown, false, 'the host is for admins');
    assert.equal('migration_status' in shown, false);
  });

  test('admins see the host, migration status and more at later microversions', async () => {
    const volume = await create({ size: 1 });
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    const shown = (
      await cloud.json('GET', `/volumes/${volume.id}`, 200, { caller: 'admin', microversion: '3.65' })
    ).volume;
    assert.match(shown['os-vol-host-attr:host'], /^testhost@fake#fake$/);
    assert.equal(shown['os-vol-mig-status-attr:migstat'], null);
    assert.equal(shown.migration_status, null);
    assert.equal(shown.group_id, null);
    assert.equal(shown.provider_id, null);
    assert.equal(shown.shared_targets, false);
    assert.equal(shown.cluster_name, null);
    assert.equal(shown.consumes_quota, true);
    assert.equal(typeof shown.volume_type_id, 'string');
    const base = (await cloud.json('GET', `/volumes/${volume.id}`, 200, { caller: 'admin' })).volume;
    for (const field of ['group_id', 'provider_id', 'shared_targets', 'cluster_name', 'volume_type_id']) {
      assert.equal(field in base, false, `${field} is not shown at 3.0`);
    }
  });

  test('the size comes from the source volume, and may not be smaller than it', async () => {
    const source = await create({ size: 2 });
    await cloud.waitForStatus(`/volumes/${source.id}`, 'volume', 'available');
    const clone = await create({ source_volid: source.id });
    assert.equal(clone.size, 2);
    assert.equal(clone.source_volid, source.id);
    await cloud.waitForStatus(`/volumes/${clone.id}`, 'volume', 'available');
    const small = await cloud.json('POST', '/volumes', 400, {
      body: { volume: { size: 1, source_volid: source.id } },
    });
    assert.equal(
      small.badRequest.message,
      "Invalid input received: Volume size '1'GB cannot be smaller than original volume size  2GB. They must be >= original volume size.",
    );
  });

  test('bad sizes, sources and types are refused as Cinder refuses them', async () => {
    const refused = async (volume: Record<string, unknown>, status: number) =>
      cloud.json('POST', '/volumes', status, { body: { volume } });
    assert.equal(
      (await refused({ size: 0 }, 400)).badRequest.message,
      'Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1',
    );
    assert.equal(
      (await refused({ size: '-1' }, 400)).badRequest.message,
      "Invalid input for field/attribute size. Value: -1. '-1' does not match '^[0-9]+$'",
    );
    assert.equal(
      (await refused({ name: 'no size' }, 400)).badRequest.message,
      "Invalid input received: Volume size 'None' must be an integer and greater than 0",
    );
    assert.equal(
      (await refused({ size: 1, snapshot_id: MISSING }, 404)).itemNotFound.message,
      `Snapshot ${MISSING} could not be found.`,
    );
    assert.equal(
      (await refused({ size: 1, source_volid: MISSING }, 404)).itemNotFound.message,
      `Volume ${MISSING} could not be found.`,
    );
    assert.equal(
      (await refused({ size: 1, volume_type: 'nope' }, 404)).itemNotFound.message,
      'Volume type with name nope could not be found.',
    );
    assert.equal(
      (await refused({ size: 1, volume_type: MISSING }, 404)).itemNotFound.message,
      `Volume type ${MISSING} could not be found.`,
    );
    assert.equal(
      (await refused({ size: 1, snapshot_id: 'not-a-uuid' }, 400)).badRequest.message,
      "Invalid input for field/attribute snapshot_id. Value: not-a-uuid. 'not-a-uuid' is not valid under any of the given schemas",
    );
    assert.equal(
      (await refused({ size: 1, multiattach: true }, 400)).badRequest.message.startsWith(
        'multiattach parameter has been removed.',
      ),
      true,
    );
    assert.equal(
      (await refused({ size: 1, availability_zone: 'elsewhere' }, 400)).badRequest.message,
      "Availability zone 'elsewhere' is invalid.",
    );
    assert.equal(
      (await cloud.json('POST', '/volumes', 400, { body: {} })).badRequest.message,
      "'volume' is a required property",
    );
  });

  test('the quota is checked before the volume is written', async () => {
    await cloud.json('PUT', `/os-quota-sets/${PROJECTS.two}`, 200, {
      caller: 'admin',
      body: { quota_set: { gigabytes: 3 } },
    });
    const over = await cloud.json('POST', '/volumes', 413, {
      caller: 'other',
      body: { volume: { size: 4 } },
    });
    assert.match(JSON.stringify(over), /Requested volume or snapshot exceeds allowed gigabytes quota/);
    const listed = await cloud.json('GET', '/volumes', 200, { caller: 'other' });
    assert.deepEqual(listed.volumes, []);
  });

  test('a volume of another project is not found, for reading, changing and deleting', async () => {
    const volume = await create({ size: 1 });
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { volume: { name: 'x' } }],
      ['DELETE', undefined],
    ] as const) {
      const answer = await cloud.json(method, `/volumes/${volume.id}`, 404, { caller: 'other', body });
      assert.equal(answer.itemNotFound.message, `Volume ${volume.id} could not be found.`);
    }
    await cloud.json('GET', `/volumes/${volume.id}`, 200, { caller: 'admin' });
  });

  test('an update changes name, description (or their display_ aliases) and replaces the metadata', async () => {
    const volume = await create({ size: 1, metadata: { a: '1', b: '2' } });
    const updated = (
      await cloud.json('PUT', `/volumes/${volume.id}`, 200, {
        body: { volume: { display_name: 'renamed', description: 'new', metadata: { c: '3' } } },
      })
    ).volume;
    assert.equal(updated.name, 'renamed');
    assert.equal(updated.description, 'new');
    assert.deepEqual(updated.metadata, { c: '3' });
    assert.notEqual(updated.updated_at, null);
    const empty = await cloud.json('PUT', `/volumes/${volume.id}`, 400, {
      body: { volume: {} },
      microversion: '3.53',
    });
    assert.match(empty.badRequest.message, /is not valid under any of the given schemas/);
    const unknown = await cloud.json('PUT', `/volumes/${volume.id}`, 400, { body: { volume: { size: 3 } } });
    assert.match(
      unknown.badRequest.message,
      /Additional properties are not allowed \('size' was unexpected\)/,
    );
  });

  test('delete: only in a deletable state, not with snapshots unless cascading', async () => {
    const volume = await create({ size: 1 });
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    await cloud.json('POST', `/volumes/${volume.id}/action`, 202, {
      caller: 'admin',
      body: { 'os-reset_status': { status: 'creating' } },
    });
    const refused = await cloud.json('DELETE', `/volumes/${volume.id}`, 400);
    assert.equal(
      refused.badRequest.message,
      'Invalid volume: Volume status must be available or error or error_restoring or error_extending or ' +
        'error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a ' +
        'transfer, or be disassociated from snapshots after volume transfer.',
    );
    await cloud.json('POST', `/volumes/${volume.id}/action`, 202, {
      caller: 'admin',
      body: { 'os-reset_status': { status: 'available' } },
    });
    await cloud.db
      .insertInto('snapshots')
      .values({
        id: 'snap-1',
        project_id: PROJECTS.one,
        user_id: 'u-member',
        volume_id: volume.id,
        name: null,
        description: null,
        status: 'available',
        progress: '100%',
        volume_size: 1,
        created_at: new Date().toISOString(),
        updated_at: null,
      })
      .execute();
    await cloud.json('DELETE', `/volumes/${volume.id}`, 400);
    await cloud.json('DELETE', `/volumes/${volume.id}?cascade=true`, 202);
    await waitGone(cloud, `/volumes/${volume.id}`);
    const snapshots = await cloud.db
      .selectFrom('snapshots')
      .select('id')
      .where('volume_id', '=', volume.id)
      .execute();
    assert.deepEqual(snapshots, []);
  });

  test('deleting with force needs the admin policy; a missing or bad id is a 404', async () => {
    const volume = await create({ size: 1 });
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    await cloud.json('DELETE', `/volumes/${volume.id}?force=true`, 403, { microversion: '3.23' });
    await cloud.json('DELETE', `/volumes/${volume.id}?force=true`, 202, {
      caller: 'admin',
      microversion: '3.23',
    });
    await waitGone(cloud, `/volumes/${volume.id}`);
    await cloud.json('DELETE', `/volumes/${MISSING}`, 404);
    await cloud.json('GET', '/volumes/not%20a%20volume', 404);
    await cloud.json('PUT', `/volumes/${MISSING}`, 404, { body: { volume: { name: 'x' } } });
    // Tempest's requests without an id.
    await cloud.json('GET', '/volumes/', 404);
    await cloud.json('PUT', '/volumes/', 404, { body: { volume: { name: 'x' } } });
    await cloud.json('DELETE', '/volumes/', 404);
  });
});

async function waitGone(cloud: BlockStorageTestApp, path: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if ((await cloud.request('GET', path, { caller: 'admin' })).statusCode === 404) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${path} is still there`);
}
