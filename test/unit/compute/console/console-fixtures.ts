import type { Kysely } from 'kysely';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { computeMigrations } from '../../../../src/compute/db/migrations/index.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import { newInstanceRow } from '../../../helpers/instance-row.js';

const FLAVOR = {
  id: '1',
  name: 'm1.tiny',
  vcpus: 1,
  memoryMb: 64,
  rootGb: 0,
  ephemeralGb: 0,
  swapMb: 0,
  extraSpecs: {},
};

/** A settable clock, as the console code takes `now`. */
export class TestClock {
  constructor(public current: Date) {}
  readonly now = (): Date => this.current;
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** Compute's database in memory, migrated, for console tests. */
export async function consoleDatabase(): Promise<Kysely<ComputeSchema>> {
  const db = connectMemory<ComputeSchema>().db;
  await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
  return db;
}

/** A server row (running on `compute1`), whose uuid console tokens can name. */
export async function addServer(db: Kysely<ComputeSchema>): Promise<string> {
  const row = newInstanceRow({ projectId: 'p1', userId: 'u1' }, FLAVOR, {
    host: 'compute1',
    vm_state: 'active',
    task_state: null,
  });
  await db.insertInto('instances').values(row).execute();
  return row.uuid;
}
