import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, Forbidden, NotFound } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { validateBody } from '../volumes/request-validation.js';
import { findVolumeType } from '../volumes/volume-type-lookup.js';
import {
  projectDefaultType,
  setProjectDefaultType,
  unsetProjectDefaultType,
} from '../volume-types/default-volume-type.js';
import { emptyResponse, projectParams } from './common-schemas.js';
import {
  defaultTypeListResponse,
  defaultTypeParams,
  defaultTypeResponse,
  setDefaultTypeSchema,
} from './types-schemas.js';

type Params = { target_project_id: string };

/** The version that added the default-types API (DEFAULT_TYPE_OVERRIDES); before it, 404. */
const DEFAULT_TYPES = '3.62';

/**
 * A project's own default volume type (/default-types, 3.62, admins): volumes that project
 * creates without a type get it, and `GET /types/default` shows it. The project is not looked
 * up in the identity service.
 */
export function defaultTypeRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const check = (request: FastifyRequest<{ Params: Params }>, rule: string) => {
    requireMicroversion(request, DEFAULT_TYPES);
    authorize(deps.policy, rule, { project_id: request.params.target_project_id }, request.context);
  };

  app.put<{ Params: Params }>(
    '/default-types/:target_project_id',
    { schema: { params: defaultTypeParams, body: {}, response: { 200: defaultTypeResponse } } },
    async (request) => {
      const projectId = request.params.target_project_id;
      check(request, 'volume_extension:default_set_or_update');
      const body = validateBody<{ default_type: { volume_type: string } }>(
        setDefaultTypeSchema,
        request.body,
      );
      const wanted = body.default_type.volume_type;
      const type = await findVolumeType(deps.db, { isAdmin: true, projectId: null }, wanted).catch(
        (error) => {
          if (error instanceof NotFound) throw new BadRequest(error.message);
          throw error;
        },
      );
      await setProjectDefaultType(deps.db, projectId, type.id, deps.now());
      return { default_type: { project_id: projectId, volume_type_id: type.id } };
    },
  );

  app.get<{ Params: Params }>(
    '/default-types/:target_project_id',
    { schema: { params: defaultTypeParams, response: { 200: defaultTypeResponse } } },
    async (request) => {
      const projectId = request.params.target_project_id;
      check(request, 'volume_extension:default_get');
      const own = await projectDefaultType(deps.db, projectId);
      if (!own) throw new NotFound(`Default type for project ${projectId} not found.`);
      return { default_type: own };
    },
  );

  app.get(
    '/default-types',
    { schema: { params: projectParams, response: { 200: defaultTypeListResponse } } },
    async (request) => {
      requireMicroversion(request, DEFAULT_TYPES);
      if (
        !deps.policy.check(
          'volume_extension:default_get_all',
          { project_id: request.context.projectId },
          request.context,
        )
      ) {
        throw new Forbidden('You are not authorized to perform this operation.');
      }
      const rows = await deps.db
        .selectFrom('default_volume_types')
        .select(['project_id', 'volume_type_id'])
        .orderBy('project_id')
        .execute();
      return { default_types: rows };
    },
  );

  app.delete<{ Params: Params }>(
    '/default-types/:target_project_id',
    { schema: { params: defaultTypeParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      check(request, 'volume_extension:default_unset');
      await unsetProjectDefaultType(deps.db, request.params.target_project_id);
      return reply.status(204).send();
    },
  );
}
