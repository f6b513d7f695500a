import type { Kysely } from 'kysely';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { identityMigrations } from '../../../../src/identity/db/migrations/index.js';
import type { AssignmentType, IdentitySchema } from '../../../../src/identity/db/schema.js';
import { newId } from '../../../../src/identity/ids.js';

type Db = Kysely<IdentitySchema>;
const AT = '2026-01-01T00:00:00.000000Z';

/** Rows written straight to the identity tables, so assignment tests need no other API. */
export class Fixtures {
  constructor(readonly db: Db) {}

  static async inMemory(): Promise<Fixtures> {
    const { db } = connectMemory<IdentitySchema>();
    await migrate(db as Kysely<unknown>, 'identity', identityMigrations);
    return new Fixtures(db);
  }

  async domain(name: string): Promise<string> {
    const id = newId();
    await this.db
      .insertInto('domain')
      .values({ id, name, description: '', enabled: 1, extra: '{}', created_at: AT })
      .execute();
    return id;
  }

  async project(name: string, domainId: string, parentId: string | null = null): Promise<string> {
    const id = newId();
    await this.db
      .insertInto('project')
      .values({
        id,
        name,
        domain_id: domainId,
        parent_id: parentId,
        description: '',
        enabled: 1,
        extra: '{}',
        created_at: AT,
      })
      .execute();
    return id;
  }

  async user(name: string, domainId: string): Promise<string> {
    const id = newId();
    await this.db
      .insertInto('user')
      .values({
        id,
        name,
        domain_id: domainId,
        enabled: 1,
        default_project_id: null,
        extra: '{}',
        options: '{}',
        failed_auth_count: 0,
        failed_auth_at: null,
        last_active_at: null,
        created_at: AT,
      })
      .execute();
    return id;
  }

  async group(name: string, domainId: string, members: string[] = []): Promise<string> {
    const id = newId();
    await this.db
      .insertInto('group')
      .values({ id, name, domain_id: domainId, description: '', extra: '{}' })
      .execute();
    for (const userId of members) await this.member(id, userId);
    return id;
  }

  async member(groupId: string, userId: string): Promise<void> {
    await this.db
      .insertInto('user_group_membership')
      .values({ group_id: groupId, user_id: userId })
      .execute();
  }

  async role(name: string, domainId: string | null = null): Promise<string> {
    const id = newId();
    await this.db
      .insertInto('role')
      .values({ id, name, domain_id: domainId, description: '', options: '{}', extra: '{}' })
      .execute();
    return id;
  }

  async imply(priorId: string, impliedId: string): Promise<void> {
    await this.db
      .insertInto('implied_role')
      .values({ prior_role_id: priorId, implied_role_id: impliedId })
      .execute();
  }

  async grant(type: AssignmentType, actorId: string, targetId: string, roleId: string, inherited = false) {
    await this.db
      .insertInto('assignment')
      .values({ type, actor_id: actorId, target_id: targetId, role_id: roleId, inherited: inherited ? 1 : 0 })
      .execute();
  }
}
