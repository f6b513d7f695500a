import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { isoTime, newId } from '../ids.js';
import { extraAttributes, mergeOptions } from './attributes.js';
import {
  assertMutable,
  createDomain,
  deleteDomain,
  findDomain,
  RESOURCE_OPTIONS,
  updateDomain,
} from './domains.js';
import {
  cannotChangeDomainId,
  conflict,
  immutableDelete,
  invalid,
  isUniqueViolation,
  refused,
} from './errors.js';
import { isLeaf, listParents, listSubtree, MAX_PROJECT_TREE_DEPTH } from './project-hierarchy.js';
import { deleteProjectRows } from './project-rows.js';
import { writeTags } from './project-tags.js';
import {
  domainAsProject,
  findProject,
  getProject,
  type Project,
  PROJECT_FIELDS,
  type ProjectBody,
  storedProjectExtra,
} from './projects.js';
import { cleanTags } from './tag-rules.js';

type Db = Kysely<IdentitySchema>;

const duplicate = (project: Pick<Project, 'name' | 'id'>) =>
  conflict(
    'project',
    'it is not permitted to have two projects with either the same name or same id in the same domain: ' +
      `name is ${project.name}, project id ${project.id}`,
  );

/** The body of a project acting as a domain, for the domain's own storage. */
function domainBody(body: ProjectBody) {
  const { domain_id: _domain, parent_id: _parent, is_domain: _isDomain, ...rest } = body;
  return rest;
}

/**
 * Creates a project, or a domain when `is_domain` is true, with Keystone's hierarchy rules: the
 * parent (the domain itself for a top-level project) must exist and be in the same domain, no
 * project above may be disabled, and the tree may not grow deeper than its limit. `domainId` is
 * the domain the API resolved (the body's, else the caller's domain scope, else `default`).
 */
export async function createProject(
  db: Db,
  body: ProjectBody,
  context: { domainId: string; now: Date },
): Promise<Project> {
  const id = newId();
  if (body.is_domain) {
    if (body.parent_id) throw invalid('only root projects are allowed to act as domains.');
    return domainAsProject(await createDomain(db, domainBody(body), { id, now: context.now }));
  }
  const domainId = context.domainId;
  const parentId = body.parent_id || domainId;
  const domain = await findDomain(db, domainId);
  if (!domain) throw invalid(`Could not find domain: ${domainId}.`);
  const parent = await findProject(db, parentId);
  if (!parent) throw invalid(`Could not find project: ${parentId}.`);
  if (parent.isDomain && parent.id !== domain.id) {
    throw invalid(
      `Cannot create project, the parent (${parent.id}) is acting as a domain, but this project's domain id ` +
        `(${domain.id}) does not match the parent's id.`,
    );
  }
  if (!parent.isDomain && parent.domainId !== domain.id) {
    throw invalid(
      `Cannot create project, since it specifies its domain_id ${domain.id}, but specifies a parent in a ` +
        `different domain (${parent.domainId}).`,
    );
  }
  const branch = [...(await listParents(db, parent)), parent];
  const disabled = branch.find((ref) => !ref.enabled);
  if (disabled)
    throw invalid(`cannot create a project in a branch containing a disabled project: ${disabled.id}`);
  if (branch.length + 1 > MAX_PROJECT_TREE_DEPTH + 1) {
    throw refused(`Max hierarchy depth reached for ${parent.id} branch.`);
  }

  const project: Project = {
    id,
    name: (body.name ?? '').trim(),
    domainId,
    parentId,
    description: body.description === undefined ? '' : body.description,
    enabled: body.enabled ?? true,
    isDomain: false,
    tags: cleanTags(body.tags ?? []),
    options: mergeOptions({}, body.options, RESOURCE_OPTIONS),
    extra: extraAttributes(body, PROJECT_FIELDS),
  };
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('project')
        .values({
          id,
          name: project.name,
          domain_id: domainId,
          parent_id: parent.isDomain ? null : parent.id,
          description: project.description ?? '',
          enabled: project.enabled ? 1 : 0,
          extra: storedProjectExtra(project),
          created_at: isoTime(context.now),
        })
        .execute();
      await writeTags(tx, id, project.tags);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(project);
    throw error;
  }
  return project;
}

export interface ProjectUpdate {
  project: Project;
  /** True when this update turned the project (or domain) from enabled to disabled. */
  disabled: boolean;
}

/**
 * Updates a project, or a domain through its project face. As Keystone: the domain and parent
 * cannot move, `is_domain` cannot flip, a project cannot be enabled under a disabled parent nor
 * disabled above an enabled child.
 */
export async function updateProject(db: Db, id: string, body: ProjectBody): Promise<ProjectUpdate> {
  const original = await getProject(db, id);
  if ('domain_id' in body && body.domain_id !== original.domainId) throw cannotChangeDomainId();
  assertMutable(original.isDomain ? 'domain' : 'project', id, original.options, body);
  if ('parent_id' in body && body.parent_id !== original.parentId) {
    throw refused('Update of `parent_id` is not allowed.');
  }
  if ('is_domain' in body && body.is_domain !== original.isDomain) {
    throw invalid('Update of `is_domain` is not allowed.');
  }
  // Keystone reads a missing `enabled` as true here, so any update of a disabled project
  // checks its parents, though the project stays disabled.
  if (!original.enabled && (body.enabled ?? true)) {
    if ((await listParents(db, original)).some((parent) => !parent.enabled)) {
      throw refused(`Cannot enable project ${id} since it has disabled parents`);
    }
  }
  if (original.enabled && body.enabled === false && !original.isDomain) {
    if ((await listSubtree(db, original)).some((child) => child.enabled)) {
      throw refused(`Cannot disable project ${id} since its subtree contains enabled projects.`);
    }
  }
  if (original.isDomain) {
    const { domain, disabled } = await updateDomain(db, id, domainBody(body));
    return { project: domainAsProject(domain), disabled };
  }

  const project: Project = {
    ...original,
    name: body.name === undefined ? original.name : body.name.trim(),
    description: body.description === undefined ? original.description : body.description,
    enabled: body.enabled ?? original.enabled,
    tags: body.tags === undefined ? original.tags : cleanTags(body.tags),
    options: mergeOptions(original.options, body.options, RESOURCE_OPTIONS),
    extra: { ...original.extra, ...extraAttributes(body, PROJECT_FIELDS) },
  };
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('project')
        .set({
          name: project.name,
          description: project.description ?? '',
          enabled: project.enabled ? 1 : 0,
          extra: storedProjectExtra(project),
        })
        .where('id', '=', id)
        .execute();
      if (body.tags !== undefined) await writeTags(tx, id, project.tags);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(project);
    throw error;
  }
  return { project, disabled: original.enabled && !project.enabled };
}

/**
 * Deletes a leaf project with its tags and grants; a domain given here is deleted as a domain
 * (it must be disabled). Returns what was deleted.
 */
export async function deleteProject(db: Db, id: string, now: Date): Promise<Project> {
  const project = await getProject(db, id);
  if (project.isDomain) {
    await deleteDomain(db, id, now);
    return project;
  }
  if (project.options.immutable === true) throw immutableDelete('project', id);
  await db.transaction().execute(async (tx) => {
    if (!(await isLeaf(tx, id))) {
      throw refused(
        `Cannot delete the project ${id} since it is not a leaf in the hierarchy. ` +
          'Use the cascade option if you want to delete a whole subtree.',
      );
    }
    await deleteProjectRows(tx, [id], now);
  });
  return project;
}
