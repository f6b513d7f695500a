import type { RequestContext } from '../../common/auth/context.js';
import { NotFound } from '../../common/http/errors.js';
import type { ImageDeps } from '../deps.js';
import { objectColumns } from './create-namespace.js';
import { deleteObject, findObject, insertObject, listObjects, saveObject } from './db/objects-repo.js';
import { refuseFourByteText } from './four-byte-text.js';
import type { ObjectInput } from './input/metadef-input.js';
import { protectedFromDelete } from './metadef-errors.js';
import { MetadefPolicy } from './metadef-policy.js';
import type { MetadefObject, Namespace } from './model.js';
import { namespaceHidingOthers } from './namespace-access.js';

/**
 * An object as Glance answers a create or an update: what the request set (attributes it left
 * out are absent, not empty) with the object's times.
 */
export type ObjectAnswer = ObjectInput & { created_at: string; updated_at: string };

/** The namespace an object route works in, and the policy on it after checking `rule`. */
async function objectNamespace(deps: ImageDeps, context: RequestContext, name: string, rule: string) {
  const namespace = await namespaceHidingOthers(deps, context, name);
  new MetadefPolicy(deps.policy, context, namespace).enforce(rule);
  return namespace;
}

async function existingObject(deps: ImageDeps, namespace: Namespace, name: string): Promise<MetadefObject> {
  const object = await findObject(deps.db, namespace.id, name);
  if (object === undefined) throw new NotFound(`Could not find metadata object ${name}`);
  return object;
}

export async function createObject(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  input: ObjectInput,
): Promise<ObjectAnswer> {
  const namespace = await objectNamespace(deps, context, namespaceName, 'add_metadef_object');
  refuseFourByteText('create metadata object', objectColumns(input));
  const now = deps.now().toISOString();
  await insertObject(deps.db, namespace, {
    name: input.name,
    description: input.description ?? null,
    required: input.required ?? [],
    properties: input.properties ?? {},
    created_at: now,
    updated_at: now,
  });
  return { ...input, created_at: now, updated_at: now };
}

/** The namespace's objects; none when the caller may not get objects of this namespace. */
export async function listNamespaceObjects(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
): Promise<MetadefObject[]> {
  const namespace = await objectNamespace(deps, context, namespaceName, 'get_metadef_objects');
  if (!new MetadefPolicy(deps.policy, context, namespace).check('get_metadef_object')) return [];
  return listObjects(deps.db, namespace.id);
}

export async function showObject(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
): Promise<MetadefObject> {
  const namespace = await objectNamespace(deps, context, namespaceName, 'get_metadef_object');
  return existingObject(deps, namespace, name);
}

/**
 * Replaces an object (what the body leaves out is cleared) and may rename it. As Glance's, the
 * answer carries the `updated_at` the object had before.
 */
export async function updateObject(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
  input: ObjectInput,
): Promise<ObjectAnswer> {
  const namespace = await objectNamespace(deps, context, namespaceName, 'modify_metadef_object');
  const object = await existingObject(deps, namespace, name);
  refuseFourByteText('update metadata object', objectColumns(input));
  const updated: MetadefObject = {
    ...object,
    name: input.name,
    description: input.description ?? null,
    required: input.required ?? [],
    properties: input.properties ?? {},
  };
  if (JSON.stringify(updated) !== JSON.stringify(object)) {
    await saveObject(
      deps.db,
      namespace.namespace,
      { ...updated, updated_at: deps.now().toISOString() },
      name,
    );
  }
  return { ...input, created_at: object.created_at, updated_at: object.updated_at };
}

export async function deleteNamespaceObject(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
): Promise<void> {
  const namespace = await objectNamespace(deps, context, namespaceName, 'delete_metadef_object');
  const object = await existingObject(deps, namespace, name);
  if (namespace.protected) throw protectedFromDelete('object', object.name);
  await deleteObject(deps.db, object.id);
}
