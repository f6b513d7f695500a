import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlacementDeps } from '../deps.js';
import { PlacementError } from '../errors.js';

/**
 * Checks the caller against a policy rule. Upstream's default target is the caller's own
 * project and user; its 403 says "Policy does not allow ... to be performed."
 */
export function authorize(
  deps: PlacementDeps,
  request: FastifyRequest,
  action: string,
  target: Record<string, unknown> = {
    project_id: request.context.projectId,
    user_id: request.context.userId,
  },
): void {
  if (!deps.policy.check(action, target, request.context)) {
    throw new PlacementError(403, `Policy does not allow ${action} to be performed.`);
  }
}

/** The newest of rows' `updated_at` (or `created_at` when never updated); undefined for none. */
export function lastModifiedOf(
  rows: Iterable<{ created_at: string; updated_at: string | null }>,
): string | undefined {
  let newest: string | undefined;
  for (const row of rows) {
    const at = row.updated_at ?? row.created_at;
    if (newest === undefined || at > newest) newest = at;
  }
  return newest;
}

/**
 * From 1.15 placement answers reads and writes with `Last-Modified` (the newest change to
 * what is shown, or now when that is unknown) and `Cache-Control: no-cache`.
 */
export function cacheHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  modified: string | Date | undefined,
): void {
  if (!request.microversion.atLeast('1.15')) return;
  const when = modified === undefined ? new Date() : new Date(modified);
  reply.header('last-modified', when.toUTCString());
  reply.header('cache-control', 'no-cache');
}

/**
 * A route hook for handlers that read a JSON body: any other media type is a 415 before the
 * body is looked at, as upstream's `require_content('application/json')`.
 */
export async function requireJsonContent(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type']?.split(';')[0].trim() || 'None';
  if (type.toLowerCase() !== 'application/json') {
    throw new PlacementError(415, `The media type ${type} is not supported, use application/json`);
  }
}

/** Schemas of the empty answers (204) and of bodies checked per microversion inside the handler. */
export const noContent = { 204: { type: 'null' } } as const;
export const anyJsonObject = { type: 'object', additionalProperties: true } as const;
