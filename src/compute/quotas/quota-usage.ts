import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';
import type { QuotaResource } from './resources.js';

export type QuotaCounts = Partial<Record<QuotaResource, number>>;

/**
 * What a project (or one user within it) uses of each countable resource; resources left out
 * count as 0. Servers and server groups plug their counts in here when they exist.
 */
export interface QuotaUsage {
  count(projectId: string, userId?: string): Promise<QuotaCounts>;
}

/**
 * Today's counts: no servers or server groups yet, so instances, cores, ram and server groups
 * are 0. Key pairs belong to users, so they count only for a user (as Nova's counter does).
 */
export class DbQuotaUsage implements QuotaUsage {
  constructor(private readonly db: Kysely<ComputeSchema>) {}

  async count(_projectId: string, userId?: string): Promise<QuotaCounts> {
    if (userId === undefined) return {};
    const { count } = await this.db
      .selectFrom('key_pairs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return { key_pairs: Number(count) };
  }
}
