import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';
import { isQuotaResource, type QuotaResource } from './resources.js';

export type QuotaRows = Partial<Record<QuotaResource, number>>;

function toValues(rows: { resource: string; hard_limit: number }[]): QuotaRows {
  const values: QuotaRows = {};
  for (const row of rows) if (isQuotaResource(row.resource)) values[row.resource] = row.hard_limit;
  return values;
}

/** The limits admins set: per project, per user within a project, per quota class. */
export class QuotaStore {
  constructor(private readonly db: Kysely<ComputeSchema>) {}

  async project(projectId: string): Promise<QuotaRows> {
    const rows = await this.db
      .selectFrom('quotas')
      .select(['resource', 'hard_limit'])
      .where('project_id', '=', projectId)
      .where('user_id', 'is', null)
      .execute();
    return toValues(rows);
  }

  async user(projectId: string, userId: string): Promise<QuotaRows> {
    const rows = await this.db
      .selectFrom('quotas')
      .select(['resource', 'hard_limit'])
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .execute();
    return toValues(rows);
  }

  /** Every user limit in a project, for what the project has left to give out. */
  async allUsers(projectId: string): Promise<{ resource: string; hard_limit: number }[]> {
    return this.db
      .selectFrom('quotas')
      .select(['resource', 'hard_limit'])
      .where('project_id', '=', projectId)
      .where('user_id', 'is not', null)
      .execute();
  }

  async quotaClass(name: string): Promise<QuotaRows> {
    const rows = await this.db
      .selectFrom('quota_classes')
      .select(['resource', 'hard_limit'])
      .where('class_name', '=', name)
      .execute();
    return toValues(rows);
  }

  /** Creates or replaces a project's (no user) or a user's limit. */
  async setLimit(projectId: string, userId: string | null, resource: string, limit: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      let query = trx
        .deleteFrom('quotas')
        .where('project_id', '=', projectId)
        .where('resource', '=', resource);
      query = userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId);
      await query.execute();
      await trx
        .insertInto('quotas')
        .values({ project_id: projectId, user_id: userId, resource, hard_limit: limit })
        .execute();
    });
  }

  async setClassLimit(name: string, resource: string, limit: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('quota_classes')
        .where('class_name', '=', name)
        .where('resource', '=', resource)
        .execute();
      await trx
        .insertInto('quota_classes')
        .values({ class_name: name, resource, hard_limit: limit })
        .execute();
    });
  }

  /** A user's limits, or a project's together with all its users' (Nova's destroy_all_by_project). */
  async deleteAll(projectId: string, userId?: string): Promise<void> {
    let query = this.db.deleteFrom('quotas').where('project_id', '=', projectId);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    await query.execute();
  }
}
