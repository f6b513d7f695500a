import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { createSnapshot } from '../snapshots/create-snapshot.js';
import { loadSnapshot, snapshotTarget } from '../snapshots/snapshot-lookup.js';
import { listSnapshots } from '../snapshots/snapshot-list.js';
import { withMetadata, type SnapshotRecord } from '../snapshots/snapshot-records.js';
import { deleteSnapshot } from '../snapshots/snapshot-status.js';
import { booleanOf, validateBody } from '../volumes/request-validation.js';
import { emptyResponse, projectParams } from './common-schemas.js';
import { collectionLinks, parseListParams } from './list-params.js';
import {
  createSnapshotSchema,
  snapshotListResponse,
  snapshotParams,
  snapshotResponse,
  updateSnapshotSchema,
} from './snapshot-schemas.js';
import { snapshotDetail, snapshotSummary, withExtendedAttributes } from './views/snapshots.js';

type Params = { snapshot_id: string };

interface CreateBody {
  snapshot: {
    name?: string | null;
    display_name?: string | null;
    description?: string | null;
    volume_id: string | null;
    force?: boolean | string;
    metadata?: Record<string, string> | null;
  };
}

interface UpdateBody {
  snapshot: Partial<Record<'name' | 'description' | 'display_name' | 'display_description', string | null>>;
}

/** Cinder's message for `force=false` from 3.66, where in-use volumes need no force. */
const FORCE_FLAG_INVALID =
  "Since microversion 3.66 the 'force' flag is invalid for this request.  For backward compatability, " +
  "however, when the 'force' flag is passed with a value evaluating to True, it is silently ignored.";

/** `validate_name_and_description`: text names and descriptions lose their surrounding spaces. */
function stripped(value: string | null | undefined): string | null | undefined {
  return typeof value === 'string' ? value.trim() : value;
}

/** Whether the os-extended-snapshot-attributes fields show (the policy, checked as Cinder: on the caller's project). */
function showsExtended(deps: BlockStorageDeps, request: FastifyRequest): boolean {
  return deps.policy.check(
    'volume_extension:extended_snapshot_attributes',
    { project_id: request.context.projectId },
    request.context,
  );
}

/** The force flag of a create: before 3.66 it lets in-use volumes; from 3.66 they always may, and false is refused. */
function allowsInUse(request: FastifyRequest, force: boolean | string | undefined): boolean {
  const forced = force === undefined ? false : booleanOf(force);
  if (request.microversion.atLeast('3.66')) {
    if (force !== undefined && !forced) throw new BadRequest(FORCE_FLAG_INVALID);
    return true;
  }
  return forced;
}

/** Snapshots: each project's own; admins see every project's with `all_tenants`. */
export function snapshotRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const list = (detailed: boolean) => async (request: FastifyRequest) => {
    const params = parseListParams(request.query, deps.settings.max_limit);
    const snapshots = await listSnapshots(deps, request.context, request.microversion, params);
    const extended = detailed && showsExtended(deps, request);
    const views = snapshots.map((snapshot: SnapshotRecord) => {
      if (!detailed) return snapshotSummary(snapshot);
      const view = snapshotDetail(snapshot, request.microversion);
      return extended ? withExtendedAttributes(view, snapshot) : view;
    });
    const links = collectionLinks(
      deps.baseUrl,
      request,
      detailed ? 'snapshots/detail' : 'snapshots',
      snapshots.length,
      params.limit,
      snapshots.at(-1)?.id,
    );
    return { snapshots: views, ...(links.length > 0 ? { snapshots_links: links } : {}) };
  };

  app.get(
    '/snapshots',
    { schema: { params: projectParams, response: { 200: snapshotListResponse } } },
    list(false),
  );
  app.get(
    '/snapshots/detail',
    { schema: { params: projectParams, response: { 200: snapshotListResponse } } },
    list(true),
  );

  app.get<{ Params: Params }>(
    '/snapshots/:snapshot_id',
    { schema: { params: snapshotParams, response: { 200: snapshotResponse } } },
    async (request) => {
      const [snapshot] = await withMetadata(deps.db, [
        await loadSnapshot(deps, request.context, request.params.snapshot_id),
      ]);
      const view = snapshotDetail(snapshot, request.microversion);
      return { snapshot: showsExtended(deps, request) ? withExtendedAttributes(view, snapshot) : view };
    },
  );

  app.post(
    '/snapshots',
    { schema: { params: projectParams, body: {}, response: { 202: snapshotResponse } } },
    async (request, reply) => {
      const body = validateBody<CreateBody>(createSnapshotSchema, request.body).snapshot;
      const allowInUse = allowsInUse(request, body.force);
      const name = stripped('name' in body ? body.name : body.display_name) ?? null;
      const snapshot = await createSnapshot(deps, request.context, {
        volumeId: body.volume_id,
        name,
        description: stripped(body.description) ?? null,
        metadata: body.metadata ?? {},
        allowInUse,
      });
      reply.status(202);
      return { snapshot: snapshotDetail(snapshot, request.microversion) };
    },
  );

  app.put<{ Params: Params }>(
    '/snapshots/:snapshot_id',
    { schema: { params: snapshotParams, body: {}, response: { 200: snapshotResponse } } },
    async (request) => {
      const body = validateBody<UpdateBody>(updateSnapshotSchema, request.body).snapshot;
      const snapshot = await loadSnapshot(deps, request.context, request.params.snapshot_id);
      authorize(deps.policy, 'volume:update_snapshot', snapshotTarget(snapshot), request.context);
      // `name` wins over `display_name`, `description` over `display_description`, as Cinder renames them.
      const changes = {
        ...('display_name' in body ? { name: stripped(body.display_name) } : {}),
        ...('name' in body ? { name: stripped(body.name) } : {}),
        ...('display_description' in body ? { description: stripped(body.display_description) } : {}),
        ...('description' in body ? { description: stripped(body.description) } : {}),
      };
      const updatedAt = deps.now().toISOString();
      await deps.db
        .updateTable('snapshots')
        .set({ ...changes, updated_at: updatedAt })
        .where('id', '=', snapshot.id)
        .execute();
      const [updated] = await withMetadata(deps.db, [{ ...snapshot, ...changes, updated_at: updatedAt }]);
      return { snapshot: snapshotDetail(updated, request.microversion) };
    },
  );

  app.delete<{ Params: Params }>(
    '/snapshots/:snapshot_id',
    { schema: { params: snapshotParams, response: { 202: emptyResponse } } },
    async (request, reply) => {
      const snapshot = await loadSnapshot(deps, request.context, request.params.snapshot_id);
      authorize(deps.policy, 'volume:delete_snapshot', snapshotTarget(snapshot), request.context);
      await deleteSnapshot(deps, request.context, snapshot, false);
      return reply.status(202).send();
    },
  );
}
