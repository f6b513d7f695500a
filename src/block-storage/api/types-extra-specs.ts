import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { keyValuesOf } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { validateBody } from '../volumes/request-validation.js';
import {
  deleteExtraSpec,
  setExtraSpecs,
  visibleSpecs,
  VolumeTypeExtraSpecsNotFound,
} from '../volume-types/extra-specs.js';
import { loadVolumeType } from '../volume-types/volume-type-lookup.js';
import { emptyResponse } from './common-schemas.js';
import {
  createExtraSpecsSchema,
  extraSpecParams,
  extraSpecResponse,
  extraSpecsResponse,
  typeParams,
  updateExtraSpecSchema,
} from './types-schemas.js';

type Params = { type_id: string };
type KeyParams = Params & { key: string };

const POLICY = 'volume_extension:types_extra_specs';

/** A volume type's extra specs (/types/{id}/extra_specs): readers see the user-visible ones, admins write. */
export function typeExtraSpecRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const own = (request: FastifyRequest) => ({ project_id: request.context.projectId });
  /** The specs of a type the caller sees, filtered to what it may read. */
  const readableSpecs = async (request: FastifyRequest, typeId: string) => {
    const type = await loadVolumeType(deps, request.context, typeId);
    const specs = await keyValuesOf(deps.db, 'volume_type_extra_specs', type.id);
    return visibleSpecs(specs, deps.policy.check(`${POLICY}:read_sensitive`, own(request), request.context));
  };

  app.get<{ Params: Params }>(
    '/types/:type_id/extra_specs',
    { schema: { params: typeParams, response: { 200: extraSpecsResponse } } },
    async (request) => {
      authorize(deps.policy, `${POLICY}:index`, own(request), request.context);
      return { extra_specs: await readableSpecs(request, request.params.type_id) };
    },
  );

  app.post<{ Params: Params }>(
    '/types/:type_id/extra_specs',
    { schema: { params: typeParams, body: {}, response: { 200: extraSpecsResponse } } },
    async (request) => {
      const body = validateBody<{ extra_specs: Record<string, string> }>(
        createExtraSpecsSchema,
        request.body,
      );
      authorize(deps.policy, `${POLICY}:create`, own(request), request.context);
      const type = await loadVolumeType(deps, request.context, request.params.type_id);
      await setExtraSpecs(deps, type.id, body.extra_specs);
      return body;
    },
  );

  app.get<{ Params: KeyParams }>(
    '/types/:type_id/extra_specs/:key',
    { schema: { params: extraSpecParams, response: { 200: extraSpecResponse } } },
    async (request) => {
      const { type_id: typeId, key } = request.params;
      authorize(deps.policy, `${POLICY}:show`, own(request), request.context);
      const specs = await readableSpecs(request, typeId);
      if (!Object.hasOwn(specs, key)) throw new VolumeTypeExtraSpecsNotFound(typeId, key);
      return { [key]: specs[key] };
    },
  );

  app.put<{ Params: KeyParams }>(
    '/types/:type_id/extra_specs/:key',
    { schema: { params: extraSpecParams, body: {}, response: { 200: extraSpecResponse } } },
    async (request) => {
      const { type_id: typeId, key } = request.params;
      const body = validateBody<Record<string, string>>(updateExtraSpecSchema, request.body);
      authorize(deps.policy, `${POLICY}:update`, own(request), request.context);
      const type = await loadVolumeType(deps, request.context, typeId);
      if (!Object.hasOwn(body, key)) throw new BadRequest('Request body and URI mismatch');
      await setExtraSpecs(deps, type.id, body);
      return body;
    },
  );

  app.delete<{ Params: KeyParams }>(
    '/types/:type_id/extra_specs/:key',
    { schema: { params: extraSpecParams, response: { 202: emptyResponse } } },
    async (request, reply) => {
      const { type_id: typeId, key } = request.params;
      const type = await loadVolumeType(deps, request.context, typeId);
      authorize(deps.policy, `${POLICY}:delete`, own(request), request.context);
      await deleteExtraSpec(deps, type.id, key);
      return reply.status(202).send();
    },
  );
}
