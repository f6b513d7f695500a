import type { RequestContext } from '../../common/auth/context.js';
import { NotFound } from '../../common/http/errors.js';
import type { ImageDeps } from '../deps.js';
import {
  deleteAssociation,
  insertAssociation,
  listAssociations,
  listResourceTypes,
} from './db/resource-types-repo.js';
import type { AssociationInput } from './input/metadef-input.js';
import { protectedFromDelete } from './metadef-errors.js';
import { MetadefPolicy } from './metadef-policy.js';
import type { ResourceType, ResourceTypeAssociation } from './model.js';
import { namespaceOrMissing } from './namespace-access.js';

/** Every resource type known: those ever associated with a namespace (none are seeded). */
export async function listAllResourceTypes(
  deps: ImageDeps,
  context: RequestContext,
): Promise<ResourceType[]> {
  new MetadefPolicy(deps.policy, context).enforce('list_metadef_resource_types');
  return listResourceTypes(deps.db);
}

/** A namespace's associations; none when the caller may not get resource types of this namespace. */
export async function listNamespaceAssociations(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
): Promise<ResourceTypeAssociation[]> {
  const namespace = await namespaceOrMissing(deps, context, namespaceName);
  const policy = new MetadefPolicy(deps.policy, context, namespace);
  policy.enforce('list_metadef_resource_types');
  if (!policy.check('get_metadef_resource_type')) return [];
  return (await listAssociations(deps.db, [namespace.id])).get(namespace.id) ?? [];
}

/** Associates a namespace with a resource type, which is created on first use. */
export async function associate(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  input: AssociationInput,
): Promise<AssociationInput & { created_at: string; updated_at: string }> {
  const namespace = await namespaceOrMissing(deps, context, namespaceName);
  new MetadefPolicy(deps.policy, context, namespace).enforce('add_metadef_resource_type_association');
  const now = deps.now().toISOString();
  const { name, prefix = null, properties_target = null } = input;
  await insertAssociation(deps.db, namespace, { name, prefix, properties_target }, now);
  return { ...input, created_at: now, updated_at: now };
}

/** Ends a namespace's association with a resource type; the resource type stays. */
export async function dissociate(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  resourceType: string,
): Promise<void> {
  const namespace = await namespaceOrMissing(deps, context, namespaceName);
  new MetadefPolicy(deps.policy, context, namespace).enforce('remove_metadef_resource_type_association');
  const associations = (await listAssociations(deps.db, [namespace.id])).get(namespace.id) ?? [];
  const notFound = new NotFound(`Failed to find resource type ${resourceType} to delete`);
  if (!associations.some((association) => association.name === resourceType)) throw notFound;
  if (namespace.protected) throw protectedFromDelete('resource-type-association', resourceType);
  if (!(await deleteAssociation(deps.db, namespace.id, resourceType))) throw notFound;
}
