import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { providerUuid, seed, type ProviderSpec } from './fixtures.js';

/** GET /allocation_candidates as clients see it: the body's shape per microversion, headers, errors. */

const specs: ProviderSpec[] = [
  {
    name: 'cn',
    inventory: { VCPU: 8, MEMORY_MB: 4096, DISK_GB: 100 },
    used: { VCPU: 2 },
    traits: ['HW_CPU_X86_AVX'],
  },
  { name: 'gpu', parent: 'cn', inventory: { VGPU: 4 } },
];
const cn = providerUuid('cn');
const gpu = providerUuid('gpu');
const query = '/allocation_candidates?resources=VCPU:1,MEMORY_MB:512';

describe('GET /allocation_candidates', () => {
  let placement: PlacementTestApp;
  before(async () => {
    placement = await placementTestApp();
    await seed(placement.db, specs);
  });
  after(() => placement.close());

  const get = (version: string, path = query, caller = 'admin') =>
    placement.request('GET', path, { version, caller });

  test('does not exist before 1.10', async () => {
    const response = await get('1.9');
    assert.equal(response.statusCode, 404);
  });

  test('1.10 lists allocations per provider and summarizes the requested classes only', async () => {
    const response = await get('1.10');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      allocation_requests: [
        { allocations: [{ resource_provider: { uuid: cn }, resources: { VCPU: 1, MEMORY_MB: 512 } }] },
      ],
      provider_summaries: {
        [cn]: { resources: { VCPU: { capacity: 8, used: 2 }, MEMORY_MB: { capacity: 4096, used: 0 } } },
      },
    });
    assert.equal(response.headers['cache-control'], undefined);
  });

  test('1.12 keys allocations by provider, as the body of PUT /allocations', async () => {
    const body = (await get('1.12')).json();
    assert.deepEqual(body.allocation_requests, [
      { allocations: { [cn]: { resources: { VCPU: 1, MEMORY_MB: 512 } } } },
    ]);
  });

  test('1.15 adds Cache-Control and Last-Modified', async () => {
    const response = await get('1.15');
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.ok(!Number.isNaN(Date.parse(String(response.headers['last-modified']))));
  });

  test('1.17 adds traits; 1.27 every class of the providers; 1.29 the tree', async () => {
    assert.deepEqual((await get('1.17')).json().provider_summaries[cn].traits, ['HW_CPU_X86_AVX']);
    assert.deepEqual(Object.keys((await get('1.26')).json().provider_summaries[cn].resources).sort(), [
      'MEMORY_MB',
      'VCPU',
    ]);
    assert.deepEqual(Object.keys((await get('1.27')).json().provider_summaries[cn].resources).sort(), [
      'DISK_GB',
      'MEMORY_MB',
      'VCPU',
    ]);
    // Before 1.29 the tree is unknown to the client: only the providers used are summarized.
    assert.deepEqual(Object.keys((await get('1.28')).json().provider_summaries), [cn]);
    const summaries = (await get('1.29')).json().provider_summaries;
    assert.deepEqual(summaries[gpu], {
      resources: { VGPU: { capacity: 4, used: 0 } },
      traits: [],
      parent_provider_uuid: cn,
      root_provider_uuid: cn,
    });
    assert.equal(summaries[cn].parent_provider_uuid, null);
  });

  test('1.34 maps each request group to its providers', async () => {
    const body = (await get('1.34', '/allocation_candidates?resources=VCPU:1&resources_G=VGPU:1')).json();
    assert.deepEqual(body.allocation_requests, [
      {
        allocations: { [cn]: { resources: { VCPU: 1 } }, [gpu]: { resources: { VGPU: 1 } } },
        mappings: { '': [cn], _G: [gpu] },
      },
    ]);
  });

  test('an empty answer is two empty collections', async () => {
    assert.deepEqual((await get('1.39', '/allocation_candidates?resources=VCPU:100')).json(), {
      allocation_requests: [],
      provider_summaries: {},
    });
  });

  test('an unknown resource class is a 400 in placement’s error format', async () => {
    const response = await get('1.39', '/allocation_candidates?resources=CUSTOM_NOPE:1');
    assert.equal(response.statusCode, 400);
    const [error] = response.json().errors;
    assert.equal(error.code, 'placement.undefined_code');
    assert.match(
      error.detail,
      /Invalid resource class in resources parameter: No such resource class CUSTOM_NOPE\./,
    );
  });

  test('a bad first `limit` is a 400 (upstream, which checks only the last one, fails with a 500)', async () => {
    const response = await get('1.39', `${query}&limit=abc&limit=5`);
    assert.equal(response.statusCode, 400);
    assert.match(response.json().errors[0].detail, /Invalid query string parameters: 'abc' does not match/);
  });

  test('only admins and services may ask', async () => {
    assert.equal((await get('1.39', query, 'member')).statusCode, 403);
    assert.equal((await get('1.39', query, 'reader')).statusCode, 403);
    assert.equal((await get('1.39', query, 'service')).statusCode, 200);
  });
});
