import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PlacementSchema } from '../../src/placement/db/schema.js';
import { STANDARD_RESOURCE_CLASSES } from '../../src/placement/db/standard-resource-classes.js';

/**
 * Writes a cloud's worth of compute nodes straight into placement's tables: VCPU, MEMORY_MB and
 * DISK_GB inventories with the usual reservations and overcommit ratios, a few instances on
 * most of them, some CPU traits, a disabled node now and then, a rack aggregate each and an
 * availability-zone aggregate for some. Numbers come from a seeded generator, so every run
 * loads the same cloud.
 */

/** mulberry32: a small seeded generator of numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const classId = (name: string) => STANDARD_RESOURCE_CLASSES.indexOf(name);
const ROWS_PER_INSERT = 200;

async function insertMany<T extends keyof PlacementSchema>(
  db: Kysely<PlacementSchema>,
  table: T,
  rows: object[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    // Rows are built to the table's shape above; Kysely's per-table insert types add nothing here.
    await db
      .insertInto(table)
      .values(rows.slice(start, start + ROWS_PER_INSERT) as never)
      .execute();
  }
}

export async function seedComputeNodes(db: Kysely<PlacementSchema>, count: number): Promise<void> {
  const random = seededRandom(42);
  const created_at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const traitIds = new Map<string, number>();
    for (const name of ['HW_CPU_X86_AVX2', 'HW_CPU_X86_AVX512F', 'COMPUTE_STATUS_DISABLED']) {
      traitIds.set(
        name,
        (await trx.selectFrom('trait').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id,
      );
    }
    const gold = await trx
      .insertInto('trait')
      .values({ name: 'CUSTOM_GOLD', created_at })
      .returning('id')
      .executeTakeFirstOrThrow();
    traitIds.set('CUSTOM_GOLD', gold.id);
    const aggregates: number[] = [];
    for (let i = 0; i < 25; i++) {
      const row = await trx
        .insertInto('placement_aggregate')
        .values({ uuid: randomUUID() })
        .returning('id')
        .executeTakeFirstOrThrow();
      aggregates.push(row.id);
    }

    const providers = Array.from({ length: count }, (_, i) => ({
      uuid: randomUUID(),
      name: `compute-${String(i).padStart(4, '0')}`,
      generation: 1,
      created_at,
    }));
    await insertMany(trx, 'resource_provider', providers);
    const ids = (await trx.selectFrom('resource_provider').select('id').orderBy('id').execute()).map(
      (row) => row.id,
    );
    await trx
      .updateTable('resource_provider')
      .set((eb) => ({ root_provider_id: eb.ref('id') }))
      .execute();

    const inventories: object[] = [];
    const consumers: object[] = [];
    const allocations: object[] = [];
    const traits: object[] = [];
    const memberships: object[] = [];
    for (const id of ids) {
      const cpus = [32, 48, 64][Math.floor(random() * 3)];
      const memory = cpus * 4096;
      const inventory = (name: string, total: number, reserved: number, ratio: number) =>
        inventories.push({
          resource_provider_id: id,
          resource_class_id: classId(name),
          total,
          reserved,
          min_unit: 1,
          max_unit: total,
          step_size: 1,
          allocation_ratio: ratio,
          created_at,
        });
      inventory('VCPU', cpus, 0, 4);
      inventory('MEMORY_MB', memory, 512, 1.5);
      inventory('DISK_GB', 2000, 10, 1);
      const instances = Math.floor(random() * 12);
      for (let n = 0; n < instances; n++) {
        const consumer = randomUUID();
        consumers.push({ uuid: consumer, project_id: 'bench', user_id: 'bench', generation: 1, created_at });
        for (const [name, used] of [
          ['VCPU', 2],
          ['MEMORY_MB', 4096],
          ['DISK_GB', 40],
        ] as const) {
          allocations.push({
            resource_provider_id: id,
            consumer_id: consumer,
            resource_class_id: classId(name),
            used,
            created_at,
          });
        }
      }
      const has = (name: string, share: number) => {
        if (random() < share) traits.push({ resource_provider_id: id, trait_id: traitIds.get(name)! });
      };
      has('HW_CPU_X86_AVX2', 0.7);
      has('HW_CPU_X86_AVX512F', 0.3);
      has('CUSTOM_GOLD', 0.1);
      has('COMPUTE_STATUS_DISABLED', 0.02);
      memberships.push({ resource_provider_id: id, aggregate_id: aggregates[id % 20] });
      if (random() < 0.2)
        memberships.push({ resource_provider_id: id, aggregate_id: aggregates[20 + (id % 5)] });
    }
    await insertMany(trx, 'inventory', inventories);
    await insertMany(trx, 'consumer', consumers);
    await insertMany(trx, 'allocation', allocations);
    await insertMany(trx, 'resource_provider_trait', traits);
    await insertMany(trx, 'resource_provider_aggregate', memberships);
  });
}
