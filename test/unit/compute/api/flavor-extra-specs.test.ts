import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

describe('flavor extra specs', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
  });
  after(() => compute.close());

  test('set, list, show, update and delete', async () => {
    const set = await compute.request('POST', '/flavors/2/os-extra_specs', {
      body: { extra_specs: { 'hw:cpu_policy': 'dedicated', 'custom key': 3 } },
    });
    assert.equal(set.statusCode, 200);
    assert.deepEqual(set.json(), { extra_specs: { 'hw:cpu_policy': 'dedicated', 'custom key': 3 } });
    const list = await compute.request('GET', '/flavors/2/os-extra_specs', { caller: 'member' });
    assert.deepEqual(list.json(), { extra_specs: { 'hw:cpu_policy': 'dedicated', 'custom key': '3' } });
    const show = await compute.request('GET', '/flavors/2/os-extra_specs/hw:cpu_policy', {
      caller: 'member',
    });
    assert.deepEqual(show.json(), { 'hw:cpu_policy': 'dedicated' });
    const update = await compute.request('PUT', '/flavors/2/os-extra_specs/hw:cpu_policy', {
      body: { 'hw:cpu_policy': 'shared' },
    });
    assert.deepEqual(update.json(), { 'hw:cpu_policy': 'shared' });
    const embedded = await compute.request('GET', '/flavors/2', { version: '2.61' });
    assert.deepEqual(embedded.json().flavor.extra_specs, { 'hw:cpu_policy': 'shared', 'custom key': '3' });
    const removed = await compute.request('DELETE', '/flavors/2/os-extra_specs/custom key');
    assert.equal(removed.statusCode, 200);
    const gone = await compute.request('GET', '/flavors/2/os-extra_specs/custom key');
    assert.deepEqual(gone.json(), {
      itemNotFound: { code: 404, message: 'Flavor 2 has no extra specs with key custom key.' },
    });
  });

  test('a PUT whose body names another key is a 400', async () => {
    const response = await compute.request('PUT', '/flavors/2/os-extra_specs/a', { body: { b: '1' } });
    assert.deepEqual(response.json(), {
      badRequest: { code: 400, message: 'Request body and URI mismatch' },
    });
  });

  test('bad keys are refused by the schema', async () => {
    const response = await compute.request('POST', '/flavors/2/os-extra_specs', {
      body: { extra_specs: { 'a/b': 'x' } },
    });
    assert.equal(response.statusCode, 400);
  });

  test('from 2.86 known namespaces are validated', async () => {
    const cases: Array<[Record<string, string>, string | undefined]> = [
      [{ 'hw:cpu_policy': 'dedicated' }, undefined],
      [{ 'hw:cpu_policy': 'bogus' }, "Validation failed; 'bogus' is not one of: dedicated, shared, mixed."],
      [{ 'hw:numa_nodes': 'two' }, "Validation failed; 'two' is not a valid integer value."],
      [{ 'hw_rng:allowed': 'perhaps' }, "Validation failed; 'perhaps' is not a valid boolean-like value."],
      [
        { 'hw:no_such_thing': '1' },
        "Validation failed; extra spec 'hw:no_such_thing' does not appear to be a valid extra spec.",
      ],
      [{ 'resources:VCPU': '2' }, undefined],
      [{ 'resources1:CUSTOM_GPU': 'x' }, "Validation failed; 'x' is not a valid integer value."],
      [{ 'trait:HW_CPU_X86_AVX': 'required' }, undefined],
      [
        { 'trait:HW_CPU_X86_AVX': 'wanted' },
        "Validation failed; 'wanted' is not one of: required, forbidden.",
      ],
      [{ 'aggregate_instance_extra_specs:ssd': 'true' }, undefined],
      [{ 'mine:anything': 'goes' }, undefined],
    ];
    for (const [specs, message] of cases) {
      const response = await compute.request('POST', '/flavors/3/os-extra_specs', {
        version: '2.86',
        body: { extra_specs: specs },
      });
      if (message === undefined) assert.equal(response.statusCode, 200, JSON.stringify(specs));
      else assert.deepEqual(response.json(), { badRequest: { code: 400, message } }, JSON.stringify(specs));
    }
    const before286 = await compute.request('POST', '/flavors/3/os-extra_specs', {
      version: '2.85',
      body: { extra_specs: { 'hw:cpu_policy': 'bogus' } },
    });
    assert.equal(before286.statusCode, 200);
  });

  test('only admins write extra specs', async () => {
    const response = await compute.request('POST', '/flavors/2/os-extra_specs', {
      caller: 'member',
      body: { extra_specs: { a: 'b' } },
    });
    assert.equal(
      response.json().forbidden.message,
      "Policy doesn't allow os_compute_api:os-flavor-extra-specs:create to be performed.",
    );
  });
});
