import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { errorCode, errorMessage, placementFixtures } from '../../../helpers/placement-fixtures.js';
import { STANDARD_TRAITS } from '../../../../src/placement/db/standard-traits.js';

describe('traits', () => {
  let placement: PlacementTestApp;
  let fx: ReturnType<typeof placementFixtures>;
  before(async () => {
    placement = await placementTestApp();
    fx = placementFixtures(placement);
  });
  after(() => placement.close());

  const traits = async (query = '') =>
    (await fx.call('GET', `/traits${query}`, undefined, 200)).json().traits;

  test('the standard traits of os-traits are there from the start; /traits is 1.6+', async () => {
    const all = await traits();
    assert.equal(all.length, STANDARD_TRAITS.length);
    assert.ok(all.includes('HW_CPU_X86_AVX2'));
    assert.ok(all.includes('COMPUTE_STATUS_DISABLED'));
    const early = await placement.request('GET', '/traits', { version: '1.5' });
    assert.equal(early.statusCode, 404);
  });

  test('custom traits: PUT creates (201) or confirms (204); only CUSTOM_ names', async () => {
    const created = await fx.call('PUT', '/traits/CUSTOM_FAST_DISK', undefined, 201);
    assert.equal(created.headers.location, 'http://stratus.test/placement/traits/CUSTOM_FAST_DISK');
    await fx.call('PUT', '/traits/CUSTOM_FAST_DISK', undefined, 204);
    await fx.call('GET', '/traits/CUSTOM_FAST_DISK', undefined, 204);
    for (const name of ['FAST_DISK', 'CUSTOM_lower', `CUSTOM_${'X'.repeat(250)}`]) {
      const refused = await fx.call('PUT', `/traits/${name}`, undefined, 400);
      assert.match(
        errorMessage(refused),
        /^The trait is invalid\. A valid trait must be no longer than 255 characters/,
      );
    }
    const missing = await fx.call('GET', '/traits/CUSTOM_NOPE', undefined, 404);
    assert.equal(errorMessage(missing), 'No such trait(s): CUSTOM_NOPE.');
  });

  test('filters: name=startswith:, name=in:, associated', async () => {
    await fx.call('PUT', '/traits/CUSTOM_FILTER_A', undefined, 201);
    await fx.call('PUT', '/traits/CUSTOM_FILTER_B', undefined, 201);
    assert.deepEqual(await traits('?name=startswith:CUSTOM_FILTER'), ['CUSTOM_FILTER_A', 'CUSTOM_FILTER_B']);
    assert.deepEqual(await traits('?name=in:CUSTOM_FILTER_B,HW_CPU_X86_AVX,CUSTOM_NOPE'), [
      'HW_CPU_X86_AVX',
      'CUSTOM_FILTER_B',
    ]);
    const rp = await fx.provider('trait-filter');
    await fx.call(
      'PUT',
      `/resource_providers/${rp}/traits`,
      { traits: ['CUSTOM_FILTER_A'], resource_provider_generation: 0 },
      200,
    );
    assert.deepEqual(await traits('?name=startswith:CUSTOM_FILTER&associated=true'), ['CUSTOM_FILTER_A']);
    assert.deepEqual(await traits('?name=startswith:CUSTOM_FILTER&associated=false'), ['CUSTOM_FILTER_B']);
    const badName = await fx.call('GET', '/traits?name=CUSTOM', undefined, 400);
    assert.match(errorMessage(badName), /^Badly formatted name parameter/);
    const badAssociated = await fx.call('GET', '/traits?associated=yes', undefined, 400);
    assert.equal(
      errorMessage(badAssociated),
      'The query parameter "associated" only accepts "true" or "false"',
    );
  });

  test('a provider’s traits are replaced as a whole, guarded by its generation', async () => {
    const rp = await fx.provider('trait-holder');
    await fx.call('PUT', '/traits/CUSTOM_HOLDER', undefined, 201);
    const set = await fx.call(
      'PUT',
      `/resource_providers/${rp}/traits`,
      { traits: ['CUSTOM_HOLDER', 'HW_CPU_X86_AVX'], resource_provider_generation: 0 },
      200,
    );
    assert.deepEqual(set.json(), {
      traits: ['HW_CPU_X86_AVX', 'CUSTOM_HOLDER'],
      resource_provider_generation: 1,
    });
    const stale = await fx.call(
      'PUT',
      `/resource_providers/${rp}/traits`,
      { traits: [], resource_provider_generation: 0 },
      409,
    );
    assert.equal(errorCode(stale), 'placement.concurrent_update');
    assert.equal(
      errorMessage(stale),
      "Resource provider's generation already changed. Please update the generation and try again.",
    );
    const unknown = await fx.call(
      'PUT',
      `/resource_providers/${rp}/traits`,
      { traits: ['CUSTOM_NOPE'], resource_provider_generation: 1 },
      400,
    );
    assert.equal(errorMessage(unknown), 'No such trait CUSTOM_NOPE');
    const same = await fx.call(
      'PUT',
      `/resource_providers/${rp}/traits`,
      { traits: ['HW_CPU_X86_AVX', 'CUSTOM_HOLDER'], resource_provider_generation: 1 },
      200,
    );
    assert.equal(same.json().resource_provider_generation, 1, 'no change, no new generation');
    const inUse = await fx.call('DELETE', '/traits/CUSTOM_HOLDER', undefined, 409);
    assert.equal(errorMessage(inUse), 'The trait CUSTOM_HOLDER is in use by a resource provider.');
    await fx.call('DELETE', `/resource_providers/${rp}/traits`, undefined, 204);
    assert.deepEqual((await fx.call('GET', `/resource_providers/${rp}/traits`, undefined, 200)).json(), {
      traits: [],
      resource_provider_generation: 2,
    });
    await fx.call('DELETE', '/traits/CUSTOM_HOLDER', undefined, 204);
    const standard = await fx.call('DELETE', '/traits/HW_CPU_X86_AVX', undefined, 400);
    assert.equal(errorMessage(standard), 'Cannot delete standard trait HW_CPU_X86_AVX.');
  });
});
