import { SwiftError } from './swob.js';

/** What a request under `/v1` names: an account, a container in it, or an object in that. */
export interface SwiftPath {
  version: string;
  account: string;
  container?: string;
  object?: string;
}

const VALID_API_VERSIONS = ['v1', 'v1.0'];

/**
 * Splits a request path as Swift's `split_path(path, 1, 4, True)`: `/v1/a/c/o/with/slashes`,
 * percent-decoded, the object keeping every further slash; a trailing slash after the
 * container names the container (an empty object name is none). Paths that are not valid UTF-8
 * or hold a NUL get 412, unknown versions 400, paths without an account 404, as Swift answers.
 */
export function parseSwiftPath(rawPath: string): SwiftPath {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new SwiftError(412, 'Invalid UTF8 or contains NULL');
  }
  if (path.includes('\0')) throw new SwiftError(412, 'Invalid UTF8 or contains NULL');
  if (!path.startsWith('/')) throw new SwiftError(404);
  const segments = path.slice(1).split('/');
  const [version, account, container] = segments;
  const object = segments.length > 3 ? segments.slice(3).join('/') : undefined;
  if (!version || !account) throw new SwiftError(404);
  if (!VALID_API_VERSIONS.includes(version)) throw new SwiftError(400);
  // Swift refuses an empty segment before a non-empty one (`/v1//c`).
  if (container === '' && object) throw new SwiftError(404);
  return {
    version,
    account,
    ...(container ? { container } : {}),
    ...(object ? { object } : {}),
  };
}
