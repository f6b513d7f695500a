import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { keyValuesOf } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { loadSnapshot, snapshotTarget } from '../snapshots/snapshot-lookup.js';
import {
  deleteSnapshotMetadataKey,
  SnapshotMetadataNotFound,
  updateSnapshotMetadata,
} from '../snapshots/snapshot-metadata.js';
import { emptyResponse, metadataResponse, metaItemResponse } from './common-schemas.js';
import { snapshotMetadataKeyParams, snapshotParams } from './snapshot-schemas.js';

type Params = { snapshot_id: string };
type KeyParams = Params & { key: string };

/** `assert_valid_body`: the body must hold a dict under `entity`. */
function dictIn(body: unknown, entity: string): Record<string, unknown> {
  const value = (body as Record<string, unknown> | null | undefined)?.[entity];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequest(`Missing required element '${entity}' in request body.`);
  }
  return value as Record<string, unknown>;
}

/** A snapshot's metadata (/snapshots/{id}/metadata), read and written as Cinder's controller. */
export function snapshotMetadataRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  /** The snapshot, visible to the caller, and the rule for the action on its metadata. */
  const snapshotFor = async (request: FastifyRequest, id: string, rule: string) => {
    const snapshot = await loadSnapshot(deps, request.context, id);
    authorize(deps.policy, rule, snapshotTarget(snapshot), request.context);
    return snapshot;
  };

  app.get<{ Params: Params }>(
    '/snapshots/:snapshot_id/metadata',
    { schema: { params: snapshotParams, response: { 200: metadataResponse } } },
    async (request) => {
      const snapshot = await snapshotFor(request, request.params.snapshot_id, 'volume:get_snapshot_metadata');
      return { metadata: await keyValuesOf(deps.db, 'snapshot_metadata', snapshot.id) };
    },
  );

  // POST merges into the metadata, PUT replaces it.
  for (const [method, replace] of [
    ['POST', false],
    ['PUT', true],
  ] as const) {
    app.route<{ Params: Params }>({
      method,
      url: '/snapshots/:snapshot_id/metadata',
      schema: { params: snapshotParams, body: {}, response: { 200: metadataResponse } },
      handler: async (request) => {
        const metadata = dictIn(request.body, 'metadata');
        const snapshot = await snapshotFor(
          request,
          request.params.snapshot_id,
          'volume:update_snapshot_metadata',
        );
        return { metadata: await updateSnapshotMetadata(deps, snapshot.id, metadata, replace) };
      },
    });
  }

  app.get<{ Params: KeyParams }>(
    '/snapshots/:snapshot_id/metadata/:key',
    { schema: { params: snapshotMetadataKeyParams, response: { 200: metaItemResponse } } },
    async (request) => {
      const { snapshot_id: id, key } = request.params;
      const snapshot = await snapshotFor(request, id, 'volume:get_snapshot_metadata');
      const metadata = await keyValuesOf(deps.db, 'snapshot_metadata', snapshot.id);
      if (!Object.hasOwn(metadata, key)) throw new SnapshotMetadataNotFound(id, key);
      return { meta: { [key]: metadata[key] } };
    },
  );

  app.put<{ Params: KeyParams }>(
    '/snapshots/:snapshot_id/metadata/:key',
    { schema: { params: snapshotMetadataKeyParams, body: {}, response: { 200: metaItemResponse } } },
    async (request) => {
      const { snapshot_id: id, key } = request.params;
      const item = dictIn(request.body, 'meta');
      if (!Object.hasOwn(item, key)) throw new BadRequest('Request body and URI mismatch');
      if (Object.keys(item).length > 1) throw new BadRequest('Request body contains too many items');
      const snapshot = await snapshotFor(request, id, 'volume:update_snapshot_metadata');
      await updateSnapshotMetadata(deps, snapshot.id, item, false);
      return { meta: item };
    },
  );

  app.delete<{ Params: KeyParams }>(
    '/snapshots/:snapshot_id/metadata/:key',
    { schema: { params: snapshotMetadataKeyParams, response: { 200: emptyResponse } } },
    async (request, reply) => {
      const { snapshot_id: id, key } = request.params;
      const snapshot = await snapshotFor(request, id, 'volume:get_snapshot_metadata');
      authorize(deps.policy, 'volume:delete_snapshot_metadata', snapshotTarget(snapshot), request.context);
      await deleteSnapshotMetadataKey(deps, snapshot.id, key);
      return reply.status(200).send();
    },
  );
}
