import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireMicroversion } from '../../common/http/microversion.js';
import { nextHref } from '../../common/http/pagination.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidVolume } from '../errors.js';
import { authorize } from '../policies/index.js';
import { VOLUME_POLICY } from '../policies/volumes.js';
import { createVolume, type CreateVolumeRequest } from '../volumes/create-volume.js';
import { deleteVolume } from '../volumes/delete-volume.js';
import { boolParam } from '../volumes/list-filters.js';
import { listVolumes } from '../volumes/list-volumes.js';
import { validateBody } from '../volumes/request-validation.js';
import { callerIsAdmin, loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import { volumeRecord, volumeRecords, volumeRow, writeMetadata } from '../volumes/volume-records.js';
import { volumeSummaryOf } from '../volumes/volume-summary.js';
import { anyBody, emptyResponse, projectParams } from './common-schemas.js';
import { linkBase, viewOptions, volumeExtensions } from './volume-view-options.js';
import {
  createVolumeSchema,
  updateVolumeSchema,
  volumeDetailListResponse,
  volumeIdParams,
  volumeResponse,
  volumeSummaryListResponse,
  volumeSummaryResponse,
} from './volume-schemas.js';
import { extendedVolumeDetail, volumeDetail, volumeSummary } from './views/volumes.js';
import { exactPath } from './volume-paths.js';

type VolumeRequest = FastifyRequest<{ Params: { id: string } }>;

interface UpdateVolumeRequest {
  name?: string | null;
  description?: string | null;
  display_name?: string | null;
  display_description?: string | null;
  metadata?: Record<string, string>;
}

/** The name or description of an update, stripped as Cinder does; `name` wins over `display_name`. */
function updatedText(body: UpdateVolumeRequest, field: 'name' | 'description'): string | null | undefined {
  const legacy = field === 'name' ? 'display_name' : 'display_description';
  const value = field in body ? body[field] : legacy in body ? body[legacy] : undefined;
  return typeof value === 'string' ? value.trim() : value;
}

/** `/volumes`: create, list (summary and detail), show, update and delete (cinder/api/v3/volumes.py). */
export function volumeRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const list = async (request: FastifyRequest, detail: boolean) => {
    const context = request.context;
    authorize(deps.policy, VOLUME_POLICY.getAll, { project_id: context.projectId }, context);
    const isAdmin = callerIsAdmin(deps, context);
    const page = await listVolumes(
      deps,
      context,
      request.query as Record<string, unknown>,
      request.microversion,
      isAdmin,
    );
    const records = await volumeRecords(deps.db, page.rows);
    const options = viewOptions(deps, request);
    const extensions = volumeExtensions(deps, request);
    const volumes = records.map((record) =>
      detail ? extendedVolumeDetail(record, options, extensions) : volumeSummary(record, options.links),
    );
    // Cinder links a next page when the page is as long as the limit (or the count reaches it).
    const reached = page.count ?? records.length;
    const base = linkBase(deps, request);
    const collection = `${deps.baseUrl}/v3${base.urlProject ? `/${base.urlProject}` : ''}/volumes${detail ? '/detail' : ''}`;
    const next =
      records.length > 0 && page.limit <= reached
        ? nextHref(collection, request.url, records[records.length - 1].id)
        : undefined;
    return {
      volumes,
      ...(next ? { volumes_links: [{ rel: 'next', href: next }] } : {}),
      ...(page.count !== undefined ? { count: page.count } : {}),
    };
  };

  app.get(
    '/volumes',
    { onRequest: exactPath, schema: { params: projectParams, response: { 200: volumeSummaryListResponse } } },
    (request) => list(request, false),
  );
  app.get(
    '/volumes/detail',
    { onRequest: exactPath, schema: { params: projectParams, response: { 200: volumeDetailListResponse } } },
    (request) => list(request, true),
  );

  app.get(
    '/volumes/summary',
    { onRequest: exactPath, schema: { params: projectParams, response: { 200: volumeSummaryResponse } } },
    async (request) => {
      requireMicroversion(request, '3.12');
      const context = request.context;
      authorize(deps.policy, VOLUME_POLICY.getAll, { project_id: context.projectId }, context);
      const query = request.query as Record<string, unknown>;
      const everyProject =
        callerIsAdmin(deps, context) && boolParam('all_tenants', lastOf(query.all_tenants));
      const summary = await volumeSummaryOf(deps.db, everyProject ? null : (context.projectId ?? ''));
      const { metadata, ...totals } = summary;
      // The metadata came with 3.36.
      return { 'volume-summary': request.microversion.atLeast('3.36') ? { ...totals, metadata } : totals };
    },
  );

  app.post(
    '/volumes',
    {
      onRequest: exactPath,
      schema: { params: projectParams, body: anyBody, response: { 202: volumeResponse } },
    },
    async (request, reply) => {
      const body = validateBody<{ volume: CreateVolumeRequest }>(
        createVolumeSchema(request.microversion),
        request.body,
      );
      const row = await createVolume(deps, request.context, body.volume, {
        novaImageSnapshots: request.microversion.atLeast('3.46'),
        requestId: request.id,
      });
      reply.status(202);
      return { volume: volumeDetail(await volumeRecord(deps.db, row), viewOptions(deps, request)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/volumes/:id',
    { onRequest: exactPath, schema: { params: volumeIdParams, response: { 200: volumeResponse } } },
    async (request: VolumeRequest) => {
      const row = await loadVolume(deps, request.context, request.params.id);
      const record = await volumeRecord(deps.db, row);
      return {
        volume: extendedVolumeDetail(record, viewOptions(deps, request), volumeExtensions(deps, request)),
      };
    },
  );

  app.put<{ Params: { id: string } }>(
    '/volumes/:id',
    {
      onRequest: exactPath,
      schema: { params: volumeIdParams, body: anyBody, response: { 200: volumeResponse } },
    },
    async (request: VolumeRequest) => {
      const body = validateBody<{ volume: UpdateVolumeRequest }>(
        updateVolumeSchema(request.microversion),
        request.body,
      ).volume;
      const row = await loadVolume(deps, request.context, request.params.id);
      authorize(deps.policy, VOLUME_POLICY.update, volumeTarget(row), request.context);
      if (row.status === 'maintenance') {
        throw new InvalidVolume('The volume cannot be updated during maintenance.');
      }
      const name = updatedText(body, 'name');
      const description = updatedText(body, 'description');
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('volumes')
          .set({
            ...(name !== undefined ? { name } : {}),
            ...(description !== undefined ? { description } : {}),
            updated_at: deps.now().toISOString(),
          })
          .where('id', '=', row.id)
          .execute();
        if (body.metadata !== undefined)
          await writeMetadata(trx, 'volume_metadata', row.id, body.metadata, true);
      });
      const record = await volumeRecord(deps.db, (await volumeRow(deps.db, row.id))!);
      return { volume: volumeDetail(record, viewOptions(deps, request)) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/volumes/:id',
    { onRequest: exactPath, schema: { params: volumeIdParams, response: { 202: emptyResponse } } },
    async (request: VolumeRequest, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const cascade = boolParam('cascade', lastOf(query.cascade));
      const force = request.microversion.atLeast('3.23') && boolParam('force', lastOf(query.force));
      const row = await loadVolume(deps, request.context, request.params.id);
      if (force) authorize(deps.policy, VOLUME_POLICY.forceDelete, volumeTarget(row), request.context);
      await deleteVolume(deps, request.context, row, { cascade, force });
      return reply.status(202).send();
    },
  );
}

function lastOf(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value.at(-1) : value;
  return last === undefined ? undefined : String(last);
}
