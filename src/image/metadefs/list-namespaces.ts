import type { RequestContext } from '../../common/auth/context.js';
import type { ImageDeps } from '../deps.js';
import { listNamespaceRows, NAMESPACE_SORT_KEYS, type NamespaceSortKey } from './db/list-namespace-rows.js';
import { listAssociations } from './db/resource-types-repo.js';
import { checkSortKey, parseListQuery } from './list-query.js';
import { MetadefPolicy } from './metadef-policy.js';
import type { Namespace, ResourceTypeAssociation } from './model.js';
import { namespaceViewer, visibleNamespace } from './namespace-access.js';

/** Glance's limit_param_default and api_limit_max. */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

export interface NamespaceListing {
  namespaces: Array<{ namespace: Namespace; associations: ResourceTypeAssociation[] }>;
  /** The last namespace's name when the page is full (a next page may follow). */
  nextMarker?: string;
}

/**
 * `GET /v2/metadefs/namespaces`: the namespaces the caller may see, newest first unless sorted
 * otherwise, filtered on `visibility` and on `resource_types` (a comma-separated list, any of
 * which the namespace is associated with), a page at a time after the `marker` namespace.
 */
export async function listNamespaces(
  deps: ImageDeps,
  context: RequestContext,
  query: Array<[string, string]>,
): Promise<NamespaceListing> {
  const request = parseListQuery(query, {
    defaultLimit: DEFAULT_LIMIT,
    maxLimit: MAX_LIMIT,
    visibilities: ['public', 'private'],
  });
  const policy = new MetadefPolicy(deps.policy, context);
  policy.enforce('get_metadef_namespaces');
  policy.enforce('list_metadef_resource_types');
  const marker =
    request.marker === undefined ? undefined : await visibleNamespace(deps, context, request.marker);
  checkSortKey(request.sortKey, NAMESPACE_SORT_KEYS);
  const limit = request.limit ?? DEFAULT_LIMIT;
  const visibility = request.filters.get('visibility');
  const resourceTypes = request.filters.get('resource_types');
  const rows = await listNamespaceRows(deps.db, namespaceViewer(deps, context), {
    sortKey: request.sortKey as NamespaceSortKey,
    sortDir: request.sortDir,
    limit,
    ...(marker ? { marker } : {}),
    ...(visibility ? { visibility } : {}),
    ...(resourceTypes === undefined ? {} : { resourceTypes: resourceTypes.split(',') }),
  });
  const namespaces = rows.filter((namespace) =>
    new MetadefPolicy(deps.policy, context, namespace).check('get_metadef_namespace'),
  );
  const associations = await listAssociations(
    deps.db,
    namespaces.map((namespace) => namespace.id),
  );
  const full = namespaces.length > 0 && namespaces.length === limit;
  return {
    namespaces: namespaces.map((namespace) => ({
      namespace,
      associations: associations.get(namespace.id) ?? [],
    })),
    ...(full ? { nextMarker: namespaces[namespaces.length - 1].namespace } : {}),
  };
}
