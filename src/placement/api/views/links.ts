import type { PlacementDeps } from '../../deps.js';

/**
 * Upstream's links are paths under the mount point (SCRIPT_NAME), never full URLs, so that
 * placement needs no idea of how it is proxied: `/placement/resource_providers/<uuid>`.
 */
export function mountPath(deps: PlacementDeps): string {
  return new URL(deps.baseUrl).pathname.replace(/\/$/, '');
}

/** A full URL for Location headers, which webob makes absolute. */
export function absoluteUrl(deps: PlacementDeps, path: string): string {
  return `${deps.baseUrl.replace(/\/$/, '')}${path}`;
}
