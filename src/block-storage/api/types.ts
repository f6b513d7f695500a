import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { booleanOf, validateBody } from '../volumes/request-validation.js';
import { defaultVolumeType } from '../volume-types/default-volume-type.js';
import { createVolumeType, deleteVolumeType, updateVolumeType } from '../volume-types/manage-volume-types.js';
import { listVolumeTypes } from '../volume-types/volume-type-list.js';
import { loadVolumeType } from '../volume-types/volume-type-lookup.js';
import { withExtraSpecs } from '../volume-types/volume-type-records.js';
import { emptyResponse, projectParams } from './common-schemas.js';
import { collectionLinks, parseListParams } from './list-params.js';
import {
  createTypeSchema,
  typeListResponse,
  typeParams,
  typeResponse,
  updateTypeSchema,
} from './types-schemas.js';
import { managedTypeView, volumeTypeView, type TypeViewRights } from './views/types.js';

type Params = { type_id: string };

interface CreateBody {
  volume_type: {
    name: string;
    description?: string | null;
    extra_specs?: Record<string, string>;
    'os-volume-type-access:is_public'?: boolean | string;
  };
}

interface UpdateBody {
  volume_type: { name?: string | null; description?: string | null; is_public?: boolean | string };
}

/** The type view rights of the caller, each policy checked as Cinder's view does (on the caller's project). */
export function typeViewRights(deps: BlockStorageDeps, request: FastifyRequest): TypeViewRights {
  const target = { project_id: request.context.projectId };
  const allowed = (rule: string) => deps.policy.check(rule, target, request.context);
  return {
    extraSpecs: allowed('volume_extension:access_types_extra_specs'),
    readSensitive: allowed('volume_extension:types_extra_specs:read_sensitive'),
    qosSpecsId: allowed('volume_extension:access_types_qos_specs_id'),
    accessIsPublic: allowed('volume_extension:volume_type_access'),
  };
}

/** Cinder's `name` format: not empty once spaces are stripped. */
function checkName(name: string): void {
  if (name.trim().length === 0) {
    throw new BadRequest("An invalid 'name' value was provided. The 'name' can not be empty.");
  }
}

/** Volume types (/types): anyone lists and shows the ones they see; admins manage them. */
export function typeRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const own = (request: FastifyRequest) => ({ project_id: request.context.projectId });

  app.get(
    '/types',
    { schema: { params: projectParams, response: { 200: typeListResponse } } },
    async (request) => {
      authorize(deps.policy, 'volume_extension:type_get_all', own(request), request.context);
      const params = parseListParams(request.query, deps.settings.max_limit);
      const types = await listVolumeTypes(deps, request.context, request.microversion, params);
      const rights = typeViewRights(deps, request);
      const links = collectionLinks(
        deps.baseUrl,
        request,
        'types',
        types.length,
        params.limit,
        types.at(-1)?.id,
      );
      return {
        volume_types: types.map((type) => volumeTypeView(type, rights)),
        ...(links.length > 0 ? { volume_type_links: links } : {}),
      };
    },
  );

  // The caller's default type: its project's own (3.62) or the configured one.
  app.get(
    '/types/default',
    { schema: { params: projectParams, response: { 200: typeResponse } } },
    async (request) => {
      const type = await defaultVolumeType(deps.db, deps.settings, request.context.projectId);
      if (!type) throw new NotFound('Default volume type can not be found.');
      authorize(deps.policy, 'volume_extension:type_get', own(request), request.context);
      const [record] = await withExtraSpecs(deps.db, [type]);
      return { volume_type: volumeTypeView(record, typeViewRights(deps, request)) };
    },
  );

  app.get<{ Params: Params }>(
    '/types/:type_id',
    { schema: { params: typeParams, response: { 200: typeResponse } } },
    async (request) => {
      const type = await loadVolumeType(deps, request.context, request.params.type_id);
      authorize(deps.policy, 'volume_extension:type_get', own(request), request.context);
      const [record] = await withExtraSpecs(deps.db, [type]);
      return { volume_type: volumeTypeView(record, typeViewRights(deps, request)) };
    },
  );

  app.post(
    '/types',
    { schema: { params: projectParams, body: {}, response: { 200: typeResponse } } },
    async (request) => {
      authorize(deps.policy, 'volume_extension:type_create', own(request), request.context);
      const body = validateBody<CreateBody>(createTypeSchema, request.body).volume_type;
      checkName(body.name);
      const isPublic = body['os-volume-type-access:is_public'];
      const type = await createVolumeType(deps, {
        name: body.name,
        description: body.description ?? null,
        extraSpecs: body.extra_specs ?? {},
        isPublic: isPublic === undefined ? true : booleanOf(isPublic),
      });
      const [record] = await withExtraSpecs(deps.db, [type]);
      return { volume_type: managedTypeView(record, typeViewRights(deps, request).accessIsPublic) };
    },
  );

  app.put<{ Params: Params }>(
    '/types/:type_id',
    { schema: { params: typeParams, body: {}, response: { 200: typeResponse } } },
    async (request) => {
      authorize(deps.policy, 'volume_extension:type_update', own(request), request.context);
      const body = validateBody<UpdateBody>(updateTypeSchema, request.body).volume_type;
      const type = await updateVolumeType(deps, request.params.type_id, {
        name: body.name,
        description: body.description,
        ...(body.is_public === undefined ? {} : { isPublic: booleanOf(body.is_public) }),
      });
      const [record] = await withExtraSpecs(deps.db, [type]);
      return { volume_type: managedTypeView(record, false) };
    },
  );

  app.delete<{ Params: Params }>(
    '/types/:type_id',
    { schema: { params: typeParams, response: { 202: emptyResponse } } },
    async (request, reply) => {
      authorize(deps.policy, 'volume_extension:type_delete', own(request), request.context);
      await deleteVolumeType(deps, request.params.type_id);
      return reply.status(202).send();
    },
  );
}
