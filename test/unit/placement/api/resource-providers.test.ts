import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { errorCode, errorMessage, placementFixtures } from '../../../helpers/placement-fixtures.js';

describe('resource providers', () => {
  let placement: PlacementTestApp;
  let fx: ReturnType<typeof placementFixtures>;
  before(async () => {
    placement = await placementTestApp();
    fx = placementFixtures(placement);
  });
  after(() => placement.close());

  const names = async (query: string, version = '1.39') => {
    const response = await placement.request('GET', `/resource_providers${query}`, { version });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().resource_providers.map((rp: { name: string }) => rp.name);
  };

  test('POST answers 201 without a body before 1.20 and the provider from 1.20', async () => {
    const old = await placement.request('POST', '/resource_providers', {
      version: '1.19',
      body: { name: 'old-style' },
    });
    assert.equal(old.statusCode, 201);
    assert.equal(old.body, '');
    assert.match(
      String(old.headers.location),
      /^http:\/\/stratus\.test\/placement\/resource_providers\/[0-9a-f-]{36}$/,
    );
    const uuid = '0000000000000000000000000000abcd';
    const created = await placement.request('POST', '/resource_providers', {
      version: '1.20',
      body: { name: 'new-style', uuid },
    });
    assert.equal(created.statusCode, 200);
    const body = created.json();
    assert.equal(body.uuid, '00000000-0000-0000-0000-00000000abcd', 'uuids are stored in their dashed form');
    assert.equal(body.generation, 0);
    assert.equal(body.root_provider_uuid, body.uuid);
    assert.equal(body.parent_provider_uuid, null);
    assert.deepEqual(
      body.links.map((link: { rel: string }) => link.rel),
      ['self', 'inventories', 'usages', 'aggregates', 'traits', 'allocations'],
    );
    assert.equal(body.links[0].href, `/placement/resource_providers/${body.uuid}`);
  });

  test('links and tree fields appear with their microversions', async () => {
    const uuid = await fx.provider('versioned-view');
    const at10 = (await placement.request('GET', `/resource_providers/${uuid}`)).json();
    assert.deepEqual(
      at10.links.map((link: { rel: string }) => link.rel),
      ['self', 'inventories', 'usages'],
    );
    assert.equal('root_provider_uuid' in at10, false);
    const at114 = (await placement.request('GET', `/resource_providers/${uuid}`, { version: '1.14' })).json();
    assert.equal(at114.root_provider_uuid, uuid);
  });

  test('names and uuids are unique: 409 placement.duplicate_name', async () => {
    const uuid = await fx.provider('unique-name');
    const byName = await fx.call('POST', '/resource_providers', { name: 'unique-name' }, 409);
    assert.equal(errorMessage(byName), 'Conflicting resource provider name: unique-name already exists.');
    assert.equal(errorCode(byName), 'placement.duplicate_name');
    const byUuid = await fx.call('POST', '/resource_providers', { name: 'other-name', uuid }, 409);
    assert.equal(errorMessage(byUuid), `Conflicting resource provider uuid: ${uuid} already exists.`);
    const other = await fx.provider('rename-me');
    const rename = await fx.call('PUT', `/resource_providers/${other}`, { name: 'unique-name' }, 409);
    assert.equal(errorMessage(rename), 'Conflicting resource provider unique-name already exists.');
  });

  test('bad bodies are 400s naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /'name' is a required property/],
      [{ name: 'x'.repeat(201) }, /is too long.*On instance\['name'\]/],
      [{ name: 'ok', uuid: 'nope' }, /'nope' is not a 'uuid'/],
      [{ name: 'ok', extra: 1 }, /Additional properties are not allowed \('extra' was unexpected\)/],
      [{ name: 5 }, /5 is not of type 'string'/],
    ];
    for (const [body, message] of cases) {
      const response = await fx.call('POST', '/resource_providers', body, 400);
      assert.match(errorMessage(response), message);
    }
    const parentTooEarly = await placement.request('POST', '/resource_providers', {
      version: '1.13',
      body: { name: 'early', parent_provider_uuid: randomUUID() },
    });
    assert.match(errorMessage(parentTooEarly), /'parent_provider_uuid' was unexpected/);
  });

  test('trees: children share the root; a parent must exist and differ from the child', async () => {
    const root = await fx.provider('tree-root');
    const child = await fx.provider('tree-child', root);
    const grandchild = await fx.provider('tree-grandchild', child);
    const shown = (await fx.call('GET', `/resource_providers/${grandchild}`, undefined, 200)).json();
    assert.equal(shown.parent_provider_uuid, child);
    assert.equal(shown.root_provider_uuid, root);
    assert.deepEqual(await names(`?in_tree=${grandchild}`), ['tree-root', 'tree-child', 'tree-grandchild']);
    const missing = randomUUID();
    const orphan = await fx.call(
      'POST',
      '/resource_providers',
      { name: 'orphan', parent_provider_uuid: missing },
      400,
    );
    assert.match(
      errorMessage(orphan),
      /Object action create failed because: parent provider UUID does not exist\./,
    );
    const self = randomUUID();
    const loop = await fx.call(
      'POST',
      '/resource_providers',
      { name: 'self', uuid: self, parent_provider_uuid: self },
      400,
    );
    assert.match(errorMessage(loop), /parent provider UUID cannot be same as UUID/);
  });

  test('reparenting: before 1.37 only a root may gain a parent; from 1.37 moves take the subtree', async () => {
    const a = await fx.provider('move-a');
    const b = await fx.provider('move-b');
    const child = await fx.provider('move-child', a);
    const leaf = await fx.provider('move-leaf', child);
    const put = (uuid: string, body: object, version: string) =>
      placement.request('PUT', `/resource_providers/${uuid}`, { version, body });
    const early = await put(child, { name: 'move-child', parent_provider_uuid: b }, '1.36');
    assert.equal(early.statusCode, 400);
    assert.match(errorMessage(early), /re-parenting a provider is not currently allowed\./);
    const unparent = await put(child, { name: 'move-child', parent_provider_uuid: null }, '1.36');
    assert.match(errorMessage(unparent), /un-parenting a provider is not currently allowed\./);
    const adopt = await put(b, { name: 'move-b', parent_provider_uuid: a }, '1.14');
    assert.equal(adopt.statusCode, 200);
    assert.equal(adopt.json().root_provider_uuid, a);

    const loop = await put(a, { name: 'move-a', parent_provider_uuid: leaf }, '1.37');
    assert.match(errorMessage(loop), /creating loop in the provider tree is not allowed\./);
    const moved = await put(child, { name: 'move-child', parent_provider_uuid: null }, '1.37');
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.json().root_provider_uuid, child);
    const leafNow = (await fx.call('GET', `/resource_providers/${leaf}`, undefined, 200)).json();
    assert.equal(leafNow.root_provider_uuid, child, 'the subtree follows');
    await put(child, { name: 'move-child', parent_provider_uuid: b }, '1.37');
    assert.equal((await fx.call('GET', `/resource_providers/${leaf}`)).json().root_provider_uuid, a);
  });

  test('a provider with children or allocations cannot be deleted', async () => {
    const parent = await fx.provider('busy-parent');
    const child = await fx.provider('busy-child', parent);
    const refused = await fx.call('DELETE', `/resource_providers/${parent}`, undefined, 409);
    assert.equal(errorCode(refused), 'placement.resource_provider.cannot_delete_parent');
    await fx.inventory(child, { VCPU: 4 });
    const consumer = randomUUID();
    assert.equal((await fx.allocate(consumer, { [child]: { VCPU: 1 } })).statusCode, 204);
    const inUse = await fx.call('DELETE', `/resource_providers/${child}`, undefined, 409);
    assert.equal(
      errorMessage(inUse),
      `Unable to delete resource provider ${child}: Resource provider has allocations.`,
    );
    assert.equal(errorCode(inUse), 'placement.resource_provider.inuse');
    await fx.call('DELETE', `/allocations/${consumer}`, undefined, 204);
    await fx.call('DELETE', `/resource_providers/${child}`, undefined, 204);
    await fx.call('DELETE', `/resource_providers/${parent}`, undefined, 204);
    const gone = await fx.call('DELETE', `/resource_providers/${parent}`, undefined, 404);
    assert.equal(errorMessage(gone), `No resource provider with uuid ${parent} found for delete`);
  });

  test('list filters: name, uuid, resources (capacity and limits)', async () => {
    const big = await fx.provider('filter-big');
    const small = await fx.provider('filter-small');
    await fx.inventory(big, { VCPU: 8, MEMORY_MB: 4096 }, { MEMORY_MB: { step_size: 512 } });
    await fx.inventory(small, { VCPU: 2 }, { VCPU: { allocation_ratio: 2 } });
    assert.deepEqual(await names('?name=filter-big'), ['filter-big']);
    assert.deepEqual(await names(`?uuid=${small}`, '1.0'), ['filter-small']);
    assert.deepEqual(await names('?resources=VCPU:4&name=filter-small'), ['filter-small'], 'ratio counts');
    assert.deepEqual(await names('?resources=VCPU:5&name=filter-small'), []);
    assert.deepEqual(await names('?resources=MEMORY_MB:1024&name=filter-big'), ['filter-big']);
    assert.deepEqual(await names('?resources=MEMORY_MB:1000&name=filter-big'), [], 'step_size counts');
    await fx.allocate(randomUUID(), { [small]: { VCPU: 3 } });
    assert.deepEqual(await names('?resources=VCPU:2&name=filter-small'), [], 'usage counts');
    const unknown = await fx.call('GET', '/resource_providers?resources=CUSTOM_NOPE:1', undefined, 400);
    assert.equal(
      errorMessage(unknown),
      'Invalid resource class in resources parameter: No such resource class CUSTOM_NOPE.',
    );
    const badAmount = await fx.call('GET', '/resource_providers?resources=VCPU:0', undefined, 400);
    assert.equal(errorMessage(badAmount), 'Requested resource VCPU requires amount >= 1. Got: 0.');
    const badForm = await fx.call('GET', '/resource_providers?resources=VCPU', undefined, 400);
    assert.match(errorMessage(badForm), /Badly formed resources parameter/);
  });

  test('list filters: member_of with in: and ! (1.32), several from 1.24', async () => {
    const [agg1, agg2] = [randomUUID(), randomUUID()];
    const one = await fx.provider('agg-one');
    const both = await fx.provider('agg-both');
    await fx.call(
      'PUT',
      `/resource_providers/${one}/aggregates`,
      { aggregates: [agg1], resource_provider_generation: 0 },
      200,
    );
    await fx.call(
      'PUT',
      `/resource_providers/${both}/aggregates`,
      { aggregates: [agg1, agg2], resource_provider_generation: 0 },
      200,
    );
    assert.deepEqual(await names(`?member_of=${agg1}`), ['agg-one', 'agg-both']);
    assert.deepEqual(await names(`?member_of=in:${agg2},${randomUUID()}`), ['agg-both']);
    assert.deepEqual(await names(`?member_of=${agg1}&member_of=${agg2}`), ['agg-both']);
    assert.deepEqual(await names(`?member_of=${agg1}&member_of=!${agg2}`), ['agg-one']);
    const early = await placement.request('GET', `/resource_providers?member_of=!${agg2}`, {
      version: '1.31',
    });
    assert.equal(
      errorMessage(early),
      'Forbidden member_of parameters are not supported in the specified microversion',
    );
    const several = await placement.request(
      'GET',
      `/resource_providers?member_of=${agg1}&member_of=${agg2}`,
      {
        version: '1.23',
      },
    );
    assert.equal(errorMessage(several), 'Multiple member_of parameters are not supported');
    const comma = await fx.call('GET', `/resource_providers?member_of=${agg1},${agg2}`, undefined, 400);
    assert.match(errorMessage(comma), /must be prefixed with the 'in:' or '!in:' keyword/);
    const bad = await fx.call('GET', '/resource_providers?member_of=in:nope', undefined, 400);
    assert.match(errorMessage(bad), /Expected 'member_of' parameter to contain valid UUID\(s\)\. Got: nope/);
  });

  test('list filters: required traits, forbidden (1.22) and any-of (1.39)', async () => {
    await fx.call('PUT', '/traits/CUSTOM_GOLD', undefined, 201);
    await fx.call('PUT', '/traits/CUSTOM_SILVER', undefined, 201);
    const gold = await fx.provider('trait-gold');
    const silver = await fx.provider('trait-silver');
    await fx.call(
      'PUT',
      `/resource_providers/${gold}/traits`,
      { traits: ['CUSTOM_GOLD'], resource_provider_generation: 0 },
      200,
    );
    await fx.call(
      'PUT',
      `/resource_providers/${silver}/traits`,
      { traits: ['CUSTOM_SILVER'], resource_provider_generation: 0 },
      200,
    );
    assert.deepEqual(await names('?required=CUSTOM_GOLD'), ['trait-gold']);
    assert.deepEqual(await names('?required=in:CUSTOM_GOLD,CUSTOM_SILVER'), ['trait-gold', 'trait-silver']);
    assert.deepEqual(await names('?required=CUSTOM_GOLD&required=CUSTOM_SILVER'), []);
    assert.deepEqual(
      await names('?required=CUSTOM_GOLD&required=CUSTOM_SILVER', '1.38'),
      ['trait-silver'],
      'the last counts before 1.39',
    );
    assert.ok(!(await names('?required=!CUSTOM_GOLD')).includes('trait-gold'));
    const early = await placement.request('GET', '/resource_providers?required=!CUSTOM_GOLD', {
      version: '1.21',
    });
    assert.match(
      errorMessage(early),
      /Expected 'required' parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC/,
    );
    const anyEarly = await placement.request('GET', '/resource_providers?required=in:CUSTOM_GOLD', {
      version: '1.38',
    });
    assert.match(errorMessage(anyEarly), /only supported since microversion 1\.39/);
    const unknown = await fx.call('GET', '/resource_providers?required=CUSTOM_NOPE', undefined, 400);
    assert.equal(
      errorMessage(unknown),
      'Invalid trait(s) in "required" parameter: No such trait(s): CUSTOM_NOPE.',
    );
    const tooEarly = await placement.request('GET', '/resource_providers?required=CUSTOM_GOLD', {
      version: '1.17',
    });
    assert.match(
      errorMessage(tooEarly),
      /Additional properties are not allowed \('required' was unexpected\)/,
    );
  });

  test('unknown query parameters are 400s', async () => {
    const response = await fx.call('GET', '/resource_providers?colour=blue', undefined, 400);
    assert.match(
      errorMessage(response),
      /Invalid query string parameters: Additional properties are not allowed \('colour' was unexpected\)/,
    );
  });
});
