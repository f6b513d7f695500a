import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { inChunks } from './chunks.js';
import { updateDomain } from './domains.js';
import { projectTagNotFound, refused } from './errors.js';
import { assertValidTagList, cleanTags } from './tag-rules.js';
import type { Project } from './projects.js';

type Db = Kysely<IdentitySchema>;

/** The tags of each project, sorted by name. */
export async function loadTags(db: Db, projectIds: readonly string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  await inChunks(projectIds, async (ids) => {
    const rows = await db
      .selectFrom('project_tag')
      .select(['project_id', 'name'])
      .where('project_id', 'in', ids)
      .orderBy('name')
      .execute();
    for (const row of rows) {
      const list = tags.get(row.project_id) ?? [];
      list.push(row.name);
      tags.set(row.project_id, list);
    }
  });
  return tags;
}

/** Replaces a project row's tags; part of the caller's transaction. */
export async function writeTags(tx: Db, projectId: string, tags: readonly string[]): Promise<void> {
  await tx.deleteFrom('project_tag').where('project_id', '=', projectId).execute();
  if (tags.length) {
    await tx
      .insertInto('project_tag')
      .values(tags.map((name) => ({ project_id: projectId, name })))
      .execute();
  }
}

type TagChange = 'create' | 'update' | 'delete';

function assertTagsMutable(project: Project, change: TagChange): void {
  if (project.options.immutable !== true) return;
  throw refused(
    `Cannot ${change} project tags for ${project.id}, project is immutable. ` +
      'Set "immutable" option to false before creating project tags.',
  );
}

async function store(db: Db, project: Project, tags: string[]): Promise<void> {
  if (project.isDomain) await updateDomain(db, project.id, { tags });
  else await db.transaction().execute((tx) => writeTags(tx, project.id, tags));
}

/** `PUT /v3/projects/{id}/tags`: the whole list at once; blanks around each tag are dropped. */
export async function replaceTags(db: Db, project: Project, tags: readonly string[]): Promise<string[]> {
  assertTagsMutable(project, 'update');
  const cleaned = cleanTags(tags);
  await store(db, project, cleaned);
  return cleaned;
}

/** `PUT /v3/projects/{id}/tags/{tag}`: a tag already there makes the list non-unique (400). */
export async function addTag(db: Db, project: Project, tag: string): Promise<void> {
  assertTagsMutable(project, 'create');
  const tags = [...project.tags, tag];
  assertValidTagList(tags);
  await store(db, project, cleanTags(tags));
}

/** `GET /v3/projects/{id}/tags/{tag}`: 404 when the project lacks it. */
export function assertHasTag(project: Project, tag: string): void {
  if (!project.tags.includes(tag)) throw projectTagNotFound(tag);
}

export async function removeTag(db: Db, project: Project, tag: string): Promise<void> {
  assertTagsMutable(project, 'delete');
  if (!project.tags.includes(tag)) throw projectTagNotFound(tag);
  await store(
    db,
    project,
    project.tags.filter((name) => name !== tag),
  );
}
