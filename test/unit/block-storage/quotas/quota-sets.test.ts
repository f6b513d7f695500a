import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { insertVolume, insertVolumeType } from './volume-rows.js';

/** Tempest's required keys of a quota set (show_quota_set). */
const TEMPEST_KEYS = [
  'backup_gigabytes',
  'backups',
  'gigabytes',
  'groups',
  'per_volume_gigabytes',
  'snapshots',
  'volumes',
];

type Response = Awaited<ReturnType<BlockStorageTestApp['request']>>;
const fault = (response: Response) => response.json() as Record<string, { code: number; message: string }>;

describe('os-quota-sets', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  test("a member sees its project's limits, with the defaults and one set per volume type", async () => {
    const { quota_set: quotaSet } = await cinder.json('GET', `/os-quota-sets/${PROJECTS.one}`, 200);
    assert.equal(quotaSet.id, PROJECTS.one);
    for (const key of TEMPEST_KEYS) assert.equal(typeof quotaSet[key], 'number', key);
    assert.equal(quotaSet.volumes, 10);
    assert.equal(quotaSet.gigabytes, 1000);
    assert.equal(quotaSet.per_volume_gigabytes, -1);
    assert.equal(quotaSet.volumes___DEFAULT__, -1);
    assert.equal(quotaSet.gigabytes___DEFAULT__, -1);
    assert.equal(quotaSet.snapshots___DEFAULT__, -1);
  });

  test("another project's quotas are not a member's to see", async () => {
    const response = await cinder.request('GET', `/os-quota-sets/${PROJECTS.two}`);
    assert.equal(response.statusCode, 403);
    assert.equal(
      fault(response).forbidden.message,
      "Policy doesn't allow volume_extension:quotas:show to be performed.",
    );
    await cinder.json('GET', `/os-quota-sets/${PROJECTS.two}`, 200, { caller: 'admin' });
  });

  test('?usage=true gives limit, in_use and reserved of each resource', async () => {
    await insertVolume(cinder.db, { projectId: PROJECTS.two, size: 3 });
    const { quota_set: quotaSet } = await cinder.json(
      'GET',
      `/os-quota-sets/${PROJECTS.two}?usage=true`,
      200,
      {
        caller: 'other',
      },
    );
    assert.equal(quotaSet.id, PROJECTS.two);
    assert.deepEqual(quotaSet.volumes, { limit: 10, in_use: 1, reserved: 0 });
    assert.deepEqual(quotaSet.gigabytes, { limit: 1000, in_use: 3, reserved: 0 });
    assert.deepEqual(quotaSet.volumes___DEFAULT__, { limit: -1, in_use: 1, reserved: 0 });
    assert.deepEqual(quotaSet.backups, { limit: 10, in_use: 0, reserved: 0 });
    const plain = await cinder.json('GET', `/os-quota-sets/${PROJECTS.two}?usage=false`, 200, {
      caller: 'other',
    });
    assert.equal(plain.quota_set.volumes, 10);
    const response = await cinder.request('GET', `/os-quota-sets/${PROJECTS.two}?usage=maybe`, {
      caller: 'other',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(fault(response).badRequest.message, "Value 'maybe' for 'usage' is not a boolean.");
  });

  test('the defaults of any project', async () => {
    const { quota_set: quotaSet } = await cinder.json('GET', `/os-quota-sets/${PROJECTS.one}/defaults`, 200);
    assert.equal(quotaSet.id, PROJECTS.one);
    assert.equal(quotaSet.snapshots, 10);
    assert.equal(quotaSet.backup_gigabytes, 1000);
  });

  test('an admin sets limits, shown without the id; members may not', async () => {
    const body = { quota_set: { volumes: 7, gigabytes: '20', per_volume_gigabytes: 5 } };
    const refused = await cinder.request('PUT', `/os-quota-sets/${PROJECTS.one}`, { body });
    assert.equal(refused.statusCode, 403);
    const { quota_set: quotaSet } = await cinder.json('PUT', `/os-quota-sets/${PROJECTS.one}`, 200, {
      caller: 'admin',
      body,
    });
    assert.equal(quotaSet.id, undefined);
    assert.equal(quotaSet.volumes, 7);
    assert.equal(quotaSet.gigabytes, 20);
    assert.equal(quotaSet.per_volume_gigabytes, 5);
    const shown = await cinder.json('GET', `/os-quota-sets/${PROJECTS.one}`, 200);
    assert.equal(shown.quota_set.volumes, 7);
  });

  test('bad keys and values are refused with Cinder messages', async () => {
    const put = (quotaSet: unknown) =>
      cinder.request('PUT', `/os-quota-sets/${PROJECTS.one}`, {
        caller: 'admin',
        body: { quota_set: quotaSet },
      });
    let response = await put({ volumes: 1, bogus: 2, other: 3 });
    assert.equal(response.statusCode, 400);
    assert.equal(
      fault(response).badRequest.message,
      'Invalid input received: Bad key(s) in quota set: bogus, other',
    );
    response = await put({ volumes: 'ten' });
    assert.equal(fault(response).badRequest.message, 'volumes must be an integer');
    response = await put({ volumes: -2 });
    assert.equal(fault(response).badRequest.message, 'volumes must be >= -1');
    response = await put({ volumes: 2 ** 31 });
    assert.equal(fault(response).badRequest.message, 'volumes must be <= 2147483647');
    response = await put({});
    assert.equal(response.statusCode, 400);
    response = await cinder.request('PUT', `/os-quota-sets/${PROJECTS.one}`, {
      caller: 'admin',
      body: { volumes: 1 },
    });
    assert.equal(response.statusCode, 400);
  });

  test('a limit below what a project uses is refused once the project has a limit of its own', async () => {
    const project = 'd3333333333333333333333333333333';
    await insertVolume(cinder.db, { projectId: project });
    await insertVolume(cinder.db, { projectId: project });
    const put = (volumes: number) =>
      cinder.request('PUT', `/os-quota-sets/${project}`, {
        caller: 'admin',
        body: { quota_set: { volumes } },
      });
    // As Cinder: with no limit of its own yet, usage is not compared.
    assert.equal((await put(5)).statusCode, 200);
    const response = await put(1);
    assert.equal(response.statusCode, 400);
    assert.equal(
      fault(response).badRequest.message,
      'Quota volumes limit must be equal or greater than existing resources. Current usage is 2 and the requested limit is 1.',
    );
    assert.equal((await put(2)).statusCode, 200);
    assert.equal((await put(-1)).statusCode, 200);
  });

  test("limits of a new volume type's own resources", async () => {
    await insertVolumeType(cinder.db, 'gold');
    const { quota_set: quotaSet } = await cinder.json('PUT', `/os-quota-sets/${PROJECTS.one}`, 200, {
      caller: 'admin',
      body: { quota_set: { volumes_gold: 3 } },
    });
    assert.equal(quotaSet.volumes_gold, 3);
    assert.equal(quotaSet.gigabytes_gold, -1);
  });

  test('deleting takes a project back to the defaults', async () => {
    await cinder.json('PUT', `/os-quota-sets/${PROJECTS.two}`, 200, {
      caller: 'admin',
      body: { quota_set: { snapshots: 3 } },
    });
    assert.equal(
      (await cinder.request('DELETE', `/os-quota-sets/${PROJECTS.two}`, { caller: 'other' })).statusCode,
      403,
    );
    const response = await cinder.request('DELETE', `/os-quota-sets/${PROJECTS.two}`, { caller: 'admin' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, '');
    const { quota_set: quotaSet } = await cinder.json('GET', `/os-quota-sets/${PROJECTS.two}`, 200, {
      caller: 'other',
    });
    assert.equal(quotaSet.snapshots, 10);
  });
});

describe('os-quota-class-sets', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  test('the default class shows the configured defaults, to admins only', async () => {
    const { quota_class_set: classSet } = await cinder.json('GET', '/os-quota-class-sets/default', 200, {
      caller: 'admin',
    });
    assert.equal(classSet.id, 'default');
    assert.equal(classSet.volumes, 10);
    assert.equal(classSet.volumes___DEFAULT__, -1);
    const response = await cinder.request('GET', '/os-quota-class-sets/default');
    assert.equal(response.statusCode, 403);
  });

  test("updating the default class changes every project's defaults", async () => {
    const { quota_class_set: classSet } = await cinder.json('PUT', '/os-quota-class-sets/default', 200, {
      caller: 'admin',
      body: { quota_class_set: { volumes: 11, gigabytes: '1001', volumes___DEFAULT__: 4 } },
    });
    assert.equal(classSet.id, undefined);
    assert.equal(classSet.volumes, 11);
    assert.equal(classSet.gigabytes, 1001);
    assert.equal(classSet.volumes___DEFAULT__, 4);
    const defaults = await cinder.json('GET', `/os-quota-sets/${PROJECTS.one}/defaults`, 200);
    assert.equal(defaults.quota_set.volumes, 11);
    const fresh = await cinder.json('GET', `/os-quota-sets/${PROJECTS.two}`, 200, { caller: 'other' });
    assert.equal(fresh.quota_set.gigabytes, 1001);
    assert.equal(fresh.quota_set.volumes___DEFAULT__, 4);
  });

  test('unknown resources are refused', async () => {
    const response = await cinder.request('PUT', '/os-quota-class-sets/default', {
      caller: 'admin',
      body: { quota_class_set: { bogus: 1 } },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(
      fault(response).badRequest.message,
      'Invalid input received: Bad key(s) in quota class set: bogus',
    );
  });
});
