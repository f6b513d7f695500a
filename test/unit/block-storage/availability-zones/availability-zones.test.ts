import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

describe('GET /os-availability-zone', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  test('the zone of the volume services, available to any caller', async () => {
    const body = await cinder.json('GET', '/os-availability-zone', 200, { caller: 'reader' });
    assert.deepEqual(body, { availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true } }] });
  });

  test('a zone whose volume services are all disabled is not available', async () => {
    const now = new Date().toISOString();
    await cinder.db
      .insertInto('services')
      .values({
        host: 'edge1@lvm',
        binary: 'cinder-volume',
        availability_zone: 'edge',
        disabled: 1,
        disabled_reason: 'maintenance',
        heartbeat_at: now,
        created_at: now,
        updated_at: null,
      })
      .execute();
    const { availabilityZoneInfo } = await cinder.json('GET', '/os-availability-zone', 200);
    assert.deepEqual(availabilityZoneInfo, [
      { zoneName: 'nova', zoneState: { available: true } },
      { zoneName: 'edge', zoneState: { available: false } },
    ]);
    await cinder.json('PUT', '/os-services/enable', 200, {
      caller: 'admin',
      body: { host: 'edge1@lvm', binary: 'cinder-volume' },
    });
    const after = await cinder.json('GET', '/os-availability-zone', 200);
    assert.deepEqual(after.availabilityZoneInfo[1], { zoneName: 'edge', zoneState: { available: true } });
  });
});
