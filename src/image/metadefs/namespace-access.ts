import type { RequestContext } from '../../common/auth/context.js';
import type { ImageDeps } from '../deps.js';
import { findNamespace } from './db/namespaces-repo.js';
import { namespaceMissing, NamespaceNotFound, NamespaceNotVisible } from './metadef-errors.js';
import type { Namespace } from './model.js';

/** Who looks at namespaces: an admin sees them all, others public ones and their project's own. */
export interface NamespaceViewer {
  projectId: string | null;
  isAdmin: boolean;
}

export function namespaceViewer(deps: ImageDeps, context: RequestContext): NamespaceViewer {
  return { projectId: context.projectId, isAdmin: deps.policy.check('context_is_admin', {}, context) };
}

export function canSeeNamespace(viewer: NamespaceViewer, namespace: Namespace): boolean {
  return viewer.isAdmin || namespace.visibility === 'public' || namespace.owner === viewer.projectId;
}

/**
 * The namespace of that name, as Glance's database layer gives it: NamespaceNotFound (404) when
 * there is none, NamespaceNotVisible (403) when it is another project's private one. Routes word
 * these their own ways; most use `namespaceOrMissing`.
 */
export async function visibleNamespace(
  deps: ImageDeps,
  context: RequestContext,
  name: string,
): Promise<Namespace> {
  const namespace = await findNamespace(deps.db, name);
  if (namespace === undefined) throw new NamespaceNotFound(name);
  if (!canSeeNamespace(namespaceViewer(deps, context), namespace)) throw new NamespaceNotVisible(name);
  return namespace;
}

/** The visible namespace, or Glance's usual "Namespace <name> not found" for both refusals. */
export async function namespaceOrMissing(
  deps: ImageDeps,
  context: RequestContext,
  name: string,
): Promise<Namespace> {
  try {
    return await visibleNamespace(deps, context, name);
  } catch (error) {
    if (error instanceof NamespaceNotFound || error instanceof NamespaceNotVisible)
      throw namespaceMissing(name);
    throw error;
  }
}

/** The visible namespace; one not visible is "Namespace <name> not found", one missing keeps its own message. */
export async function namespaceHidingOthers(
  deps: ImageDeps,
  context: RequestContext,
  name: string,
): Promise<Namespace> {
  try {
    return await visibleNamespace(deps, context, name);
  } catch (error) {
    if (error instanceof NamespaceNotVisible) throw namespaceMissing(name);
    throw error;
  }
}
