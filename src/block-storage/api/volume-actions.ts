import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { legacyAttachActions } from '../attachments/legacy-actions.js';
import type { BlockStorageDeps } from '../deps.js';
import { anyBody } from './common-schemas.js';
import { volumeAdminActions } from './volume-admin-actions.js';
import { volumeChangeActions } from './volume-change-actions.js';
import { volumeImageActions } from './volume-image-actions.js';
import { volumeIdParams } from './volume-schemas.js';
import { exactPath } from './volume-paths.js';

export type VolumeActionRequest = FastifyRequest<{ Params: { id: string } }>;

/** What an action answers: its status and body (none for most). */
export interface VolumeActionResult {
  status: number;
  body?: unknown;
}

/** One action of `POST /volumes/{id}/action`, given the whole request body. */
export type VolumeAction = (
  deps: BlockStorageDeps,
  request: VolumeActionRequest,
  body: Record<string, unknown>,
) => Promise<VolumeActionResult>;

/**
 * The actions by name. Other areas (attachments' os-attach, os-reserve...) add theirs by
 * spreading their own table in here.
 */
export const volumeActions: Record<string, VolumeAction> = {
  ...volumeChangeActions,
  ...volumeAdminActions,
  ...volumeImageActions,
  ...legacyAttachActions,
};

/** Any of the actions' answers. */
const actionResponse = { type: ['object', 'null'] };

/**
 * `POST /volumes/{id}/action`: the body's one key names the action (Cinder's `action_peek`);
 * a body with more or fewer keys is malformed, an unknown name Cinder's 400.
 */
export function volumeActionRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.post<{ Params: { id: string } }>(
    '/volumes/:id/action',
    {
      onRequest: exactPath,
      schema: {
        params: volumeIdParams,
        body: anyBody,
        response: { 200: actionResponse, 202: actionResponse },
      },
    },
    async (request: VolumeActionRequest, reply) => {
      const body = request.body;
      if (
        body === null ||
        typeof body !== 'object' ||
        Array.isArray(body) ||
        Object.keys(body).length !== 1
      ) {
        throw new BadRequest('Malformed request body');
      }
      const name = Object.keys(body)[0];
      const action = Object.hasOwn(volumeActions, name) ? volumeActions[name] : undefined;
      if (!action) {
        throw new BadRequest(
          `There is no such action: ${name}. Verify the request body and Content-Type header and try again.`,
        );
      }
      const result = await action(deps, request, body as Record<string, unknown>);
      reply.status(result.status);
      return result.body === undefined ? reply.send() : result.body;
    },
  );
}
