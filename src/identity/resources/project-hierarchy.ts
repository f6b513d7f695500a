import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { findProject, type Project, withTags } from './projects.js';

type Db = Kysely<IdentitySchema>;

/**
 * Keystone's `max_project_tree_depth` default: projects nest at most this deep below their
 * domain.
 */
export const MAX_PROJECT_TREE_DEPTH = 5;

/**
 * The ancestors of a project, nearest first, ending with its domain (as a project acting as a
 * domain). A domain has none. A loop in bad data ends the walk instead of spinning.
 */
export async function listParents(db: Db, project: Project): Promise<Project[]> {
  const parents: Project[] = [];
  const seen = new Set([project.id]);
  let current = project;
  while (!current.isDomain && current.parentId !== null) {
    const parent = await findProject(db, current.parentId);
    if (!parent || seen.has(parent.id)) break;
    parents.push(parent);
    seen.add(parent.id);
    current = parent;
  }
  return parents;
}

/**
 * Every project below one, level by level. A domain's subtree is all of its projects, starting
 * with the top-level ones.
 */
export async function listSubtree(db: Db, project: Project): Promise<Project[]> {
  const subtree: Project[] = [];
  const seen = new Set([project.id]);
  let level = project.isDomain
    ? await db
        .selectFrom('project')
        .selectAll()
        .where('domain_id', '=', project.id)
        .where('parent_id', 'is', null)
        .execute()
    : await db.selectFrom('project').selectAll().where('parent_id', '=', project.id).execute();
  while (level.length) {
    const fresh = level.filter((row) => !seen.has(row.id));
    for (const row of fresh) seen.add(row.id);
    subtree.push(...(await withTags(db, fresh)));
    const ids = fresh.map((row) => row.id);
    level = ids.length
      ? await db.selectFrom('project').selectAll().where('parent_id', 'in', ids).execute()
      : [];
  }
  return subtree;
}

/** True when no project has this one as its parent. */
export async function isLeaf(db: Db, projectId: string): Promise<boolean> {
  const child = await db
    .selectFrom('project')
    .select('id')
    .where('parent_id', '=', projectId)
    .executeTakeFirst();
  return !child;
}

/** Nested ids, as Keystone's `parents_as_ids` and `subtree_as_ids` show a hierarchy. */
export type IdTree = { [id: string]: IdTree | null };

/** `{parent: {grandparent: ... {domain: null}}}`, or null for a project without parents. */
export function parentsAsIds(parents: readonly Project[]): IdTree | null {
  let tree: IdTree | null = null;
  for (const parent of [...parents].reverse()) tree = { [parent.id]: tree };
  return tree;
}

/** `{child: {grandchild: null}, ...}`, or null for a leaf. */
export function subtreeAsIds(rootId: string, subtree: readonly Project[]): IdTree | null {
  const byParent = new Map<string, Project[]>();
  for (const project of subtree) {
    if (project.parentId === null) continue;
    byParent.set(project.parentId, [...(byParent.get(project.parentId) ?? []), project]);
  }
  const build = (id: string): IdTree | null => {
    const children = byParent.get(id);
    if (!children) return null;
    return Object.fromEntries(children.map((child) => [child.id, build(child.id)]));
  };
  return build(rootId);
}
