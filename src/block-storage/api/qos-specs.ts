import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { listQosSpecs } from '../qos/qos-list.js';
import {
  associateQos,
  createQosSpecs,
  deleteQosKeys,
  deleteQosSpecs,
  disassociateAllQos,
  disassociateQos,
  qosAssociations,
  qosSpecsRow,
  setQosSpecs,
  withSpecs,
} from '../qos/qos-specs.js';
import { validateBody } from '../volumes/request-validation.js';
import { emptyResponse, projectParams } from './common-schemas.js';
import { apiRoot, collectionLinks, parseListParams } from './list-params.js';
import {
  createQosSchema,
  deleteKeysSchema,
  qosAssociationsResponse,
  qosListResponse,
  qosParams,
  qosResponse,
  qosSetResponse,
  setQosSchema,
} from './qos-schemas.js';
import { qosSpecsLinks, qosSpecsView } from './views/qos-specs.js';

type Params = { qos_id: string };

const POLICY = 'volume_extension:qos_specs_manage';
const TRUE_WORDS = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE_WORDS = ['0', 'f', 'false', 'off', 'n', 'no'];

/** Cinder's `name_skip_leading_trailing_spaces` format: the name, stripped, 1 to 255 characters. */
function qosName(name: string): string {
  const stripped = name.trim();
  const invalid = (reason: string) => new BadRequest(`An invalid 'name' value was provided. ${reason}`);
  if (!name) throw invalid("The 'name' can not be None.");
  if (stripped.length === 0) throw invalid("The 'name' can not be empty.");
  if ([...stripped].length > 255) throw invalid("The 'name' can not be greater than 255 characters.");
  return stripped;
}

/** `utils.get_bool_param('force', params)`: absent is false, anything but a boolean word a 400. */
function forceParam(query: unknown): boolean {
  const given = (query as Record<string, unknown>).force;
  if (given === undefined) return false;
  const value = String(Array.isArray(given) ? given[0] : given);
  const lowered = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(lowered)) return true;
  if (FALSE_WORDS.includes(lowered)) return false;
  throw new BadRequest(`Value '${value}' for 'force' is not a boolean.`);
}

/** The volume type an (dis)associate request names; 400 without one. */
function volumeTypeParam(query: unknown): string {
  const given = (query as Record<string, unknown>).vol_type_id;
  const typeId = Array.isArray(given) ? given.at(-1) : given;
  if (!typeId) throw new BadRequest('Volume Type id must not be None.');
  return String(typeId);
}

/**
 * QoS specs (/qos-specs), for admins: named limits (IOPS, bytes per second) linked to volume
 * types. They are kept and shown; no back end or hypervisor enforces them yet.
 */
export function qosSpecsRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const allow = (request: FastifyRequest, action: string) =>
    authorize(deps.policy, `${POLICY}:${action}`, { project_id: request.context.projectId }, request.context);
  const show = async (request: FastifyRequest, id: string) => {
    const [qos] = await withSpecs(deps.db, [await qosSpecsRow(deps.db, id)]);
    return {
      qos_specs: qosSpecsView(qos),
      links: qosSpecsLinks(apiRoot(deps.baseUrl, request), deps.baseUrl, id),
    };
  };

  app.get(
    '/qos-specs',
    { schema: { params: projectParams, response: { 200: qosListResponse } } },
    async (request) => {
      allow(request, 'get_all');
      const params = parseListParams(request.query, deps.settings.max_limit);
      const specs = await listQosSpecs(deps, params);
      const links = collectionLinks(
        deps.baseUrl,
        request,
        'qos-specs',
        specs.length,
        params.limit,
        specs.at(-1)?.id,
      );
      return { qos_specs: specs.map(qosSpecsView), ...(links.length > 0 ? { qos_specs_links: links } : {}) };
    },
  );

  app.post(
    '/qos-specs',
    { schema: { params: projectParams, body: {}, response: { 200: qosResponse } } },
    async (request) => {
      allow(request, 'create');
      const { name, ...specs } = validateBody<{ qos_specs: { name: string } & Record<string, unknown> }>(
        createQosSchema,
        request.body,
      ).qos_specs;
      const qos = await createQosSpecs(deps, qosName(name), specs);
      return show(request, qos.id);
    },
  );

  app.get<{ Params: Params }>(
    '/qos-specs/:qos_id',
    { schema: { params: qosParams, response: { 200: qosResponse } } },
    async (request) => {
      allow(request, 'get');
      return show(request, request.params.qos_id);
    },
  );

  app.put<{ Params: Params }>(
    '/qos-specs/:qos_id',
    { schema: { params: qosParams, body: {}, response: { 200: qosSetResponse } } },
    async (request) => {
      allow(request, 'update');
      const body = validateBody<{ qos_specs: Record<string, string> }>(setQosSchema, request.body);
      await setQosSpecs(deps, request.params.qos_id, body.qos_specs);
      return body;
    },
  );

  app.delete<{ Params: Params }>(
    '/qos-specs/:qos_id',
    { schema: { params: qosParams, response: { 202: emptyResponse } } },
    async (request, reply) => {
      allow(request, 'delete');
      await deleteQosSpecs(deps, request.params.qos_id, forceParam(request.query));
      return reply.status(202).send();
    },
  );

  app.put<{ Params: Params }>(
    '/qos-specs/:qos_id/delete_keys',
    { schema: { params: qosParams, body: {}, response: { 202: emptyResponse } } },
    async (request, reply) => {
      allow(request, 'delete');
      const { keys } = validateBody<{ keys: string[] }>(deleteKeysSchema, request.body);
      await deleteQosKeys(deps, request.params.qos_id, keys);
      return reply.status(202).send();
    },
  );

  app.get<{ Params: Params }>(
    '/qos-specs/:qos_id/associations',
    { schema: { params: qosParams, response: { 200: qosAssociationsResponse } } },
    async (request) => {
      allow(request, 'get_all');
      return { qos_associations: await qosAssociations(deps, request.params.qos_id) };
    },
  );

  app.get<{ Params: Params }>(
    '/qos-specs/:qos_id/associate',
    { schema: { params: qosParams, response: { 202: emptyResponse } } },
    async (request, reply) => {
      allow(request, 'update');
      await associateQos(deps, request.params.qos_id, volumeTypeParam(request.query));
      return reply.status(202).send();
    },
  );

  app.get<{ Params: Params }>(
    '/qos-specs/:qos_id/disassociate',
    { schema: { params: qosParams, response: { 202: emptyResponse } } },
    async (request, reply) => {
      allow(request, 'update');
      await disassociateQos(deps, request.params.qos_id, volumeTypeParam(request.query));
      return reply.status(202).send();
    },
  );

  app.get<{ Params: Params }>(
    '/qos-specs/:qos_id/disassociate_all',
    { schema: { params: qosParams, response: { 202: emptyResponse } } },
    async (request, reply) => {
      allow(request, 'update');
      await disassociateAllQos(deps, request.params.qos_id);
      return reply.status(202).send();
    },
  );
}
