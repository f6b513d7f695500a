import { header } from '../../proxy/headers.js';
import type { SwiftCall } from '../../proxy/swift-call.js';
import { badRequest } from '../../proxy/swob.js';

/** Where legacy versioning keeps a container's settings: system metadata, which clients never set. */
export const LOCATION_SYSMETA = 'x-container-sysmeta-versions-location';
export const MODE_SYSMETA = 'x-container-sysmeta-versions-mode';

/** `stack`: a DELETE brings the previous version back; `history`: a DELETE archives and deletes. */
export type VersioningMode = 'stack' | 'history';

/** The client header of each mode. */
export const MODE_HEADERS: Record<VersioningMode, string> = {
  stack: 'x-versions-location',
  history: 'x-history-location',
};

/** What a container PUT or POST asks of versioning: a new location, none (removed), or nothing. */
export type VersioningChange = { location: string; mode: VersioningMode } | { location: '' } | null;

/** A versions container name as Swift's `check_container_format` takes it: decoded, without slashes. */
function checkLocation(value: string): string {
  let name = value;
  try {
    name = decodeURIComponent(value);
  } catch {
    // Taken as given.
  }
  if (name.includes('/')) throw badRequest('Container name cannot contain slashes');
  return name;
}

/**
 * The versioning change of a container PUT or POST (`X-Versions-Location`, `X-History-Location`,
 * their `X-Remove-` forms or empty values), taken out of the call's headers: they become
 * system metadata, never plain headers.
 */
export function takeVersioningChange(call: SwiftCall): VersioningChange {
  const stack = header(call.headers, MODE_HEADERS.stack);
  const history = header(call.headers, MODE_HEADERS.history);
  const removed =
    header(call.headers, 'x-remove-versions-location') !== undefined ||
    header(call.headers, 'x-remove-history-location') !== undefined;
  for (const name of [
    ...Object.values(MODE_HEADERS),
    'x-remove-versions-location',
    'x-remove-history-location',
  ])
    delete call.headers[name];
  if (stack && history) {
    throw badRequest('Only one of X-Versions-Location or X-History-Location may be specified');
  }
  if (stack) return { location: checkLocation(stack), mode: 'stack' };
  if (history) return { location: checkLocation(history), mode: 'history' };
  if (removed || stack === '' || history === '') return { location: '' };
  return null;
}

/** The name a version of `object` is archived under: `<3-hex byte length><name>/<timestamp>`. */
export function versionsPrefix(object: string): string {
  return `${Buffer.byteLength(object).toString(16).padStart(3, '0')}${object}/`;
}
