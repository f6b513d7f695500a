import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';

type Db = Kysely<IdentitySchema>;

/**
 * The ancestors of a project, nearest first, without the project itself. `union` (not
 * `union all`) makes the recursion stop even on a corrupt tree with a loop.
 */
export async function projectAncestors(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .withRecursive('ancestor(id, parent_id)', (qb) =>
      qb
        .selectFrom('project')
        .select(['project.id', 'project.parent_id'])
        .where('project.id', '=', (sub) =>
          sub.selectFrom('project as child').select('child.parent_id').where('child.id', '=', projectId),
        )
        .union(
          qb
            .selectFrom('project')
            .innerJoin('ancestor', 'ancestor.parent_id', 'project.id')
            .select(['project.id', 'project.parent_id']),
        ),
    )
    .selectFrom('ancestor')
    .select('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Every project below a project, at any depth, without the project itself. */
export async function projectDescendants(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .withRecursive('descendant(id)', (qb) =>
      qb
        .selectFrom('project')
        .select('project.id')
        .where('project.parent_id', '=', projectId)
        .union(
          qb
            .selectFrom('project')
            .innerJoin('descendant', 'descendant.id', 'project.parent_id')
            .select('project.id'),
        ),
    )
    .selectFrom('descendant')
    .select('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function projectsInDomain(db: Db, domainId: string): Promise<string[]> {
  const rows = await db.selectFrom('project').select('id').where('domain_id', '=', domainId).execute();
  return rows.map((row) => row.id);
}

/** The project tree lookups one listing needs, each asked of the database once. */
export class ProjectTreeCache {
  private readonly ancestors = new Map<string, Promise<string[]>>();
  private readonly descendants = new Map<string, Promise<string[]>>();
  private readonly domains = new Map<string, Promise<string[]>>();

  constructor(private readonly db: Db) {}

  ancestorsOf(projectId: string): Promise<string[]> {
    return remember(this.ancestors, projectId, () => projectAncestors(this.db, projectId));
  }

  descendantsOf(projectId: string): Promise<string[]> {
    return remember(this.descendants, projectId, () => projectDescendants(this.db, projectId));
  }

  projectsOfDomain(domainId: string): Promise<string[]> {
    return remember(this.domains, domainId, () => projectsInDomain(this.db, domainId));
  }
}

function remember<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load();
    cache.set(key, value);
  }
  return value;
}
