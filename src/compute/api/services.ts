import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { AggregatesRepo } from '../aggregates/aggregates-repo.js';
import { hostZones } from '../aggregates/availability-zones.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { boolFromString, pythonInt } from '../python-values.js';
import { ServiceRegistry, type ServiceChanges, type ServiceRow } from '../services/service-registry.js';
import { lastOf, refuseUnknownQuery } from './schemas/parameter-types.js';
import {
  SERVICE_LIST_PARAMETERS,
  serviceIdParams,
  serviceListQuery,
  serviceListResponse,
  updateServiceBody,
  updateServiceResponse,
} from './schemas/services.js';
import { SERVICE_FORCED_DOWN, SERVICE_UUID_ID, serviceDetail } from './views/services.js';

interface UpdateBody {
  host?: string;
  binary?: string;
  disabled_reason?: string;
  forced_down?: boolean | string;
  status?: 'enabled' | 'disabled';
}
type UpdateRequest = FastifyRequest<{ Params: { id: string }; Body: UpdateBody | undefined }>;

const POLICY = (action: string) => `os_compute_api:os-services:${action}`;

/** `uuidutils.is_uuid_like`: 32 hex digits once any dashes are dropped. */
function isUuidLike(value: string): boolean {
  return /^[0-9a-f]{32}$/i.test(value.replace(/-/g, ''));
}

/** Only compute services take enable, disable and force-down; Nova refuses the rest with this. */
function requireCompute(binary: string): void {
  if (binary !== 'nova-compute') {
    throw new BadRequest(
      `Updating a ${binary} service is not supported. Only nova-compute services can be updated.`,
    );
  }
}

/** The one PUT body schema is a union; this is the part of it the request's microversion allows. */
function narrowBody(body: UpdateBody, allowed: readonly string[], required: readonly string[]): void {
  refuseUnknownQuery(body as Record<string, unknown>, allowed);
  const missing = required.find((key) => !(key in body));
  if (missing) throw new BadRequest(`'${missing}' is a required property`);
}

/** The action forms before 2.53: `PUT /os-services/{action}` with host and binary in the body. */
async function performAction(deps: ComputeDeps, registry: ServiceRegistry, request: UpdateRequest) {
  const body = request.body ?? {};
  const withForcedDown = request.microversion.atLeast(SERVICE_FORCED_DOWN);
  narrowBody(
    body,
    ['host', 'binary', 'disabled_reason', ...(withForcedDown ? ['forced_down'] : [])],
    ['host', 'binary'],
  );
  authorize(deps.policy, POLICY('update'), {}, request.context);
  const host = body.host as string;
  const binary = body.binary as string;
  const update = async (changes: ServiceChanges) => {
    requireCompute(binary);
    const service = await registry.find(host, binary);
    // Nova finds the host's cell first; in one cell, a host is mapped once its compute registered.
    if (!service) throw new NotFound(`Host '${host}' is not mapped to any cell`);
    await registry.setStatus(service, changes, deps.now());
  };
  switch (request.params.id) {
    case 'enable':
      await update({ disabled: false, disabledReason: null });
      return { service: { host, binary, status: 'enabled' } };
    case 'disable':
      await update({ disabled: true, disabledReason: null });
      return { service: { host, binary, status: 'disabled' } };
    case 'disable-log-reason': {
      const reason = body.disabled_reason;
      if (reason === undefined) throw new BadRequest('Missing disabled reason field');
      await update({ disabled: true, disabledReason: reason });
      return { service: { host, binary, status: 'disabled', disabled_reason: reason } };
    }
    case 'force-down': {
      // An action from 2.11; before, it is as unknown as any other name.
      if (!withForcedDown) break;
      if (body.forced_down === undefined) throw new BadRequest('Missing forced_down field');
      // Non-strict bool_from_string; the schema has already refused words that are no boolean.
      const forcedDown = boolFromString(body.forced_down) ?? false;
      await update({ forcedDown });
      return { service: { host, binary, forced_down: forcedDown } };
    }
  }
  throw new NotFound('Unknown action');
}

/** From 2.53: `PUT /os-services/{uuid}` with status, disabled_reason and forced_down. */
async function updateByUuid(deps: ComputeDeps, registry: ServiceRegistry, request: UpdateRequest) {
  const id = request.params.id;
  if (!isUuidLike(id)) throw new BadRequest(`Invalid uuid ${id}`);
  authorize(deps.policy, POLICY('update'), {}, request.context);
  const body = request.body ?? {};
  narrowBody(body, ['status', 'disabled_reason', 'forced_down'], []);
  const service = await registry.findById(id);
  if (!service) throw new NotFound(`Service ${id} could not be found.`);
  requireCompute(service.binary);
  const changes: ServiceChanges = {};
  if (body.status === 'enabled') {
    if (body.disabled_reason) {
      throw new BadRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
    }
    Object.assign(changes, { disabled: false, disabledReason: null });
  } else if (body.status === 'disabled') {
    Object.assign(changes, { disabled: true, disabledReason: body.disabled_reason ?? null });
  }
  if (body.forced_down !== undefined) changes.forcedDown = boolFromString(body.forced_down) as boolean;
  if (Object.keys(changes).length === 0) {
    throw new BadRequest("No updates were requested. Fields 'status' or 'forced_down' should be specified.");
  }
  const now = deps.now();
  const updated = await registry.setStatus(service, changes, now);
  const zones = hostZones(await new AggregatesRepo(deps.db).list());
  return { service: serviceDetail(updated, registry.isUp(updated, now), request.microversion, true, zones) };
}

/** The service a DELETE names: an integer id before 2.53, a uuid from then. */
async function serviceToDelete(
  registry: ServiceRegistry,
  request: FastifyRequest<{ Params: { id: string } }>,
) {
  const id = request.params.id;
  let service: ServiceRow | undefined;
  if (request.microversion.atLeast(SERVICE_UUID_ID)) {
    if (!isUuidLike(id)) throw new BadRequest(`Invalid uuid ${id}`);
    service = await registry.findById(id);
  } else {
    const number = pythonInt(id);
    if (number === undefined) throw new BadRequest('Invalid input received: id must be an integer');
    service = await registry.findById(number);
  }
  if (!service) throw new NotFound(`Service ${id} not found.`);
  return service;
}

/**
 * `/os-services` (admin only): list with state, enable/disable/force-down, delete. The registry
 * uses Nova's default `service_down_time` until compute has a config section to set it.
 */
export function serviceRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const registry = new ServiceRegistry(deps.db);

  app.get(
    '/os-services',
    { schema: { querystring: serviceListQuery, response: { 200: serviceListResponse } } },
    async (request) => {
      const query = request.query as Record<string, string[] | undefined>;
      if (request.microversion.atLeast('2.75')) refuseUnknownQuery(query, SERVICE_LIST_PARAMETERS);
      authorize(deps.policy, POLICY('list'), {}, request.context);
      const rows = await registry.list({ host: lastOf(query.host), binary: lastOf(query.binary) });
      const zones = hostZones(await new AggregatesRepo(deps.db).list());
      const now = deps.now();
      const withForcedDown = request.microversion.atLeast(SERVICE_FORCED_DOWN);
      return {
        services: rows.map((row) =>
          serviceDetail(row, registry.isUp(row, now), request.microversion, withForcedDown, zones),
        ),
      };
    },
  );

  app.put<{ Params: { id: string }; Body: UpdateBody | undefined }>(
    '/os-services/:id',
    {
      schema: { params: serviceIdParams, body: updateServiceBody, response: { 200: updateServiceResponse } },
    },
    async (request) =>
      request.microversion.atLeast(SERVICE_UUID_ID)
        ? updateByUuid(deps, registry, request)
        : performAction(deps, registry, request),
  );

  // Nova refuses to delete a compute service that hosts instances or has migrations in progress
  // (409); Stratus has neither yet, so those checks join when instances do.
  app.delete<{ Params: { id: string } }>(
    '/os-services/:id',
    { schema: { params: serviceIdParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      authorize(deps.policy, POLICY('delete'), {}, request.context);
      await registry.delete(await serviceToDelete(registry, request));
      return reply.status(204).send();
    },
  );
}
