import type { RequestContext } from '../../common/auth/context.js';
import { ApiError } from '../../common/http/errors.js';
import type { ImageDeps } from '../deps.js';
import { namespaceColumns } from './create-namespace.js';
import { deleteNamespaceRow, saveNamespace } from './db/namespaces-repo.js';
import { deleteObjects, listObjects } from './db/objects-repo.js';
import { deleteProperties, listProperties } from './db/properties-repo.js';
import { listAssociations } from './db/resource-types-repo.js';
import { deleteTags, listTags } from './db/tags-repo.js';
import { refuseFourByteText } from './four-byte-text.js';
import type { NamespaceInput } from './input/metadef-input.js';
import { NamespaceNotVisible, protectedFromDelete } from './metadef-errors.js';
import { MetadefPolicy } from './metadef-policy.js';
import type {
  MetadefObject,
  MetadefTag,
  Namespace,
  PropertyDefinition,
  ResourceTypeAssociation,
} from './model.js';
import { namespaceOrMissing, visibleNamespace } from './namespace-access.js';

/** A namespace with everything it holds, as `GET /v2/metadefs/namespaces/{namespace}` shows it. */
export interface NamespaceDetail {
  namespace: Namespace;
  associations: ResourceTypeAssociation[];
  properties: Record<string, PropertyDefinition>;
  objects: MetadefObject[];
  tags: MetadefTag[];
}

/**
 * Property names as they apply to one resource type: with the association's prefix (`hw_`) in
 * front, in the namespace's properties and in its objects' properties and required lists.
 */
function withPrefix(detail: NamespaceDetail, resourceType: string): NamespaceDetail {
  const prefix = detail.associations.find((association) => association.name === resourceType)?.prefix;
  if (!prefix) return detail;
  const prefixed = (properties: Record<string, PropertyDefinition>) =>
    Object.fromEntries(Object.entries(properties).map(([name, definition]) => [prefix + name, definition]));
  return {
    ...detail,
    properties: prefixed(detail.properties),
    objects: detail.objects.map((object) => ({
      ...object,
      properties: prefixed(object.properties),
      required: object.required.map((name) => prefix + name),
    })),
  };
}

/** A namespace and its content; with `resourceType`, property names carry that type's prefix. */
export async function showNamespace(
  deps: ImageDeps,
  context: RequestContext,
  name: string,
  resourceType?: string,
): Promise<NamespaceDetail> {
  let namespace: Namespace;
  try {
    namespace = await visibleNamespace(deps, context, name);
  } catch (error) {
    // Glance hides another project's namespace behind a bare 404 here.
    if (error instanceof NamespaceNotVisible) throw new ApiError(404, 'The resource could not be found.');
    throw error;
  }
  const policy = new MetadefPolicy(deps.policy, context, namespace);
  policy.enforce('get_metadef_namespace');
  for (const rule of [
    'list_metadef_resource_types',
    'get_metadef_objects',
    'get_metadef_properties',
    'get_metadef_tags',
  ])
    policy.enforce(rule);
  const [objects, associations, properties, tags] = await Promise.all([
    listObjects(deps.db, namespace.id),
    listAssociations(deps.db, [namespace.id]),
    listProperties(deps.db, namespace.id),
    listTags(deps.db, namespace.id, { sortKey: 'created_at', sortDir: 'desc' }),
  ]);
  const detail: NamespaceDetail = {
    namespace,
    associations: associations.get(namespace.id) ?? [],
    properties: Object.fromEntries(properties.map((property) => [property.name, property.definition])),
    objects,
    tags,
  };
  return resourceType ? withPrefix(detail, resourceType) : detail;
}

/**
 * Replaces a namespace's attributes (what the body leaves out goes back to its default: no
 * display name or description, private, unprotected, owned by the caller's project) and may
 * rename it. As Glance's, the answer carries the `updated_at` the namespace had before.
 */
export async function updateNamespace(
  deps: ImageDeps,
  context: RequestContext,
  name: string,
  input: NamespaceInput,
): Promise<Namespace> {
  const namespace = await namespaceOrMissing(deps, context, name);
  new MetadefPolicy(deps.policy, context, namespace).enforce('modify_metadef_namespace');
  const fields = {
    namespace: input.namespace,
    display_name: input.display_name ?? null,
    description: input.description ?? null,
    visibility: input.visibility || 'private',
    protected: input.protected || false,
    owner: input.owner || context.projectId || namespace.owner,
  };
  refuseFourByteText('update metadata namespace', namespaceColumns(fields));
  const updated: Namespace = { ...namespace, ...fields };
  const changed = (Object.keys(fields) as Array<keyof typeof fields>).some(
    (key) => fields[key] !== namespace[key],
  );
  if (changed) await saveNamespace(deps.db, { ...updated, updated_at: deps.now().toISOString() });
  return updated;
}

/** Deletes a namespace with everything it holds, unless it is protected. */
export async function deleteNamespace(deps: ImageDeps, context: RequestContext, name: string): Promise<void> {
  const namespace = await namespaceOrMissing(deps, context, name);
  new MetadefPolicy(deps.policy, context, namespace).enforce('delete_metadef_namespace');
  if (namespace.protected) throw protectedFromDelete('namespace', namespace.namespace);
  await deleteNamespaceRow(deps.db, namespace.id);
}

const DELETE_CONTENT = { objects: deleteObjects, properties: deleteProperties, tags: deleteTags };

/**
 * `DELETE .../objects`, `.../properties` or `.../tags`: empties the namespace of one kind of
 * content. Glance asks for the right to delete the namespace (and the tags, for tags), and a
 * protected namespace keeps its content.
 */
export async function deleteNamespaceContent(
  deps: ImageDeps,
  context: RequestContext,
  name: string,
  kind: keyof typeof DELETE_CONTENT,
): Promise<void> {
  const namespace = await namespaceOrMissing(deps, context, name);
  const policy = new MetadefPolicy(deps.policy, context, namespace);
  policy.enforce('delete_metadef_namespace');
  if (kind === 'tags') policy.enforce('delete_metadef_tags');
  if (namespace.protected) throw protectedFromDelete('namespace', namespace.namespace);
  await DELETE_CONTENT[kind](deps.db, namespace.id);
}
