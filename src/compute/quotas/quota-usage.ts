import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';
import type { QuotaResource } from './resources.js';

export type QuotaCounts = Partial<Record<QuotaResource, number>>;

/**
 * What a project (or one user within it) uses of each countable resource; resources left out
 * count as 0. Servers plug their counts in here when they exist.
 */
export interface QuotaUsage {
  count(projectId: string, userId?: string): Promise<QuotaCounts>;
}

/**
 * Counts from the database, as Nova's legacy counters: instances, cores and ram over the live
 * (not deleted) servers of the project or of one user within it; server groups likewise; key
 * pairs belong to users, so they count only for a user.
 */
export class DbQuotaUsage implements QuotaUsage {
  constructor(private readonly db: Kysely<ComputeSchema>) {}

  async count(projectId: string, userId?: string): Promise<QuotaCounts> {
    let groups = this.db
      .selectFrom('server_groups')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('project_id', '=', projectId);
    if (userId !== undefined) groups = groups.where('user_id', '=', userId);
    const serverGroups = Number((await groups.executeTakeFirstOrThrow()).count);
    let servers = this.db
      .selectFrom('instances')
      .select((eb) => [
        eb.fn.countAll<number>().as('instances'),
        eb.fn.coalesce(eb.fn.sum<number>('vcpus'), eb.lit(0)).as('cores'),
        eb.fn.coalesce(eb.fn.sum<number>('memory_mb'), eb.lit(0)).as('ram'),
      ])
      .where('project_id', '=', projectId)
      .where('deleted', '=', 0);
    if (userId !== undefined) servers = servers.where('user_id', '=', userId);
    const used = await servers.executeTakeFirstOrThrow();
    const instances = { instances: Number(used.instances), cores: Number(used.cores), ram: Number(used.ram) };
    if (userId === undefined) return { ...instances, server_groups: serverGroups };
    const { count } = await this.db
      .selectFrom('key_pairs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return { ...instances, key_pairs: Number(count), server_groups: serverGroups };
  }
}
