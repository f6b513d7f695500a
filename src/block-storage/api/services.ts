import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { pythonRepr } from '../../common/python-format.js';
import type { ServiceTable } from '../db/schema.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidInput } from '../errors.js';
import { authorize } from '../policies/index.js';
import { SERVICE_POLICY } from '../policies/services.js';
import type { BlockStorageDb } from '../quotas/quota-resources.js';
import { VOLUME_BINARY } from '../rpc/topics.js';
import { validateBody } from '../volumes/request-validation.js';
import {
  disableLogReasonBody,
  enableAndDisableBody,
  serviceActionParams,
  serviceListResponse,
  serviceUpdateResponse,
  type ServiceUpdateBody,
} from './services-schemas.js';
import { anyBody, projectParams } from './volume-schemas.js';
import { cinderTime } from './views/volumes.js';

type ServiceRow = Selectable<ServiceTable>;

/**
 * Cinder's `_filter_host` at the level the value implies: `host` matches `host`, `host@backend`
 * and `host#pool`; `host@backend` matches itself and its pools; `host@backend#pool` only itself.
 */
function hostMatches(serviceHost: string, value: string): boolean {
  if (serviceHost === value) return true;
  if (value.includes('#')) return false;
  if (serviceHost.startsWith(`${value}#`)) return true;
  return !value.includes('@') && serviceHost.startsWith(`${value}@`);
}

/** The services of `binary` (any when not given) on `host` at the level it names, oldest first. */
export async function servicesMatching(
  db: BlockStorageDb,
  host?: string,
  binary?: string,
): Promise<ServiceRow[]> {
  let query = db.selectFrom('services').selectAll().orderBy('created_at').orderBy('host').orderBy('binary');
  if (binary !== undefined) query = query.where('binary', '=', binary);
  const rows = await query.execute();
  return host === undefined ? rows : rows.filter((row) => hostMatches(row.host, host));
}

/** The first value of a query parameter. */
function param(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  return String(Array.isArray(value) ? value[0] : value);
}

/** A service as os-services lists it, with the os-extended-services fields and the microversion's. */
function serviceView(service: ServiceRow, deps: BlockStorageDeps, request: FastifyRequest) {
  const now = deps.now().getTime();
  const heartbeat = new Date(service.heartbeat_at).getTime();
  const up = Math.abs(now - heartbeat) <= deps.settings.service_down_time * 1000;
  // The later of the last heartbeat and the last change (Cinder's updated_at and modified_at).
  const updatedAt =
    service.updated_at !== null && service.updated_at > service.heartbeat_at
      ? service.updated_at
      : service.heartbeat_at;
  const view: Record<string, unknown> = {
    binary: service.binary,
    host: service.host,
    zone: service.availability_zone,
    status: service.disabled ? 'disabled' : 'enabled',
    state: up ? 'up' : 'down',
    updated_at: cinderTime(updatedAt),
  };
  const volumeService = service.binary === VOLUME_BINARY;
  // What the scheduler knows of the backend: it hears from it only while the service is up.
  if (request.microversion.atLeast('3.49') && volumeService) view.backend_state = up ? 'up' : 'down';
  if (request.microversion.atLeast('3.7')) view.cluster = null;
  view.disabled_reason = service.disabled_reason;
  if (volumeService) {
    view.replication_status = 'disabled';
    view.active_backend_id = null;
    view.frozen = false;
  }
  return view;
}

/** The `disabled_reason` format: not blank once stripped, else jsonschema's format failure. */
function checkDisabledReason(reason: string | undefined): void {
  if (reason === undefined || reason === '' || reason.trim().length > 0) return;
  throw new BadRequest(
    `Invalid input for field/attribute disabled_reason. Value: ${reason}. ${pythonRepr(reason)} is not a 'disabled_reason'`,
  );
}

/**
 * `/os-services` (admins): the scheduler and volume services with their state (`down` when the
 * last heartbeat is older than `service_down_time`), filtered by `host` and `binary`; `PUT
 * /os-services/{enable,disable,disable-log-reason}` takes a service in or out of scheduling.
 */
export function serviceRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.get(
    '/os-services',
    { schema: { params: projectParams, response: { 200: serviceListResponse } } },
    async (request) => {
      authorize(deps.policy, SERVICE_POLICY.list, { project_id: request.context.projectId }, request.context);
      const services = await servicesMatching(deps.db, param(request, 'host'), param(request, 'binary'));
      return { services: services.map((service) => serviceView(service, deps, request)) };
    },
  );

  // Fastify takes any body: the handler checks it, with Cinder's messages.
  app.put(
    '/os-services/:action',
    { schema: { params: serviceActionParams, body: anyBody, response: { 200: serviceUpdateResponse } } },
    async (request: FastifyRequest<{ Params: { action: string } }>) => {
      authorize(
        deps.policy,
        SERVICE_POLICY.update,
        { project_id: request.context.projectId },
        request.context,
      );
      const action = request.params.action;
      if (!['enable', 'disable', 'disable-log-reason'].includes(action))
        throw new InvalidInput('Unknown action');
      const withReason = action === 'disable-log-reason';
      const body = validateBody<ServiceUpdateBody>(
        withReason ? disableLogReasonBody : enableAndDisableBody,
        request.body,
      );
      if (withReason) checkDisabledReason(body.disabled_reason);
      const host = body.host;
      if (!host) throw new InvalidInput('Host field is missing.');
      // `binary` wins over the deprecated `service`, which is still echoed.
      const binary = body.binary || body.service || '';
      const [service] = await servicesMatching(deps.db, host, binary);
      if (!service) throw new NotFound(`Service ${binary} could not be found on host ${host}.`);
      const disabled = action !== 'enable';
      // As Cinder with os-extended-services: enabling clears the reason, a plain disable keeps it.
      const reason =
        action === 'enable'
          ? { disabled_reason: null }
          : withReason
            ? { disabled_reason: body.disabled_reason ?? null }
            : {};
      await deps.db
        .updateTable('services')
        .set({ disabled: disabled ? 1 : 0, ...reason, updated_at: deps.now().toISOString() })
        .where('host', '=', service.host)
        .where('binary', '=', service.binary)
        .execute();
      return {
        disabled,
        ...reason,
        host,
        service: body.service ?? '',
        binary: body.binary ?? '',
        status: disabled ? 'disabled' : 'enabled',
      };
    },
  );
}
