import type { Kysely, Selectable } from 'kysely';
import type { IdentitySchema, ProjectTable } from '../db/schema.js';
import { type Attributes, parseAttributes, readDescription, storedDescription } from './attributes.js';
import { type Domain, findDomain, listDomains } from './domains.js';
import { projectNotFound } from './errors.js';
import { loadTags } from './project-tags.js';

type Db = Kysely<IdentitySchema>;

/**
 * A project as the API shows it. In Keystone a domain is a project acting as a domain
 * (`is_domain` true, no domain, no parent), and `/v3/projects` serves domains that way too; a
 * top-level project's parent is its domain.
 */
export interface Project {
  id: string;
  name: string;
  domainId: string | null;
  parentId: string | null;
  description: string | null;
  enabled: boolean;
  isDomain: boolean;
  tags: string[];
  options: Attributes;
  extra: Attributes;
}

/** A project as a request body gives it (after schema validation). */
export interface ProjectBody extends Attributes {
  name?: string;
  description?: string | null;
  domain_id?: string | null;
  parent_id?: string | null;
  enabled?: boolean;
  is_domain?: boolean;
  tags?: string[];
  options?: Attributes;
}

/** The fields of a project; whatever else a client sends is kept as attributes. */
export const PROJECT_FIELDS = [
  'id',
  'name',
  'description',
  'domain_id',
  'parent_id',
  'enabled',
  'is_domain',
  'tags',
  'options',
];

/** The `extra` column: the client's attributes, plus `options` and a null description. */
export function storedProjectExtra(project: Pick<Project, 'extra' | 'options' | 'description'>): string {
  const stored = storedDescription(project.extra, project.description);
  if (Object.keys(project.options).length) stored.options = project.options;
  return JSON.stringify(stored);
}

export function rowToProject(row: Selectable<ProjectTable>, tags: string[]): Project {
  const { options, ...extra } = parseAttributes(row.extra);
  return {
    id: row.id,
    name: row.name,
    domainId: row.domain_id,
    parentId: row.parent_id ?? row.domain_id,
    description: readDescription(extra, row.description),
    enabled: row.enabled === 1,
    isDomain: false,
    tags,
    options: (options as Attributes | undefined) ?? {},
    extra,
  };
}

export function domainAsProject(domain: Domain): Project {
  return { ...domain, domainId: null, parentId: null, isDomain: true };
}

/** Project rows with their tags, in the rows' order. */
export async function withTags(db: Db, rows: Selectable<ProjectTable>[]): Promise<Project[]> {
  const tags = await loadTags(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => rowToProject(row, tags.get(row.id) ?? []));
}

/** A project, or a domain seen as a project; undefined when neither has the id. */
export async function findProject(db: Db, id: string): Promise<Project | undefined> {
  const row = await db.selectFrom('project').selectAll().where('id', '=', id).executeTakeFirst();
  if (row) return (await withTags(db, [row]))[0];
  const domain = await findDomain(db, id);
  return domain && domainAsProject(domain);
}

/** The project (or domain as a project), or Keystone's 404 `Could not find project: <id>.` */
export async function getProject(db: Db, id: string): Promise<Project> {
  const project = await findProject(db, id);
  if (!project) throw projectNotFound(id);
  return project;
}

export interface ProjectFilters {
  name?: string;
  domainId?: string;
  enabled?: boolean;
  parentId?: string;
  /** Keystone lists regular projects unless `is_domain` is asked for. */
  isDomain: boolean;
  /** Comma-separated lists, as the query gives them. */
  tags?: string;
  tagsAny?: string;
  notTags?: string;
  notTagsAny?: string;
}

export async function listProjects(db: Db, filters: ProjectFilters): Promise<Project[]> {
  let projects: Project[];
  if (filters.isDomain) {
    // Domains have no domain and no parent, so those filters match none of them.
    if (filters.domainId !== undefined || filters.parentId !== undefined) return [];
    projects = (await listDomains(db, { name: filters.name, enabled: filters.enabled })).map(domainAsProject);
  } else {
    let query = db.selectFrom('project').selectAll();
    if (filters.name !== undefined) query = query.where('name', '=', filters.name);
    if (filters.domainId !== undefined) query = query.where('domain_id', '=', filters.domainId);
    if (filters.enabled !== undefined) query = query.where('enabled', '=', filters.enabled ? 1 : 0);
    const parentId = filters.parentId;
    if (parentId !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('parent_id', '=', parentId),
          eb.and([eb('parent_id', 'is', null), eb('domain_id', '=', parentId)]),
        ]),
      );
    }
    projects = await withTags(db, await query.execute());
  }
  return projects.filter((project) => matchesTags(project.tags, filters));
}

const split = (list: string) => list.split(',');

/**
 * Keystone's tag filters: `tags` all of them, `tags-any` at least one, `not-tags` not all of
 * them, `not-tags-any` none of them.
 */
function matchesTags(tags: string[], filters: ProjectFilters): boolean {
  const has = (tag: string) => tags.includes(tag);
  if (filters.tags !== undefined && !split(filters.tags).every(has)) return false;
  if (filters.tagsAny !== undefined && !split(filters.tagsAny).some(has)) return false;
  if (filters.notTags !== undefined && split(filters.notTags).every(has)) return false;
  if (filters.notTagsAny !== undefined && split(filters.notTagsAny).some(has)) return false;
  return true;
}
