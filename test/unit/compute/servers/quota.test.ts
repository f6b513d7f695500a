import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { message, serversFixture, type ServersFixture } from './fixtures.js';

describe('server quotas', () => {
  let f: ServersFixture;
  before(async () => {
    f = await serversFixture();
  });
  after(() => f.close());

  const setQuota = (quota_set: Record<string, number>) =>
    f.compute.request('PUT', `/os-quota-sets/${PROJECTS.one}`, { body: { quota_set } });
  const live = async () =>
    (
      await f.compute.db
        .selectFrom('instances')
        .select('uuid')
        .where('project_id', '=', PROJECTS.one)
        .where('deleted', '=', 0)
        .execute()
    ).length;

  test('50 concurrent creates against an instances quota of 10: exactly 10 accepted', async () => {
    await setQuota({ instances: 10 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => f.create({ name: `race-${i}` })),
    );
    const accepted = responses.filter((response) => response.statusCode === 202);
    const refused = responses.filter((response) => response.statusCode === 403);
    assert.equal(accepted.length, 10);
    assert.equal(refused.length, 40);
    assert.equal(
      message(refused[0]),
      'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances',
    );
    assert.equal(await live(), 10);
  });

  test('cores and ram name each limit exceeded; a range takes what fits', async () => {
    await f.compute.db
      .updateTable('instances')
      .set({ deleted: 1 })
      .where('project_id', '=', PROJECTS.one)
      .execute();
    await setQuota({ instances: 10, cores: 4, ram: 51200 });
    // m1.medium: 2 vCPUs, 4096 MB.
    const over = await f.create({ flavorRef: '3', min_count: 3 });
    assert.equal(over.statusCode, 403);
    assert.equal(message(over), 'Quota exceeded for cores: Requested 6, but already used 0 of 4 cores');
    const range = await f.create({ flavorRef: '3', min_count: 1, max_count: 5, return_reservation_id: true });
    assert.equal(range.statusCode, 202);
    const rows = await f.compute.db
      .selectFrom('instances')
      .select('display_name')
      .where('reservation_id', '=', range.json().reservation_id)
      .execute();
    assert.equal(rows.length, 2);
    await setQuota({ instances: 2, cores: 4, ram: 51200 });
    const both = await f.create({ flavorRef: '3' });
    assert.equal(both.statusCode, 403);
    assert.equal(
      message(both),
      'Quota exceeded for cores, instances: Requested 2, 1, but already used 4, 2 of 4, 2 cores, instances',
    );
    await setQuota({ instances: 10, cores: 20, ram: 51200 });
  });
});
