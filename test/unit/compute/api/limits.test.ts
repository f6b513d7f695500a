import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

/** Tempest's get_limit absolute keys: v2_57, plus maxImageMeta (v2_39 drops it), plus personality. */
const V257 = [
  'maxServerGroupMembers',
  'maxServerGroups',
  'maxServerMeta',
  'maxTotalCores',
  'maxTotalInstances',
  'maxTotalKeypairs',
  'maxTotalRAMSize',
  'totalCoresUsed',
  'totalInstancesUsed',
  'totalRAMUsed',
  'totalServerGroupsUsed',
];
const V239 = [...V257, 'maxPersonality', 'maxPersonalitySize'].sort();
const V236 = [...V239, 'maxImageMeta'].sort();
const V21 = [
  ...V236,
  'maxSecurityGroupRules',
  'maxSecurityGroups',
  'maxTotalFloatingIps',
  'totalFloatingIpsUsed',
  'totalSecurityGroupsUsed',
].sort();

describe('limits', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
  });
  after(() => compute.close());

  const absolute = async (version: string, path = '/limits', caller = 'member') => {
    const response = await compute.request('GET', path, { version, caller });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().limits.rate, []);
    return response.json().limits.absolute as Record<string, number>;
  };

  test('absolute limits per microversion', async () => {
    assert.deepEqual(Object.keys(await absolute('2.1')).sort(), V21);
    assert.deepEqual(Object.keys(await absolute('2.36')).sort(), V236);
    assert.deepEqual(Object.keys(await absolute('2.39')).sort(), V239);
    assert.deepEqual(Object.keys(await absolute('2.57')).sort(), V257);
    const values = await absolute('2.1');
    assert.deepEqual(
      [values.maxTotalInstances, values.maxTotalCores, values.maxTotalRAMSize, values.totalInstancesUsed],
      [10, 20, 51200, 0],
    );
  });

  test('a project’s own limits; tenant_id only for admins', async () => {
    await compute.request('PUT', `/os-quota-sets/${PROJECTS.two}`, { body: { quota_set: { instances: 3 } } });
    assert.equal((await absolute('2.1', `/limits?tenant_id=${PROJECTS.two}`, 'admin')).maxTotalInstances, 3);
    assert.equal((await absolute('2.1', '/limits', 'other')).maxTotalInstances, 3);
    const refused = await compute.request('GET', `/limits?tenant_id=${PROJECTS.two}`, { caller: 'member' });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().forbidden.message,
      "Policy doesn't allow os_compute_api:limits:other_project to be performed.",
    );
    assert.equal((await compute.request('GET', '/limits?foo=1', { version: '2.75' })).statusCode, 400);
  });
});
