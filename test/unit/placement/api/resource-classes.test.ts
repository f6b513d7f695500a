import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { errorMessage, placementFixtures } from '../../../helpers/placement-fixtures.js';
import { STANDARD_RESOURCE_CLASSES } from '../../../../src/placement/db/standard-resource-classes.js';

describe('resource classes', () => {
  let placement: PlacementTestApp;
  let fx: ReturnType<typeof placementFixtures>;
  before(async () => {
    placement = await placementTestApp();
    fx = placementFixtures(placement);
  });
  after(() => placement.close());

  test('the standard classes come first, in upstream order, with links; 1.2+', async () => {
    const listed = (await fx.call('GET', '/resource_classes', undefined, 200)).json().resource_classes;
    assert.deepEqual(
      listed.map((rc: { name: string }) => rc.name),
      STANDARD_RESOURCE_CLASSES,
    );
    assert.deepEqual(listed[0], {
      name: 'VCPU',
      links: [{ rel: 'self', href: '/placement/resource_classes/VCPU' }],
    });
    assert.equal((await placement.request('GET', '/resource_classes', { version: '1.1' })).statusCode, 404);
  });

  test('POST creates a CUSTOM_ class; standard and lower-case names are refused', async () => {
    const created = await fx.call('POST', '/resource_classes', { name: 'CUSTOM_FPGA_SLOT' }, 201);
    assert.equal(created.headers.location, 'http://stratus.test/placement/resource_classes/CUSTOM_FPGA_SLOT');
    const again = await fx.call('POST', '/resource_classes', { name: 'CUSTOM_FPGA_SLOT' }, 409);
    assert.equal(errorMessage(again), 'Conflicting resource class already exists: CUSTOM_FPGA_SLOT');
    for (const name of ['VCPU', 'CUSTOM_lower']) {
      const refused = await fx.call('POST', '/resource_classes', { name }, 400);
      assert.match(errorMessage(refused), /does not match '\^CUSTOM_\[A-Z0-9_\]\+\$'/);
    }
    assert.deepEqual(
      (await fx.call('GET', '/resource_classes/CUSTOM_FPGA_SLOT', undefined, 200)).json().name,
      'CUSTOM_FPGA_SLOT',
    );
    const missing = await fx.call('GET', '/resource_classes/CUSTOM_NOPE', undefined, 404);
    assert.equal(errorMessage(missing), 'No such resource class CUSTOM_NOPE.');
  });

  test('PUT renames before 1.7 and creates or confirms from 1.7', async () => {
    await fx.call('POST', '/resource_classes', { name: 'CUSTOM_OLD_NAME' }, 201);
    const renamed = await placement.request('PUT', '/resource_classes/CUSTOM_OLD_NAME', {
      version: '1.6',
      body: { name: 'CUSTOM_NEW_NAME' },
    });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.json().name, 'CUSTOM_NEW_NAME');
    const standard = await placement.request('PUT', '/resource_classes/VCPU', {
      version: '1.6',
      body: { name: 'CUSTOM_X' },
    });
    assert.equal(errorMessage(standard), 'Cannot update standard resource class VCPU');
    await fx.call('PUT', '/resource_classes/CUSTOM_PUT_MADE', undefined, 201);
    await fx.call('PUT', '/resource_classes/CUSTOM_PUT_MADE', undefined, 204);
    const notCustom = await fx.call('PUT', '/resource_classes/DISK_GB', undefined, 400);
    assert.match(errorMessage(notCustom), /'DISK_GB' does not match/);
  });

  test('DELETE: standard classes are refused, classes in inventory are in use', async () => {
    await fx.call('PUT', '/resource_classes/CUSTOM_USED', undefined, 201);
    const rp = await fx.provider('class-user');
    await fx.inventory(rp, { CUSTOM_USED: 3 });
    const inUse = await fx.call('DELETE', '/resource_classes/CUSTOM_USED', undefined, 409);
    assert.equal(
      errorMessage(inUse),
      'Error in delete resource class: Cannot delete resource class CUSTOM_USED. Class is in use in inventory.',
    );
    const standard = await fx.call('DELETE', '/resource_classes/VCPU', undefined, 400);
    assert.equal(
      errorMessage(standard),
      'Error in delete resource class: Cannot delete standard resource class VCPU.',
    );
    await fx.call('DELETE', `/resource_providers/${rp}/inventories`, undefined, 204);
    await fx.call('DELETE', '/resource_classes/CUSTOM_USED', undefined, 204);
    await fx.call('DELETE', '/resource_classes/CUSTOM_USED', undefined, 404);
  });
});
