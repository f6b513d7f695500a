import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { validateBody } from '../volumes/request-validation.js';
import { addTypeAccess, removeTypeAccess, typeAccessList } from '../volume-types/type-access.js';
import { emptyResponse } from './common-schemas.js';
import { actionOf } from './snapshot-actions.js';
import { projectAccessSchema, typeAccessResponse, typeParams } from './types-schemas.js';

type Params = { type_id: string };
type AccessAction = 'addProjectAccess' | 'removeProjectAccess';

const POLICY = 'volume_extension:volume_type_access';

/** Who may use a private type: admins share it with projects (POST /types/{id}/action) and list them. */
export function typeAccessRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const own = (request: FastifyRequest) => ({ project_id: request.context.projectId });

  app.post<{ Params: Params }>(
    '/types/:type_id/action',
    { schema: { params: typeParams, body: {}, response: { 202: emptyResponse } } },
    async (request, reply) => {
      const action = actionOf(request.body);
      if (action !== 'addProjectAccess' && action !== 'removeProjectAccess') {
        throw new BadRequest(`There is no such action: ${action}`);
      }
      const body = validateBody<Record<AccessAction, { project: string }>>(
        projectAccessSchema(action),
        request.body,
      );
      authorize(deps.policy, `${POLICY}:${action}`, own(request), request.context);
      const change = action === 'addProjectAccess' ? addTypeAccess : removeTypeAccess;
      await change(deps, request.params.type_id, body[action].project);
      return reply.status(202).send();
    },
  );

  app.get<{ Params: Params }>(
    '/types/:type_id/os-volume-type-access',
    { schema: { params: typeParams, response: { 200: typeAccessResponse } } },
    async (request) => {
      authorize(deps.policy, `${POLICY}:get_all_for_type`, own(request), request.context);
      const typeId = request.params.type_id;
      const projects = await typeAccessList(deps, typeId);
      return {
        volume_type_access: projects.map((project) => ({ volume_type_id: typeId, project_id: project })),
      };
    },
  );
}
