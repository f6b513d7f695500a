import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { checkAction, type ServerAction } from '../instances/actions.js';
import { checkMetadataQuota } from '../instances/create-checks.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { callerIsAdmin, instanceStateOf, loadServerForCaller } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import {
  metadataBody,
  metadataKeyParams,
  metadataParams,
  metadataResponse,
  metaItemBody,
  metaItemResponse,
} from './schemas/servers-metadata.js';
import { objectBody } from './schemas/servers.js';
import { validateBody } from './schemas/servers-validation.js';

type ServerRequest = FastifyRequest<{ Params: { id: string } }>;
type KeyRequest = FastifyRequest<{ Params: { id: string; key: string } }>;

const POLICY = (action: string) => `os_compute_api:server-metadata:${action}`;

/** Nova's `check_instance_lock` and `check_instance_state` for metadata changes (409). */
function checkServerState(
  deps: ComputeDeps,
  request: FastifyRequest,
  row: InstanceRow,
  action: ServerAction,
) {
  checkAction(action, instanceStateOf(row), { isAdmin: callerIsAdmin(deps, request) });
}

/** A server's metadata, by key. */
async function metadataOf(deps: ComputeDeps, uuid: string): Promise<Record<string, string>> {
  const rows = await deps.db
    .selectFrom('instance_metadata')
    .select(['key', 'value'])
    .where('instance_uuid', '=', uuid)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

/** `/servers/{id}/metadata`: a server's key/value metadata, within the `metadata_items` quota. */
export function serverMetadataRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const load = async (request: ServerRequest, action: string) => {
    const row = await loadServerForCaller(deps, request, request.params.id);
    authorize(deps.policy, POLICY(action), { project_id: row.project_id }, request.context);
    return row;
  };

  /** `update_instance_metadata`: merged or replaced, checked, then written in one transaction. */
  const update = async (
    request: ServerRequest,
    row: InstanceRow,
    changes: Record<string, string>,
    replace: boolean,
  ) => {
    checkServerState(deps, request, row, 'updateMetadata');
    const metadata = replace ? { ...changes } : { ...(await metadataOf(deps, row.uuid)), ...changes };
    await checkMetadataQuota(deps, row.project_id, request.context.userId, metadata);
    await deps.db.transaction().execute(async (trx) => {
      if (replace) await trx.deleteFrom('instance_metadata').where('instance_uuid', '=', row.uuid).execute();
      else {
        const keys = Object.keys(changes);
        if (keys.length > 0) {
          await trx
            .deleteFrom('instance_metadata')
            .where('instance_uuid', '=', row.uuid)
            .where('key', 'in', keys)
            .execute();
        }
      }
      const entries = Object.entries(replace ? metadata : changes);
      if (entries.length > 0) {
        await trx
          .insertInto('instance_metadata')
          .values(entries.map(([key, value]) => ({ instance_uuid: row.uuid, key, value })))
          .execute();
      }
      await trx
        .updateTable('instances')
        .set({ updated_at: deps.now().toISOString() })
        .where('uuid', '=', row.uuid)
        .execute();
    });
    return metadata;
  };

  app.get(
    '/servers/:id/metadata',
    { schema: { params: metadataParams, response: { 200: metadataResponse } } },
    async (request: ServerRequest) => {
      const row = await load(request, 'index');
      return { metadata: await metadataOf(deps, row.uuid) };
    },
  );

  app.post(
    '/servers/:id/metadata',
    { schema: { params: metadataParams, body: objectBody, response: { 200: metadataResponse } } },
    async (request: ServerRequest) => {
      const body = validateBody<{ metadata: Record<string, string> }>(metadataBody, request.body);
      const row = await load(request, 'create');
      return { metadata: await update(request, row, body.metadata, false) };
    },
  );

  app.put(
    '/servers/:id/metadata',
    { schema: { params: metadataParams, body: objectBody, response: { 200: metadataResponse } } },
    async (request: ServerRequest) => {
      const body = validateBody<{ metadata: Record<string, string> }>(metadataBody, request.body);
      const row = await load(request, 'update_all');
      return { metadata: await update(request, row, body.metadata, true) };
    },
  );

  app.get(
    '/servers/:id/metadata/:key',
    { schema: { params: metadataKeyParams, response: { 200: metaItemResponse } } },
    async (request: KeyRequest) => {
      const row = await load(request, 'show');
      const metadata = await metadataOf(deps, row.uuid);
      if (!(request.params.key in metadata)) throw new NotFound('Metadata item was not found');
      return { meta: { [request.params.key]: metadata[request.params.key] } };
    },
  );

  app.put(
    '/servers/:id/metadata/:key',
    { schema: { params: metadataKeyParams, body: objectBody, response: { 200: metaItemResponse } } },
    async (request: KeyRequest) => {
      const body = validateBody<{ meta: Record<string, string> }>(metaItemBody, request.body);
      const row = await load(request, 'update');
      if (!(request.params.key in body.meta)) throw new BadRequest('Request body and URI mismatch');
      await update(request, row, body.meta, false);
      return { meta: body.meta };
    },
  );

  app.delete(
    '/servers/:id/metadata/:key',
    { schema: { params: metadataKeyParams, response: { 204: { type: 'null' } } } },
    async (request: KeyRequest, reply) => {
      const row = await load(request, 'delete');
      const metadata = await metadataOf(deps, row.uuid);
      if (!(request.params.key in metadata)) throw new NotFound('Metadata item was not found');
      checkServerState(deps, request, row, 'deleteMetadata');
      await deps.db
        .deleteFrom('instance_metadata')
        .where('instance_uuid', '=', row.uuid)
        .where('key', '=', request.params.key)
        .execute();
      return reply.status(204).send();
    },
  );
}
