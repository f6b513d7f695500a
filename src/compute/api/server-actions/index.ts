import type { FastifyInstance } from 'fastify';
import { BadRequest, NotFound } from '../../../common/http/errors.js';
import type { ComputeDeps } from '../../deps.js';
import { serverIdParams } from '../schemas/servers.js';
import { validateAction, type ActionTable } from './action-table.js';
import { adminActions } from './admin.js';
import { consoleActions } from './consoles.js';
import { deferredDeleteActions } from './deferred-delete.js';
import { floatingIpActions } from './floating-ips.js';
import { lockActions } from './lock.js';
import { moveActions } from './moves.js';
import { powerActions } from './power.js';
import { rebuild } from './rebuild.js';
import { rescueActions } from './rescue.js';
import { resizeActions } from './resize.js';
import { actionResponses, rebuildSchemas } from './schemas.js';
import { securityGroupActions } from './security-groups.js';
import { shelveActions } from './shelve.js';
import { snapshotActions } from './snapshots.js';

/** Every action of `POST /servers/{id}/action`, by its body key. */
export const SERVER_ACTIONS: ActionTable = {
  ...powerActions,
  ...lockActions,
  ...rescueActions,
  ...resizeActions,
  rebuild: { schemas: rebuildSchemas, handle: rebuild },
  ...snapshotActions,
  ...shelveActions,
  ...consoleActions,
  ...moveActions,
  ...adminActions,
  ...deferredDeleteActions,
  ...securityGroupActions,
  ...floatingIpActions,
};

/**
 * `POST /servers/{id}/action`: the body's one key names the action (Nova's `action_peek`), which
 * must exist in the request's microversion; its body is checked against that microversion's
 * schema, then the action runs and answers with its own status.
 */
export function serverActionRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.post<{ Params: { id: string }; Body: unknown }>(
    '/servers/:id/action',
    { schema: { params: serverIdParams, body: {}, response: actionResponses } },
    async (request, reply) => {
      const body = request.body;
      if (
        body === null ||
        typeof body !== 'object' ||
        Array.isArray(body) ||
        Object.keys(body).length !== 1
      ) {
        throw new BadRequest('Malformed request body');
      }
      const [name] = Object.keys(body);
      const handler = Object.hasOwn(SERVER_ACTIONS, name) ? SERVER_ACTIONS[name] : undefined;
      if (!handler) throw new BadRequest(`There is no such action: ${name}`);
      if (!request.microversion.matches(handler.min, handler.max)) {
        throw new NotFound('The resource could not be found.');
      }
      validateAction(handler, request, body);
      const result = await handler.handle({
        deps,
        request,
        serverId: request.params.id,
        args: (body as Record<string, unknown>)[name],
      });
      if (result.headers) reply.headers(result.headers);
      reply.status(result.status);
      return result.body === undefined ? reply.send() : result.body;
    },
  );
}
