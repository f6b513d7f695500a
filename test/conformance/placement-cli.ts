/**
 * The placement part of the CLI checks: Debian's `openstack` CLI with its osc-placement plugin,
 * as an operator drives it: a provider tree, its inventory and traits, allocation candidates, a
 * consumer's allocations and the usages they make, and the refusals on the way. Each command
 * asks for the microversion that its options need, as osc-placement's help says.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { needs, type Checks } from './checks.js';
import { json, openstack, refused, succeeds, type Json } from './cli.js';
import type { OpenRc } from './openrc.js';

/** `--os-placement-api-version`: osc-placement speaks 1.0 unless told otherwise. */
const at = (version: string) => ['--os-placement-api-version', version];
const NESTED = at('1.14');
const TRAITS = at('1.6');
const CANDIDATES = at('1.10');
const CANDIDATES_WITH_TRAITS = at('1.17');
const FORBIDDEN_TRAITS = at('1.22');
const PROJECT_USAGES = at('1.9');
const LATEST = at('1.39');

const INVENTORY = { VCPU: 8, MEMORY_MB: 4096 };
const ALLOCATION = { VCPU: 2, MEMORY_MB: 512 };

/** "VCPU=0/8,MEMORY_MB=0/4096" (a candidate's `inventory used/capacity`) as a map; order is free. */
function parsePairs(text: unknown): Record<string, string> {
  return Object.fromEntries(
    String(text)
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
}

/** A candidate's `inventory used/capacity` of the classes given (all of them from 1.27 on). */
const usedOf = (used: Record<string, number>, classes = Object.keys(INVENTORY)) =>
  Object.fromEntries(
    classes.map((rc) => [rc, `${used[rc] ?? 0}/${INVENTORY[rc as keyof typeof INVENTORY]}`]),
  );

async function candidates(env: OpenRc, args: string[]): Promise<Json[]> {
  return json<Json[]>(env, ['allocation', 'candidate', 'list', ...args]);
}

/** The usages of `resource provider usage show` or `resource usage show` as { class: usage }. */
async function usages(env: OpenRc, args: string[]): Promise<Record<string, number>> {
  const rows = await json<Json[]>(env, args);
  return Object.fromEntries(rows.map((row) => [String(row.resource_class), Number(row.usage)]));
}

export async function runPlacementChecks(checks: Checks, admin: OpenRc): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const name = `conformance-${suffix}`;
  const trait = `CUSTOM_CONFORMANCE_${suffix.toUpperCase()}`;
  const consumer = randomUUID();
  // Placement takes the consumer's project and user on trust; fresh ids keep the usages ours alone.
  const projectId = randomBytes(16).toString('hex');
  const userId = randomBytes(16).toString('hex');

  const provider = await checks.check('admin: resource provider create', async () => {
    const created = await json(admin, ['resource', 'provider', 'create', name]);
    assert.equal(created.name, name);
    assert.equal(created.generation, 0);
    assert.match(String(created.uuid), /^[0-9a-f-]{36}$/);
    return String(created.uuid);
  });
  const rp = () => needs(provider, 'admin: resource provider create');

  const inventory = await checks.check('admin: resource provider inventory set', async () => {
    const resources = Object.entries(INVENTORY).flatMap(([rc, total]) => ['--resource', `${rc}=${total}`]);
    const set = await json<Json[]>(admin, ['resource', 'provider', 'inventory', 'set', rp(), ...resources]);
    const listed = await json<Json[]>(admin, ['resource', 'provider', 'inventory', 'list', rp()]);
    for (const rows of [set, listed]) {
      const byClass = new Map(rows.map((row) => [row.resource_class, row]));
      assert.deepEqual([...byClass.keys()].sort(), Object.keys(INVENTORY).sort(), 'resource classes');
      for (const [rc, total] of Object.entries(INVENTORY)) {
        // `inventory list` adds the usage of each class.
        const { used, ...row } = byClass.get(rc) as Json;
        if (rows === listed) assert.equal(used, 0, `${rc} used`);
        assert.deepEqual(
          { ...row, allocation_ratio: Number(row.allocation_ratio) },
          {
            resource_class: rc,
            total,
            reserved: 0,
            min_unit: 1,
            max_unit: 2147483647,
            step_size: 1,
            allocation_ratio: 1,
          },
          `${rc} inventory with the default reserved, min/max unit, step and ratio`,
        );
      }
    }
    const shown = await json(admin, ['resource', 'provider', 'show', rp()]);
    assert.equal(shown.generation, 1, 'one inventory change, one generation');
    return true;
  });

  const traits = await checks.check('admin: trait create, resource provider trait set', async () => {
    await succeeds(admin, [...TRAITS, 'trait', 'create', trait]);
    const wanted = ['HW_CPU_X86_AVX2', trait];
    const set = await json<Json[]>(admin, [
      ...TRAITS,
      'resource',
      'provider',
      'trait',
      'set',
      rp(),
      ...wanted.flatMap((t) => ['--trait', t]),
    ]);
    const listed = await json<Json[]>(admin, [...TRAITS, 'resource', 'provider', 'trait', 'list', rp()]);
    for (const rows of [set, listed]) assert.deepEqual(rows.map((row) => row.name).sort(), wanted.sort());
    return true;
  });

  await checks.check('admin: allocation candidate list --resource VCPU=2', async () => {
    needs(inventory, 'admin: resource provider inventory set');
    const found = (await candidates(admin, [...CANDIDATES, '--resource', 'VCPU=2'])).filter(
      (candidate) => candidate['resource provider'] === rp(),
    );
    assert.equal(found.length, 1, 'the provider is one candidate');
    assert.deepEqual(parsePairs(found[0].allocation), { VCPU: '2' });
    // Before 1.27 a candidate shows only the requested classes.
    assert.deepEqual(parsePairs(found[0]['inventory used/capacity']), usedOf({}, ['VCPU']));
  });

  await checks.check('admin: allocation candidate list --required / --forbidden a trait', async () => {
    needs(traits, 'admin: trait create, resource provider trait set');
    const required = await candidates(admin, [
      ...CANDIDATES_WITH_TRAITS,
      '--resource',
      'VCPU=2',
      '--required',
      trait,
    ]);
    assert.deepEqual(
      required.map((c) => ({ provider: c['resource provider'], allocation: parsePairs(c.allocation) })),
      [{ provider: rp(), allocation: { VCPU: '2' } }],
      'only this provider has the trait',
    );
    assert.deepEqual(String(required[0].traits).split(',').sort(), ['HW_CPU_X86_AVX2', trait].sort());
    const forbidden = await candidates(admin, [
      ...FORBIDDEN_TRAITS,
      '--resource',
      'VCPU=2',
      '--forbidden',
      trait,
    ]);
    assert.ok(
      !forbidden.some((c) => c['resource provider'] === rp()),
      'not a candidate when its trait is forbidden',
    );
  });

  // After the candidate checks: upstream Placement (Zed, on PostgreSQL) answers 500 to a forbidden
  // trait once the cloud has provider trees.
  const child = await checks.check('admin: resource provider create --parent-provider', async () => {
    const created = await json(admin, [
      ...NESTED,
      'resource',
      'provider',
      'create',
      '--parent-provider',
      rp(),
      `${name}-child`,
    ]);
    assert.equal(created.parent_provider_uuid, rp(), 'parent_provider_uuid');
    assert.equal(created.root_provider_uuid, rp(), 'root_provider_uuid');
    const tree = await json<Json[]>(admin, [...NESTED, 'resource', 'provider', 'list', '--in-tree', rp()]);
    assert.deepEqual(tree.map((p) => p.uuid).sort(), [rp(), String(created.uuid)].sort(), 'list --in-tree');
    return String(created.uuid);
  });

  const allocated = await checks.check('admin: resource provider allocation set', async () => {
    needs(inventory, 'admin: resource provider inventory set');
    const allocations = Object.entries(ALLOCATION).flatMap(([rc, amount]) => [
      '--allocation',
      `rp=${rp()},${rc}=${amount}`,
    ]);
    const owner = ['--project-id', projectId, '--user-id', userId, '--consumer-type', 'INSTANCE'];
    const expected = {
      resource_provider: rp(),
      resources: ALLOCATION,
      project_id: projectId,
      user_id: userId,
      consumer_type: 'INSTANCE',
    };
    const set = await json<Json[]>(admin, [
      ...LATEST,
      'resource',
      'provider',
      'allocation',
      'set',
      consumer,
      ...allocations,
      ...owner,
    ]);
    const shown = await json<Json[]>(admin, [
      ...LATEST,
      'resource',
      'provider',
      'allocation',
      'show',
      consumer,
    ]);
    for (const rows of [set, shown]) {
      assert.deepEqual(
        rows.map(({ generation: _generation, ...row }) => row),
        [expected],
      );
    }
    return true;
  });

  await checks.check('admin: an allocation beyond the capacity is refused', async () => {
    needs(allocated, 'admin: resource provider allocation set');
    const args = [
      ...LATEST,
      'resource',
      'provider',
      'allocation',
      'set',
      randomUUID(),
      '--allocation',
      `rp=${rp()},VCPU=${INVENTORY.VCPU - ALLOCATION.VCPU + 1}`,
    ];
    const owner = ['--project-id', projectId, '--user-id', userId, '--consumer-type', 'INSTANCE'];
    await refused(
      admin,
      [...args, ...owner],
      [
        `Unable to create allocation for 'VCPU' on resource provider '${rp()}'. The requested amount would exceed the capacity.`,
        '(HTTP 409)',
      ],
    );
  });

  await checks.check('admin: resource provider usage show, resource usage show', async () => {
    needs(allocated, 'admin: resource provider allocation set');
    assert.deepEqual(await usages(admin, ['resource', 'provider', 'usage', 'show', rp()]), ALLOCATION);
    assert.deepEqual(
      await usages(admin, [...PROJECT_USAGES, 'resource', 'usage', 'show', projectId]),
      ALLOCATION,
    );
    const [candidate] = await candidates(admin, [...LATEST, '--resource', 'VCPU=2', '--required', trait]);
    assert.deepEqual(
      parsePairs(candidate?.['inventory used/capacity']),
      usedOf(ALLOCATION),
      'candidates count the usage, and show every class from 1.27 on',
    );
  });

  await checks.check(
    'admin: resource provider delete is refused while it has children, then allocations',
    async () => {
      const childUuid = needs(child, 'admin: resource provider create --parent-provider');
      needs(allocated, 'admin: resource provider allocation set');
      await refused(
        admin,
        ['resource', 'provider', 'delete', rp()],
        [`Unable to delete parent resource provider ${rp()}: It has child resource providers.`, '(HTTP 409)'],
      );
      assert.equal((await succeeds(admin, ['resource', 'provider', 'delete', childUuid])).trim(), '');
      await refused(
        admin,
        ['resource', 'provider', 'delete', rp()],
        [`Unable to delete resource provider ${rp()}: Resource provider has allocations.`, '(HTTP 409)'],
      );
    },
  );

  await checks.check('admin: resource provider allocation delete, resource provider delete', async () => {
    if (allocated) {
      assert.equal(
        (await succeeds(admin, ['resource', 'provider', 'allocation', 'delete', consumer])).trim(),
        '',
      );
      assert.deepEqual(await usages(admin, ['resource', 'provider', 'usage', 'show', rp()]), {
        VCPU: 0,
        MEMORY_MB: 0,
      });
    }
    // A child the previous check did not get to delete goes first (if it is gone, this fails).
    if (child) await openstack(admin, ['resource', 'provider', 'delete', child]);
    assert.equal((await succeeds(admin, ['resource', 'provider', 'delete', rp()])).trim(), '');
    await refused(
      admin,
      ['resource', 'provider', 'show', rp()],
      [`No resource provider with uuid ${rp()} found`, '(HTTP 404)'],
    );
    if (traits) await succeeds(admin, [...TRAITS, 'trait', 'delete', trait]);
  });
}
