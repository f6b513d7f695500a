import type { RequestContext } from '../../common/auth/context.js';
import { BadRequest } from '../../common/http/errors.js';
import type { ImageDeps } from '../deps.js';
import { insertNamespace } from './db/namespaces-repo.js';
import { insertObject } from './db/objects-repo.js';
import { insertProperty } from './db/properties-repo.js';
import { insertAssociation } from './db/resource-types-repo.js';
import { insertTags } from './db/tags-repo.js';
import { refuseFourByteText } from './four-byte-text.js';
import type { NamespaceInput, ObjectInput } from './input/metadef-input.js';
import { MetadefPolicy } from './metadef-policy.js';
import type { Namespace } from './model.js';

/** The columns of a namespace as Glance's database layer receives them (for the 4-byte check). */
export const namespaceColumns = (namespace: Omit<Namespace, 'id' | 'created_at' | 'updated_at'>) => ({
  namespace: namespace.namespace,
  display_name: namespace.display_name,
  description: namespace.description,
  visibility: namespace.visibility,
  protected: namespace.protected,
  owner: namespace.owner,
});

/** The columns of an object as Glance's database layer receives them (for the 4-byte check). */
export const objectColumns = (object: ObjectInput) => ({
  name: object.name,
  required: object.required?.length ? object.required.join(',') : null,
  description: object.description ?? null,
  json_schema: object.properties ?? {},
});

/** Glance checks that the caller may create everything the new namespace holds before it creates any. */
function enforceCreation(policy: MetadefPolicy, input: NamespaceInput): void {
  policy.enforce('add_metadef_namespace');
  if (input.resource_type_associations?.length) policy.enforce('add_metadef_resource_type_association');
  if (input.objects?.length) policy.enforce('add_metadef_object');
  if (input.properties && Object.keys(input.properties).length > 0) policy.enforce('add_metadef_property');
  if (input.tags?.length) policy.enforce('add_metadef_tag');
}

/**
 * Creates a namespace with the associations, objects, tags and properties given with it, all in
 * one transaction: a clash anywhere (409) leaves nothing behind. The owner is the caller's
 * project unless given.
 */
export async function createNamespace(
  deps: ImageDeps,
  context: RequestContext,
  input: NamespaceInput,
): Promise<Namespace> {
  enforceCreation(new MetadefPolicy(deps.policy, context), input);
  const owner = input.owner ?? context.projectId;
  if (owner === null) throw new BadRequest("Couldn't create metadata namespace: an owner is required.");
  const now = deps.now().toISOString();
  const fields = {
    namespace: input.namespace,
    display_name: input.display_name ?? null,
    description: input.description ?? null,
    visibility: input.visibility || 'private',
    protected: input.protected || false,
    owner,
  };
  const action = 'create metadata namespace';
  refuseFourByteText(action, namespaceColumns(fields));
  for (const object of input.objects ?? []) refuseFourByteText(action, objectColumns(object));
  for (const tag of input.tags ?? []) refuseFourByteText(action, { name: tag.name });
  for (const [name, definition] of Object.entries(input.properties ?? {}))
    refuseFourByteText(action, { name, json_schema: definition });

  return deps.db.transaction().execute(async (tx) => {
    const namespace = await insertNamespace(tx, { ...fields, created_at: now, updated_at: now });
    for (const association of input.resource_type_associations ?? []) {
      const { name, prefix = null, properties_target = null } = association;
      await insertAssociation(tx, namespace, { name, prefix, properties_target }, now);
    }
    for (const object of input.objects ?? []) {
      await insertObject(tx, namespace, {
        name: object.name,
        description: object.description ?? null,
        required: object.required ?? [],
        properties: object.properties ?? {},
        created_at: now,
        updated_at: now,
      });
    }
    for (const tag of input.tags ?? []) await insertTags(tx, namespace, [tag.name], now);
    for (const [name, definition] of Object.entries(input.properties ?? {}))
      await insertProperty(tx, namespace, { name, definition }, now);
    return namespace;
  });
}
