import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { computeMigrations } from '../../../../src/compute/db/migrations/index.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import { OverQuota } from '../../../../src/compute/quotas/over-quota.js';
import { QuotaEngine } from '../../../../src/compute/quotas/quota-engine.js';
import type { QuotaCounts, QuotaUsage } from '../../../../src/compute/quotas/quota-usage.js';
import { configuredDefaults } from '../../../../src/compute/quotas/resources.js';

/** Usage a test sets by hand, per project and per user. */
class FixedUsage implements QuotaUsage {
  project: QuotaCounts = {};
  users: Record<string, QuotaCounts> = {};
  async count(_projectId: string, userId?: string): Promise<QuotaCounts> {
    return userId === undefined ? this.project : (this.users[userId] ?? {});
  }
}

describe('QuotaEngine', () => {
  let db: Kysely<ComputeSchema>;
  let usage: FixedUsage;
  let engine: QuotaEngine;
  before(async () => {
    ({ db } = connectMemory<ComputeSchema>());
    await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
    usage = new FixedUsage();
    engine = new QuotaEngine(db, configuredDefaults(100), usage);
  });
  after(() => db.destroy());

  test("defaults are Nova's [quota] options; the default class overrides them", async () => {
    const defaults = await engine.defaultQuotas();
    assert.deepEqual(
      [defaults.instances, defaults.cores, defaults.ram, defaults.key_pairs, defaults.floating_ips],
      [10, 20, 51200, 100, -1],
    );
    await engine.store.setClassLimit('default', 'cores', 40);
    assert.equal((await engine.defaultQuotas()).cores, 40);
    assert.equal((await engine.projectQuotas('p1')).cores, 40);
    assert.equal((await engine.classQuotas('gold')).cores, 20);
    await engine.store.setClassLimit('default', 'cores', 20);
  });

  test('project values override defaults, user values override the project within it', async () => {
    await engine.store.setLimit('p1', null, 'instances', 5);
    await engine.store.setLimit('p1', 'u1', 'instances', 2);
    assert.equal((await engine.projectQuotas('p1')).instances, 5);
    assert.equal((await engine.userQuotas('p1', 'u1')).instances, 2);
    assert.equal((await engine.userQuotas('p1', 'u2')).instances, 5);
    assert.equal((await engine.projectQuotas('p2')).instances, 10);
  });

  test('settable ranges: a project not below its users, a user not above what is left', async () => {
    usage.project = { instances: 1 };
    usage.users = { u1: { instances: 1 } };
    const project = await engine.settable('p1');
    assert.deepEqual(project.instances, { minimum: 2, maximum: -1 });
    const user = await engine.settable('p1', 'u1');
    assert.deepEqual(user.instances, { minimum: 1, maximum: 5 });
  });

  test('checkQuota: Nova’s message; -1 is unlimited; per-user resources by user', async () => {
    usage.project = { instances: 5 };
    usage.users = { u2: { instances: 5, key_pairs: 100 } };
    await assert.rejects(engine.checkQuota('p1', 'u2', { instances: 1 }), (error: OverQuota) => {
      assert.ok(error instanceof OverQuota);
      assert.equal(error.status, 403);
      assert.equal(
        error.message,
        'Quota exceeded for instances: Requested 1, but already used 5 of 5 instances',
      );
      return true;
    });
    await assert.rejects(engine.checkQuota('p1', 'u2', { key_pairs: 1 }), OverQuota);
    await engine.store.setLimit('p1', null, 'instances', -1);
    await engine.store.setLimit('p1', 'u2', 'key_pairs', -1);
    await engine.checkQuota('p1', 'u2', { instances: 1, key_pairs: 1 });
  });
});
