import type { FastifyRequest } from 'fastify';
import { NotFound } from '../../common/http/errors.js';

/**
 * A route hook for Cinder's routing of volume paths: the server ignores trailing slashes, but
 * Cinder does not route `/volumes/` (Tempest's "show volume without an id" expects a 404).
 */
export async function exactPath(request: FastifyRequest): Promise<void> {
  const path = request.url.split('?')[0];
  if (path.length > 1 && path.endsWith('/')) throw new NotFound('The resource could not be found.');
}
