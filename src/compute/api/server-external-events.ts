import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeDeps } from '../deps.js';
import { startInstanceAction } from '../instances/accept-action.js';
import { InstanceAction } from '../instances/instance-actions-repo.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { rpcContextOf } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import type { ExternalEvent } from '../rpc/compute-api.js';
import { objectBody } from './schemas/servers.js';
import { validateBody } from './schemas/servers-validation.js';
import { externalEventsResponse, externalEventsSchema } from './schemas/server-external-events.js';
import { agentAt } from './server-actions/action-table.js';

interface BodyEvent {
  server_uuid: string;
  name: string;
  status?: string;
  tag?: string;
}

/** An event as the answer shows it: as given, with its outcome. */
type AnsweredEvent = BodyEvent & { status: string; code: number };

/** Events that mean nothing without their tag (a volume id, a power state, an ARQ uuid). */
const TAG_REQUIRED = ['volume-extended', 'power-update', 'accelerator-request-bound'];

/** Migration statuses after which the instance has no migration context (Nova's finished ones). */
const FINISHED_MIGRATION = ['confirmed', 'reverted', 'error', 'failed', 'completed', 'cancelled', 'done'];

/** The instance action `power-update` records, by its tag (`POWER_ON`, `POWER_OFF`). */
const POWER_UPDATE_ACTIONS: Record<string, string> = {
  POWER_ON: InstanceAction.START,
  POWER_OFF: InstanceAction.STOP,
};

/**
 * `_get_relevant_hosts`: the instance's host, and the destination of a move under way, which
 * must hear of the instance's ports and volumes too.
 */
async function relevantHosts(deps: ComputeDeps, instance: InstanceRow): Promise<string[]> {
  const hosts = new Set([instance.host!]);
  const migration = await deps.db
    .selectFrom('migrations')
    .select('dest_compute')
    .where('instance_uuid', '=', instance.uuid)
    .where('status', 'not in', FINISHED_MIGRATION)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (migration?.dest_compute) hosts.add(migration.dest_compute);
  return [...hosts];
}

/**
 * `compute_api.external_instance_event`: `volume-extended` and `power-update` start an instance
 * action the user can follow (a `power-update` with an unknown power state goes nowhere), then
 * each host gets its instances' events in one cast.
 */
async function dispatch(
  deps: ComputeDeps,
  request: FastifyRequest,
  accepted: { event: ExternalEvent; instance: InstanceRow }[],
): Promise<void> {
  const hostsOf = new Map<string, string[]>();
  for (const { instance } of accepted) {
    if (!hostsOf.has(instance.uuid)) hostsOf.set(instance.uuid, await relevantHosts(deps, instance));
  }
  const eventsByHost = new Map<string, ExternalEvent[]>();
  for (const { event } of accepted) {
    if (event.name === 'volume-extended') {
      await startInstanceAction(deps, request, event.instanceUuid, InstanceAction.EXTEND_VOLUME);
    } else if (event.name === 'power-update') {
      const action = POWER_UPDATE_ACTIONS[event.tag ?? ''];
      if (!action) {
        request.log.warn(
          { event },
          `Invalid power state ${event.tag}. Cannot process the event. Skipping it.`,
        );
        continue;
      }
      await startInstanceAction(deps, request, event.instanceUuid, action);
    }
    for (const host of hostsOf.get(event.instanceUuid)!) {
      eventsByHost.set(host, [...(eventsByHost.get(host) ?? []), event]);
    }
  }
  const context = rpcContextOf(deps, request);
  for (const [host, events] of eventsByHost) {
    await agentAt(deps, host).cast('external_instance_event', { context, events });
  }
}

/**
 * `POST /os-server-external-events` (admin; Neutron, Cinder and Cyborg call it): events about
 * servers, each answered with its own code: 200 when passed on to the server's host, 404 for a
 * server that does not exist, 400 for an event without the tag it needs, 422 for a server on no
 * host. The answer is 200 when every event was passed on, else 207.
 */
export function serverExternalEventRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.post(
    '/os-server-external-events',
    { schema: { body: objectBody, response: { 200: externalEventsResponse, 207: externalEventsResponse } } },
    async (request, reply) => {
      const body = validateBody<{ events: BodyEvent[] }>(
        externalEventsSchema(request.microversion),
        request.body,
      );
      // Empty target: the service users that call it are not in the servers' projects.
      authorize(deps.policy, 'os_compute_api:os-server-external-events:create', {}, request.context);
      const uuids = [...new Set(body.events.map((event) => event.server_uuid))];
      const rows = await deps.db
        .selectFrom('instances')
        .selectAll()
        .where('uuid', 'in', uuids)
        .where('deleted', '=', 0)
        .execute();
      const instances = new Map(rows.map((row) => [row.uuid, row]));
      const answered: AnsweredEvent[] = [];
      const accepted: { event: ExternalEvent; instance: InstanceRow }[] = [];
      for (const given of body.events) {
        const instance = instances.get(given.server_uuid);
        const event: ExternalEvent = {
          instanceUuid: given.server_uuid,
          name: given.name,
          status: given.status ?? 'completed',
          tag: given.tag ?? null,
        };
        let outcome: { status: string; code: number };
        if (!instance) outcome = { status: 'failed', code: 404 };
        else if (TAG_REQUIRED.includes(event.name) && event.tag === null)
          outcome = { status: 'failed', code: 400 };
        else if (instance.host) {
          accepted.push({ event, instance });
          outcome = { status: 'completed', code: 200 };
        } else outcome = { status: 'failed', code: 422 };
        answered.push({ ...given, ...outcome });
      }
      if (accepted.length > 0) await dispatch(deps, request, accepted);
      reply.status(answered.every((event) => event.code === 200) ? 200 : 207);
      return { events: answered };
    },
  );
}
