import type { FastifyInstance } from 'fastify';
import { NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { aliasParams, extensionListResponse, extensionResponse } from './schemas/extensions.js';
import { EXTENSION_LIST } from './views/extensions.js';

const POLICY = 'os_compute_api:extensions';

/** `/extensions` (extension_info.py): Nova's fixed list of extensions, for any caller. */
export function extensionRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.get('/extensions', { schema: { response: { 200: extensionListResponse } } }, async (request) => {
    authorize(deps.policy, POLICY, {}, request.context);
    return { extensions: EXTENSION_LIST };
  });

  app.get<{ Params: { alias: string } }>(
    '/extensions/:alias',
    { schema: { params: aliasParams, response: { 200: extensionResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY, {}, request.context);
      const found = EXTENSION_LIST.find((candidate) => candidate.alias === request.params.alias);
      if (!found) throw new NotFound('The resource could not be found.');
      return { extension: found };
    },
  );
}
