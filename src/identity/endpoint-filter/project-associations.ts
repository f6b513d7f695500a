/*
 * OS-EP-FILTER's associations: an endpoint with a project, or an endpoint group with a
 * project. Both tables cascade from their project, endpoint and group, so deleting any of
 * those drops its associations.
 */

import type { Kysely } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import { getEndpoint, listEndpoints, type Endpoint } from '../catalog/endpoints.js';
import { storeConflict } from '../catalog/keystone-errors.js';
import type { IdentitySchema } from '../db/schema.js';
import { isUniqueViolation, projectNotFound } from '../resources/errors.js';
import { getProject, withTags, type Project } from '../resources/projects.js';
import {
  getEndpointGroup,
  listEndpointGroups,
  matchesFilters,
  type EndpointGroup,
} from './endpoint-groups.js';

type Db = Kysely<IdentitySchema>;

/**
 * The project of an association. A domain answers to Keystone's project lookups too, but
 * associations are kept for real projects only, so a domain id is not found here.
 */
export async function getAssociableProject(db: Db, id: string): Promise<Project> {
  const project = await getProject(db, id);
  if (project.isDomain) throw projectNotFound(id);
  return project;
}

async function insertOnce(write: () => Promise<unknown>, table: string): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw storeConflict(table, 'Duplicate entry');
    throw error;
  }
}

const endpointNotInProject = (endpointId: string, projectId: string) =>
  new NotFound(`Endpoint ${endpointId} not found in project ${projectId}`);

const groupNotInProject = () => new NotFound('Endpoint Group Project Association not found');

/** Associates an endpoint with a project; both must exist (the endpoint is looked up first). */
export async function addEndpointToProject(db: Db, endpointId: string, projectId: string): Promise<void> {
  await getEndpoint(db, endpointId);
  await getAssociableProject(db, projectId);
  await insertOnce(
    () =>
      db.insertInto('project_endpoint').values({ endpoint_id: endpointId, project_id: projectId }).execute(),
    'project_endpoint',
  );
}

/** Checks an association; the endpoint and project must exist, then the association. */
export async function checkEndpointInProject(db: Db, endpointId: string, projectId: string): Promise<void> {
  await getEndpoint(db, endpointId);
  await getAssociableProject(db, projectId);
  const row = await db
    .selectFrom('project_endpoint')
    .select('project_id')
    .where('endpoint_id', '=', endpointId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) throw endpointNotInProject(endpointId, projectId);
}

/** Removes an association; as Keystone, only the association itself is looked up. */
export async function removeEndpointFromProject(
  db: Db,
  endpointId: string,
  projectId: string,
): Promise<void> {
  const { numDeletedRows } = await db
    .deleteFrom('project_endpoint')
    .where('endpoint_id', '=', endpointId)
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  if (numDeletedRows === 0n) throw endpointNotInProject(endpointId, projectId);
}

/** The projects an endpoint is associated with. */
export async function projectsForEndpoint(db: Db, endpointId: string): Promise<Project[]> {
  await getEndpoint(db, endpointId);
  const rows = await db
    .selectFrom('project')
    .innerJoin('project_endpoint', 'project_endpoint.project_id', 'project.id')
    .selectAll('project')
    .where('project_endpoint.endpoint_id', '=', endpointId)
    .orderBy('project.id')
    .execute();
  return withTags(db, rows);
}

/** The projects an endpoint group is associated with; an unknown group simply has none. */
export async function projectsForEndpointGroup(db: Db, groupId: string): Promise<Project[]> {
  const rows = await db
    .selectFrom('project')
    .innerJoin('project_endpoint_group', 'project_endpoint_group.project_id', 'project.id')
    .selectAll('project')
    .where('project_endpoint_group.endpoint_group_id', '=', groupId)
    .orderBy('project.id')
    .execute();
  return withTags(db, rows);
}

/** The endpoint groups associated with a project, which must exist. */
export async function endpointGroupsForProject(db: Db, projectId: string): Promise<EndpointGroup[]> {
  await getAssociableProject(db, projectId);
  const ids = await db
    .selectFrom('project_endpoint_group')
    .select('endpoint_group_id')
    .where('project_id', '=', projectId)
    .execute();
  const wanted = new Set(ids.map((row) => row.endpoint_group_id));
  return (await listEndpointGroups(db)).filter((group) => wanted.has(group.id));
}

/**
 * Every endpoint a project is associated with: those associated directly, then those of its
 * endpoint groups, each once.
 */
export async function endpointsForProject(db: Db, projectId: string): Promise<Endpoint[]> {
  const groups = await endpointGroupsForProject(db, projectId);
  const direct = await db
    .selectFrom('project_endpoint')
    .select('endpoint_id')
    .where('project_id', '=', projectId)
    .execute();
  const directIds = new Set(direct.map((row) => row.endpoint_id));
  const catalog = await listEndpoints(db, {});
  const found = catalog.filter((endpoint) => directIds.has(endpoint.id));
  for (const group of groups) {
    for (const endpoint of catalog) {
      if (matchesFilters(endpoint, group.filters) && !found.includes(endpoint)) found.push(endpoint);
    }
  }
  return found;
}

/** The project is looked up first, then the group, as Keystone does for every group-project call. */
async function assertProjectAndGroup(db: Db, groupId: string, projectId: string): Promise<void> {
  await getAssociableProject(db, projectId);
  await getEndpointGroup(db, groupId);
}

export async function addEndpointGroupToProject(db: Db, groupId: string, projectId: string): Promise<void> {
  await assertProjectAndGroup(db, groupId, projectId);
  await insertOnce(
    () =>
      db
        .insertInto('project_endpoint_group')
        .values({ endpoint_group_id: groupId, project_id: projectId })
        .execute(),
    'project_endpoint_group',
  );
}

/** The association of a group with a project, as Keystone shows it (ids only). */
export async function getEndpointGroupInProject(
  db: Db,
  groupId: string,
  projectId: string,
): Promise<{ endpoint_group_id: string; project_id: string }> {
  await assertProjectAndGroup(db, groupId, projectId);
  const row = await db
    .selectFrom('project_endpoint_group')
    .selectAll()
    .where('endpoint_group_id', '=', groupId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) throw groupNotInProject();
  return row;
}

export async function removeEndpointGroupFromProject(
  db: Db,
  groupId: string,
  projectId: string,
): Promise<void> {
  await assertProjectAndGroup(db, groupId, projectId);
  const { numDeletedRows } = await db
    .deleteFrom('project_endpoint_group')
    .where('endpoint_group_id', '=', groupId)
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  if (numDeletedRows === 0n) throw groupNotInProject();
}
