import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';

type Db = Kysely<IdentitySchema>;

/**
 * The ids of the projects a user has any role on, as Keystone's `list_projects_for_user`
 * reckons it: grants to the user or to one of their groups on the project, plus grants marked
 * inherited on the project's domain or on one of its ancestors.
 */
export async function projectIdsForUser(db: Db, userId: string): Promise<Set<string>> {
  const groupIds = (
    await db.selectFrom('user_group_membership').select('group_id').where('user_id', '=', userId).execute()
  ).map((row) => row.group_id);
  const actors = [userId, ...groupIds];
  const grants = await db
    .selectFrom('assignment')
    .select(['type', 'target_id', 'inherited'])
    .where('actor_id', 'in', actors)
    .where('type', 'in', ['UserProject', 'GroupProject', 'UserDomain', 'GroupDomain'])
    .execute();

  const ids = new Set<string>();
  const inheritedFromProjects: string[] = [];
  const inheritedFromDomains: string[] = [];
  for (const grant of grants) {
    const onProject = grant.type === 'UserProject' || grant.type === 'GroupProject';
    if (onProject && !grant.inherited) ids.add(grant.target_id);
    else if (onProject) inheritedFromProjects.push(grant.target_id);
    else if (grant.inherited) inheritedFromDomains.push(grant.target_id);
  }
  if (inheritedFromDomains.length) {
    const rows = await db
      .selectFrom('project')
      .select('id')
      .where('domain_id', 'in', inheritedFromDomains)
      .execute();
    for (const row of rows) ids.add(row.id);
  }
  // An inherited grant on a project reaches its whole subtree but not the project itself.
  let level = inheritedFromProjects;
  const seen = new Set(level);
  while (level.length) {
    const rows = await db.selectFrom('project').select('id').where('parent_id', 'in', level).execute();
    level = rows.map((row) => row.id).filter((id) => !seen.has(id));
    for (const id of level) {
      seen.add(id);
      ids.add(id);
    }
  }
  return ids;
}
