import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import type { ComputeSchema } from '../db/schema.js';

export const SERVER_GROUP_POLICIES = [
  'anti-affinity',
  'affinity',
  'soft-anti-affinity',
  'soft-affinity',
] as const;
export type ServerGroupPolicy = (typeof SERVER_GROUP_POLICIES)[number];

export interface ServerGroupRules {
  max_server_per_host?: number;
}

export interface ServerGroup {
  uuid: string;
  name: string;
  projectId: string;
  userId: string;
  policy: ServerGroupPolicy;
  rules: ServerGroupRules;
  members: string[];
}

export interface NewServerGroup {
  name: string;
  projectId: string;
  userId: string;
  policy: ServerGroupPolicy;
  rules: ServerGroupRules;
}

/** Nova's InstanceGroupNotFound. */
function groupNotFound(uuid: string): NotFound {
  return new NotFound(`Instance group ${uuid} could not be found.`);
}

/**
 * Server groups and their members. A `projectId` scope hides other projects' groups, as Nova's
 * group query does for non-admin callers.
 */
export class ServerGroupsRepo {
  constructor(private readonly db: Kysely<ComputeSchema>) {}

  async create(group: NewServerGroup, now: Date): Promise<ServerGroup> {
    const uuid = randomUUID();
    await this.db
      .insertInto('server_groups')
      .values({
        uuid,
        name: group.name,
        project_id: group.projectId,
        user_id: group.userId,
        policy: group.policy,
        rules: JSON.stringify(group.rules),
        created_at: now.toISOString(),
      })
      .execute();
    return { uuid, ...group, members: [] };
  }

  async get(uuid: string, projectId?: string): Promise<ServerGroup> {
    let query = this.db.selectFrom('server_groups').selectAll().where('uuid', '=', uuid);
    if (projectId !== undefined) query = query.where('project_id', '=', projectId);
    const row = await query.executeTakeFirst();
    if (!row) throw groupNotFound(uuid);
    return (await this.withMembers([row]))[0];
  }

  /** Groups in creation order, of one project or (no `projectId`) of all. */
  async list(projectId?: string): Promise<ServerGroup[]> {
    let query = this.db.selectFrom('server_groups').selectAll().orderBy('id');
    if (projectId !== undefined) query = query.where('project_id', '=', projectId);
    return this.withMembers(await query.execute());
  }

  async delete(uuid: string): Promise<void> {
    const result = await this.db.deleteFrom('server_groups').where('uuid', '=', uuid).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw groupNotFound(uuid);
  }

  private async withMembers(
    rows: {
      id: number;
      uuid: string;
      name: string;
      project_id: string;
      user_id: string;
      policy: string;
      rules: string;
    }[],
  ): Promise<ServerGroup[]> {
    const ids = rows.map((row) => row.id);
    const members =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('server_group_members')
            .select(['group_id', 'instance_uuid'])
            .where('group_id', 'in', ids)
            .orderBy('instance_uuid')
            .execute();
    return rows.map((row) => ({
      uuid: row.uuid,
      name: row.name,
      projectId: row.project_id,
      userId: row.user_id,
      policy: row.policy as ServerGroupPolicy,
      rules: JSON.parse(row.rules) as ServerGroupRules,
      members: members.filter((member) => member.group_id === row.id).map((member) => member.instance_uuid),
    }));
  }
}
