import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import { AggregateApi } from '../aggregates/aggregate-api.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { pythonInt } from '../python-values.js';
import { ServiceRegistry } from '../services/service-registry.js';
import {
  AGGREGATE_ACTIONS,
  aggregateActionBody,
  aggregateIdParams,
  aggregateImagesBody,
  aggregateListResponse,
  aggregateResponse,
  createAggregateBody,
  createAggregateResponse,
  updateAggregateBody,
} from './schemas/aggregates.js';
import { checkName, refuseUnknownQuery } from './schemas/parameter-types.js';
import { aggregateDetail, createdAggregate } from './views/aggregates.js';

interface AggregateFields {
  name?: string;
  availability_zone?: string | null;
}
interface ActionBody {
  add_host?: { host: string };
  remove_host?: { host: string };
  set_metadata?: { metadata: Record<string, string | null> };
}
type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const POLICY = (action: string) => `os_compute_api:os-aggregates:${action}`;

/** Nova's `valid_az_name_regex`: printable but no ':', not starting or ending with whitespace. */
const VALID_AZ_NAME = /^(?![\p{C}\p{Z}])[^\p{C}\p{Zl}\p{Zp}:]*(?<![\p{C}\p{Z}])$/u;

function checkZoneName(zone: string | null | undefined): void {
  if (typeof zone === 'string' && !VALID_AZ_NAME.test(zone)) {
    throw new BadRequest(
      "An invalid 'name' value was provided. The name must be: printable characters except :.Can not start or end with whitespace.",
    );
  }
}

/** `utils.validate_integer(id, 'id')`. */
function aggregateId(request: IdRequest): number {
  const id = pythonInt(request.params.id);
  if (id === undefined) throw new BadRequest('Invalid input received: id must be an integer');
  return id;
}

/**
 * `/os-aggregates` (admin only): host aggregates, their hosts and metadata, and the
 * availability zone an aggregate's `availability_zone` key names.
 */
export function aggregateRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const api = new AggregateApi(deps.db, new ServiceRegistry(deps.db));
  const params = aggregateIdParams;

  app.get('/os-aggregates', { schema: { response: { 200: aggregateListResponse } } }, async (request) => {
    authorize(deps.policy, POLICY('index'), {}, request.context);
    const aggregates = await api.repo.list();
    return { aggregates: aggregates.map((aggregate) => aggregateDetail(aggregate, request.microversion)) };
  });

  app.post<{ Body: { aggregate: AggregateFields } }>(
    '/os-aggregates',
    { schema: { body: createAggregateBody, response: { 200: createAggregateResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY('create'), {}, request.context);
      const { name, availability_zone: zone } = request.body.aggregate;
      checkName(name as string);
      checkZoneName(zone);
      const aggregate = await api.create(name as string, zone ?? undefined, deps.now());
      return { aggregate: createdAggregate(aggregate, request.microversion) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/os-aggregates/:id',
    { schema: { params, response: { 200: aggregateResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY('show'), {}, request.context);
      const aggregate = await api.repo.get(aggregateId(request));
      return { aggregate: aggregateDetail(aggregate, request.microversion) };
    },
  );

  app.put<{ Params: { id: string }; Body: { aggregate: AggregateFields } }>(
    '/os-aggregates/:id',
    { schema: { params, body: updateAggregateBody, response: { 200: aggregateResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY('update'), {}, request.context);
      const { name, availability_zone: zone } = request.body.aggregate;
      if (name !== undefined) checkName(name);
      checkZoneName(zone);
      const aggregate = await api.update(aggregateId(request), { name, zone }, deps.now());
      return { aggregate: aggregateDetail(aggregate, request.microversion) };
    },
  );

  // Nova answers 200 with no body here, kept for compatibility.
  app.delete<{ Params: { id: string } }>(
    '/os-aggregates/:id',
    { schema: { params, response: { 200: { type: 'null' } } } },
    async (request, reply) => {
      authorize(deps.policy, POLICY('delete'), {}, request.context);
      await api.delete(aggregateId(request));
      return reply.status(200).send();
    },
  );

  app.post<{ Params: { id: string }; Body: ActionBody }>(
    '/os-aggregates/:id/action',
    { schema: { params, body: aggregateActionBody, response: { 200: aggregateResponse } } },
    async (request) => {
      const action = Object.keys(request.body)[0];
      if (!(action in AGGREGATE_ACTIONS)) throw new BadRequest(`There is no such action: ${action}`);
      refuseUnknownQuery(request.body as Record<string, unknown>, [action]);
      authorize(deps.policy, POLICY(action), {}, request.context);
      const id = aggregateId(request);
      const now = deps.now();
      const { add_host, remove_host, set_metadata } = request.body;
      const aggregate = add_host
        ? await api.addHost(id, add_host.host, now)
        : remove_host
          ? await api.removeHost(id, remove_host.host, now)
          : await api.setMetadata(
              id,
              (set_metadata as { metadata: Record<string, string | null> }).metadata,
              now,
            );
      return { aggregate: aggregateDetail(aggregate, request.microversion) };
    },
  );

  // 2.81's image pre-cache: checked and accepted, but nothing caches images on hosts yet.
  app.post<{ Params: { id: string }; Body: { cache: { id: string }[] } }>(
    '/os-aggregates/:id/images',
    { schema: { params, body: aggregateImagesBody, response: { 202: { type: 'null' } } } },
    async (request, reply) => {
      requireMicroversion(request, '2.81');
      authorize(deps.policy, 'compute:aggregates:images', {}, request.context);
      const id = aggregateId(request);
      const images = request.body.cache.map((image) => image.id);
      if (new Set(images).size !== images.length) throw new BadRequest('Duplicate images in request');
      await api.repo.get(id);
      return reply.status(202).send();
    },
  );
}
