import type { RequestContext } from '../../common/auth/context.js';
import { NotFound } from '../../common/http/errors.js';
import type { ImageDeps } from '../deps.js';
import {
  deleteTag,
  deleteTags,
  findTag,
  insertTags,
  listTags,
  renameTag,
  TAG_SORT_KEYS,
  type TagSortKey,
} from './db/tags-repo.js';
import { refuseFourByteText } from './four-byte-text.js';
import { checkTagName } from './input/metadef-input.js';
import { checkSortKey, parseListQuery } from './list-query.js';
import { protectedFromDelete } from './metadef-errors.js';
import { MetadefPolicy } from './metadef-policy.js';
import type { MetadefTag, Namespace } from './model.js';
import { namespaceOrMissing } from './namespace-access.js';

async function tagNamespace(deps: ImageDeps, context: RequestContext, name: string, rule: string) {
  const namespace = await namespaceOrMissing(deps, context, name);
  new MetadefPolicy(deps.policy, context, namespace).enforce(rule);
  return namespace;
}

async function existingTag(deps: ImageDeps, namespace: Namespace, name: string): Promise<MetadefTag> {
  const tag = await findTag(deps.db, namespace.id, name);
  if (tag === undefined) throw new NotFound(`Could not find metadata tag ${name}`);
  return tag;
}

/** `POST .../tags/{name}`: one more tag, its name checked against the tag schema. */
export async function createTag(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
): Promise<MetadefTag> {
  const namespace = await namespaceOrMissing(deps, context, namespaceName);
  checkTagName(name);
  new MetadefPolicy(deps.policy, context, namespace).enforce('add_metadef_tag');
  refuseFourByteText('create metadata tag', { name });
  await insertTags(deps.db, namespace, [name], deps.now().toISOString());
  return existingTag(deps, namespace, name);
}

/**
 * `POST .../tags`: sets the namespace's tags to these, or adds them with `append`; in one
 * transaction, so a name already there (when appending) or given twice changes nothing. No
 * names given changes nothing either.
 */
export async function createTags(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  names: string[],
  append: boolean,
): Promise<void> {
  const namespace = await tagNamespace(deps, context, namespaceName, 'add_metadef_tags');
  if (names.length === 0) return;
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    if (!append) await deleteTags(tx, namespace.id);
    await insertTags(tx, namespace, names, now);
  });
}

/** A page of the namespace's tags, newest first unless sorted otherwise, after the `marker` tag. */
export async function listNamespaceTags(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  query: Array<[string, string]>,
): Promise<MetadefTag[]> {
  const request = parseListQuery(query, { visibilities: ['public', 'private', 'shared'] });
  const namespace = await tagNamespace(deps, context, namespaceName, 'get_metadef_tags');
  const marker = request.marker ? await existingTag(deps, namespace, request.marker) : undefined;
  checkSortKey(request.sortKey, TAG_SORT_KEYS);
  return listTags(deps.db, namespace.id, {
    sortKey: request.sortKey as TagSortKey,
    sortDir: request.sortDir,
    ...(request.limit === undefined ? {} : { limit: request.limit }),
    ...(marker ? { marker } : {}),
  });
}

export async function showTag(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
): Promise<MetadefTag> {
  const namespace = await tagNamespace(deps, context, namespaceName, 'get_metadef_tag');
  return existingTag(deps, namespace, name);
}

/** Renames a tag. As Glance's, the answer carries the `updated_at` the tag had before. */
export async function updateTag(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
  newName: string,
): Promise<MetadefTag> {
  const namespace = await tagNamespace(deps, context, namespaceName, 'modify_metadef_tag');
  const tag = await existingTag(deps, namespace, name);
  refuseFourByteText('update metadata tag', { name: newName });
  if (newName !== tag.name) await renameTag(deps.db, namespace, tag, newName, deps.now().toISOString());
  return { ...tag, name: newName };
}

export async function deleteNamespaceTag(
  deps: ImageDeps,
  context: RequestContext,
  namespaceName: string,
  name: string,
): Promise<void> {
  const namespace = await tagNamespace(deps, context, namespaceName, 'delete_metadef_tag');
  const tag = await existingTag(deps, namespace, name);
  if (namespace.protected) throw protectedFromDelete('tag', tag.name);
  await deleteTag(deps.db, tag.id);
}
