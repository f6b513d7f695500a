import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { ensureDefaultVolumeType } from '../../../../src/block-storage/bootstrap/default-volume-type.js';
import { blockStorageMigrations } from '../../../../src/block-storage/db/migrations/index.js';
import type { BlockStorageSchema } from '../../../../src/block-storage/db/schema.js';
import { QuotaExceeded } from '../../../../src/block-storage/errors.js';
import { checkQuota } from '../../../../src/block-storage/quotas/quota-check.js';
import { defaultConfig } from '../../../../src/common/config/index.js';
import type { VolumeConfig } from '../../../../src/common/config/schema.js';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { insertBackup, insertSnapshot, insertVolume, insertVolumeType } from './volume-rows.js';

const PROJECT = 'p1';

describe('checkQuota', () => {
  let db: Kysely<BlockStorageSchema>;
  let settings: VolumeConfig;
  beforeEach(async () => {
    db = connectMemory<BlockStorageSchema>().db;
    await migrate(db as Kysely<unknown>, 'volume', blockStorageMigrations);
    await ensureDefaultVolumeType(db, '__DEFAULT__', randomUUID, new Date());
    settings = defaultConfig('/nonexistent').volume;
  });
  afterEach(() => db.destroy());

  async function setLimit(resource: string, limit: number): Promise<void> {
    await db
      .deleteFrom('quotas')
      .where('project_id', '=', PROJECT)
      .where('resource', '=', resource)
      .execute();
    await db.insertInto('quotas').values({ project_id: PROJECT, resource, hard_limit: limit }).execute();
  }

  /** The 413 message a check gives, or undefined when it passes. */
  async function refusal(check: Promise<void>): Promise<string | undefined> {
    try {
      await check;
      return undefined;
    } catch (error) {
      assert.ok(error instanceof QuotaExceeded, String(error));
      assert.equal(error.status, 413);
      return error.message;
    }
  }

  test('passes within the configured defaults and counts every volume of the project', async () => {
    for (let i = 0; i < 9; i++) await insertVolume(db, { projectId: PROJECT });
    await insertVolume(db, { projectId: 'someone-else' });
    assert.equal(await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 1 })), undefined);
    await insertVolume(db, { projectId: PROJECT });
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 1 })),
      "Maximum number of volumes allowed (10) exceeded for quota 'volumes'.",
    );
  });

  test('gigabytes count volume sizes and snapshot sizes', async () => {
    await setLimit('gigabytes', 10);
    const volume = await insertVolume(db, { projectId: PROJECT, size: 4 });
    await insertSnapshot(db, { volumeId: volume, projectId: PROJECT, size: 4 });
    assert.equal(await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 2 })), undefined);
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 3 })),
      'Requested volume or snapshot exceeds allowed gigabytes quota. Requested 3G, quota is 10G and 8G has been consumed.',
    );
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { snapshots: 1, gigabytes: 4 })),
      'Requested volume or snapshot exceeds allowed gigabytes quota. Requested 4G, quota is 10G and 8G has been consumed.',
    );
  });

  test('an unlimited (-1) quota never refuses', async () => {
    await setLimit('volumes', -1);
    await setLimit('gigabytes', -1);
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { volumes: 1000, gigabytes: 1e6 })),
      undefined,
    );
  });

  test('snapshots and backups have their own messages', async () => {
    await setLimit('snapshots', 1);
    await setLimit('backups', 1);
    await setLimit('backup_gigabytes', 5);
    const volume = await insertVolume(db, { projectId: PROJECT });
    await insertSnapshot(db, { volumeId: volume, projectId: PROJECT });
    await insertBackup(db, { volumeId: volume, projectId: PROJECT, size: 3 });
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { snapshots: 1, gigabytes: 1 })),
      'Maximum number of snapshots allowed (1) exceeded',
    );
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { backups: 1, backup_gigabytes: 1 })),
      'Maximum number of backups allowed (1) exceeded',
    );
    await setLimit('backups', 5);
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { backups: 1, backup_gigabytes: 3 })),
      'Requested backup exceeds allowed Backup gigabytes quota. Requested 3G, quota is 5G and 3G has been consumed.',
    );
  });

  test('per_volume_gigabytes limits one volume, and the new size of an extended one', async () => {
    await setLimit('per_volume_gigabytes', 5);
    assert.equal(await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 5 })), undefined);
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 6 })),
      'Requested volume size 6G is larger than maximum allowed limit 5G.',
    );
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { gigabytes: 2 }, { volumeSize: 7 })),
      'Requested volume size 7G is larger than maximum allowed limit 5G.',
    );
  });

  test("a volume type's own quotas apply to its volumes", async () => {
    const typeId = await insertVolumeType(db, 'fast');
    await setLimit('volumes_fast', 1);
    await setLimit('gigabytes_fast', 3);
    await insertVolume(db, { projectId: PROJECT, typeName: 'fast', size: 2 });
    assert.equal(await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 1 })), undefined);
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { gigabytes: 2 }, { volumeTypeId: typeId })),
      'Requested volume or snapshot exceeds allowed gigabytes_fast quota. Requested 2G, quota is 3G and 2G has been consumed.',
    );
    assert.equal(
      await refusal(
        checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 1 }, { volumeTypeId: typeId }),
      ),
      "Maximum number of volumes allowed (1) exceeded for quota 'volumes_fast'.",
    );
  });

  test('the default quota class stands in for the configured defaults', async () => {
    await db
      .insertInto('quota_classes')
      .values({ class_name: 'default', resource: 'volumes', hard_limit: 1 })
      .execute();
    await insertVolume(db, { projectId: PROJECT });
    assert.equal(
      await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 1 })),
      "Maximum number of volumes allowed (1) exceeded for quota 'volumes'.",
    );
    await setLimit('volumes', 2);
    assert.equal(await refusal(checkQuota(db, settings, PROJECT, { volumes: 1, gigabytes: 1 })), undefined);
  });
});
