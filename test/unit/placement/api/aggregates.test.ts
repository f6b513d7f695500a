import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { errorCode, errorMessage, placementFixtures } from '../../../helpers/placement-fixtures.js';

describe('provider aggregates', () => {
  let placement: PlacementTestApp;
  let fx: ReturnType<typeof placementFixtures>;
  before(async () => {
    placement = await placementTestApp();
    fx = placementFixtures(placement);
  });
  after(() => placement.close());

  const path = (uuid: string) => `/resource_providers/${uuid}/aggregates`;

  test('before 1.19 the body is a bare list and the generation stays', async () => {
    const rp = await fx.provider('agg-old');
    const [a, b] = [randomUUID(), randomUUID()];
    const set = await placement.request('PUT', path(rp), { version: '1.1', body: [a, b] });
    assert.equal(set.statusCode, 200);
    assert.deepEqual(set.json(), { aggregates: [a, b] });
    assert.equal(await fx.generation(rp), 0);
    const shown = await placement.request('GET', path(rp), { version: '1.18' });
    assert.deepEqual([...shown.json().aggregates].sort(), [a, b].sort());
    const early = await placement.request('GET', path(rp), { version: '1.0' });
    assert.equal(early.statusCode, 404);
    const dup = await placement.request('PUT', path(rp), { version: '1.1', body: [a, a] });
    assert.match(errorMessage(dup), /has non-unique elements/);
  });

  test('from 1.19 the body names the generation read, and every PUT moves it', async () => {
    const rp = await fx.provider('agg-new');
    const a = randomUUID();
    const set = await fx.call('PUT', path(rp), { aggregates: [a], resource_provider_generation: 0 }, 200);
    assert.deepEqual(set.json(), { aggregates: [a], resource_provider_generation: 1 });
    const again = await fx.call('PUT', path(rp), { aggregates: [a], resource_provider_generation: 1 }, 200);
    assert.equal(again.json().resource_provider_generation, 2);
    const stale = await fx.call('PUT', path(rp), { aggregates: [], resource_provider_generation: 1 }, 409);
    assert.equal(errorCode(stale), 'placement.concurrent_update');
    const list = await fx.call('PUT', path(rp), [a], 400);
    assert.match(errorMessage(list), /is not of type 'object'/);
    const notUuid = await fx.call(
      'PUT',
      path(rp),
      { aggregates: ['x'], resource_provider_generation: 2 },
      400,
    );
    assert.match(errorMessage(notUuid), /'x' is not a 'uuid'/);
    assert.deepEqual((await fx.call('GET', path(rp), undefined, 200)).json(), {
      aggregates: [a],
      resource_provider_generation: 2,
    });
    await fx.call('GET', path(randomUUID()), undefined, 404);
  });
});
