import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import type { ComputeDeps } from '../deps.js';
import { startInstanceAction } from '../instances/accept-action.js';
import { InstanceInvalidState, InstanceIsLocked } from '../instances/actions.js';
import { InstanceAction } from '../instances/instance-actions-repo.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { callerIsAdmin, loadServerForCaller } from '../instances/lookup.js';
import type { MigrationRow } from '../instances/migrations-repo.js';
import { TaskState, VmState } from '../instances/states.js';
import { authorize } from '../policies.js';
import {
  forceCompleteBody,
  serverMigrationListResponse,
  serverMigrationResponse,
  serverMigrationsParams,
} from './schemas/migrations.js';
import { validateBody } from './schemas/servers-validation.js';
import {
  LIVE_MIGRATION_IN_PROGRESS,
  MIGRATION_OWNERS,
  MIGRATION_UUID,
  serverMigrationView,
} from './views/migrations.js';

/** `force_complete` from 2.22, the list and show from 2.23, abort from 2.24 (queued ones from 2.65). */
const FORCE_COMPLETE = '2.22';
const LIST_AND_SHOW = '2.23';
const ABORT = '2.24';
const ABORT_QUEUED = '2.65';

/** `instance_actions.LIVE_MIGRATION_CANCEL`. */
const LIVE_MIGRATION_CANCEL = 'live_migration_cancel';

const POLICY = (action: string) => `os_compute_api:servers:migrations:${action}`;

type MigrationRequest = FastifyRequest<{ Params: { server_id: string; id?: string } }>;

/** The server (404 as `common.get_instance`), then the policy on its project. */
async function serverFor(deps: ComputeDeps, request: MigrationRequest, action: string): Promise<InstanceRow> {
  const instance = await loadServerForCaller(deps, request, request.params.server_id);
  authorize(deps.policy, POLICY(action), { project_id: instance.project_id }, request.context);
  return instance;
}

/**
 * `Migration.get_by_id_and_instance`: the migration of that integer id for that instance; an id
 * that is no integer names none.
 */
async function migrationOf(
  deps: ComputeDeps,
  id: string,
  instanceUuid: string,
): Promise<MigrationRow | undefined> {
  if (!/^\d+$/.test(id)) return undefined;
  return deps.db
    .selectFrom('migrations')
    .selectAll()
    .where('id', '=', Number(id))
    .where('instance_uuid', '=', instanceUuid)
    .executeTakeFirst();
}

/** `MigrationNotFoundForInstance`'s message. */
const notFoundForInstance = (id: string, uuid: string) => `Migration ${id} not found for instance ${uuid}`;

/** `InvalidMigrationState`'s message. */
function invalidMigrationState(id: string, uuid: string, state: string, method: string): BadRequest {
  return new BadRequest(
    `Migration ${id} state of instance ${uuid} is ${state}. Cannot ${method} while the migration is in this state.`,
  );
}

/**
 * `check_instance_lock` and `check_instance_state` of the live migration calls: a locked
 * instance (unless the caller is an admin), a vm_state or task_state the call does not take, or
 * one never launched, is the controller's 409.
 */
function checkInstance(
  deps: ComputeDeps,
  request: FastifyRequest,
  instance: InstanceRow,
  action: string,
  vmStates: string[] | null,
): void {
  if (instance.locked === 1 && !callerIsAdmin(deps, request)) {
    // force_complete shows the lock; abort reports it as any invalid state.
    if (action === 'force_complete') throw new InstanceIsLocked(instance.uuid);
    throw new InstanceInvalidState(instance.uuid, action, 'vm_state', null);
  }
  if (vmStates !== null && !vmStates.includes(instance.vm_state)) {
    throw new InstanceInvalidState(instance.uuid, action, 'vm_state', instance.vm_state);
  }
  if (instance.task_state !== TaskState.MIGRATING) {
    throw new InstanceInvalidState(instance.uuid, action, 'task_state', instance.task_state);
  }
  if (!instance.launched_at) throw new InstanceInvalidState(instance.uuid, action, 'launched_at', null);
}

/**
 * `/servers/{id}/migrations` (server_migrations.py, admin): the live migrations of a server in
 * progress, and forcing one to complete or aborting it. The agents have no handler for those two
 * yet; Stratus's drivers, as Nova's fake one, would do nothing for either, so the API checks the
 * request, records the instance action and leaves the migration to finish.
 */
export function serverMigrationRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const fieldsOf = (request: FastifyRequest) => ({
    uuid: request.microversion.atLeast(MIGRATION_UUID),
    owners: request.microversion.atLeast(MIGRATION_OWNERS),
  });

  app.get(
    '/servers/:server_id/migrations',
    { schema: { params: serverMigrationsParams, response: { 200: serverMigrationListResponse } } },
    async (request: MigrationRequest) => {
      requireMicroversion(request, LIST_AND_SHOW);
      const instance = await serverFor(deps, request, 'index');
      const rows = await deps.db
        .selectFrom('migrations')
        .selectAll()
        .where('instance_uuid', '=', instance.uuid)
        .where('migration_type', '=', 'live-migration')
        .where('status', 'in', LIVE_MIGRATION_IN_PROGRESS)
        .orderBy('id')
        .execute();
      return { migrations: rows.map((row) => serverMigrationView(row, fieldsOf(request))) };
    },
  );

  app.get(
    '/servers/:server_id/migrations/:id',
    { schema: { params: serverMigrationsParams, response: { 200: serverMigrationResponse } } },
    async (request: MigrationRequest) => {
      requireMicroversion(request, LIST_AND_SHOW);
      const instance = await serverFor(deps, request, 'show');
      const id = request.params.id ?? '';
      const serverId = request.params.server_id;
      const row = await migrationOf(deps, id, instance.uuid);
      if (!row) throw new NotFound(`In-progress live migration ${id} is not found for server ${serverId}.`);
      if (row.migration_type !== 'live-migration') {
        throw new NotFound(`Migration ${id} for server ${serverId} is not live-migration.`);
      }
      if (!LIVE_MIGRATION_IN_PROGRESS.includes(row.status)) {
        throw new NotFound(`Live migration ${id} for server ${serverId} is not in progress.`);
      }
      return { migration: serverMigrationView(row, fieldsOf(request)) };
    },
  );

  app.post(
    '/servers/:server_id/migrations/:id/action',
    { schema: { params: serverMigrationsParams, body: {}, response: { 202: { type: 'null' } } } },
    async (request: MigrationRequest, reply) => {
      const body = request.body;
      if (
        body === null ||
        typeof body !== 'object' ||
        Array.isArray(body) ||
        Object.keys(body).length !== 1
      ) {
        throw new BadRequest('Malformed request body');
      }
      const [name] = Object.keys(body);
      if (name !== 'force_complete') throw new BadRequest(`There is no such action: ${name}`);
      requireMicroversion(request, FORCE_COMPLETE);
      validateBody(forceCompleteBody, body);
      const instance = await serverFor(deps, request, 'force_complete');
      checkInstance(deps, request, instance, 'force_complete', [VmState.ACTIVE]);
      const id = request.params.id ?? '';
      const migration = await migrationOf(deps, id, instance.uuid);
      if (!migration) throw new BadRequest(notFoundForInstance(id, instance.uuid));
      if (migration.status !== 'running') {
        throw invalidMigrationState(id, instance.uuid, migration.status, 'force complete');
      }
      await startInstanceAction(deps, request, instance.uuid, InstanceAction.LIVE_MIGRATION_FORCE_COMPLETE);
      return reply.status(202).send();
    },
  );

  app.delete(
    '/servers/:server_id/migrations/:id',
    { schema: { params: serverMigrationsParams, response: { 202: { type: 'null' } } } },
    async (request: MigrationRequest, reply) => {
      requireMicroversion(request, ABORT);
      const instance = await serverFor(deps, request, 'delete');
      checkInstance(deps, request, instance, 'abort live migration', null);
      const id = request.params.id ?? '';
      const migration = await migrationOf(deps, id, instance.uuid);
      if (!migration) throw new NotFound(notFoundForInstance(id, instance.uuid));
      const allowed = request.microversion.atLeast(ABORT_QUEUED)
        ? ['running', 'queued', 'preparing']
        : ['running'];
      if (!allowed.includes(migration.status)) {
        throw invalidMigrationState(id, instance.uuid, migration.status, 'abort live migration');
      }
      await startInstanceAction(deps, request, instance.uuid, LIVE_MIGRATION_CANCEL);
      return reply.status(202).send();
    },
  );
}
