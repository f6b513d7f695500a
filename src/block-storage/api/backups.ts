import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { backupRecords, backupTarget, listBackups, loadBackup } from '../backup/backup-records.js';
import {
  createBackup,
  deleteBackup,
  resetBackupStatus,
  restoreBackup,
  updateBackup,
} from '../backup/backup-requests.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidInput } from '../errors.js';
import { authorize } from '../policies/index.js';
import { BACKUP_POLICY } from '../policies/backups.js';
import { booleanOf, validateBody } from '../volumes/request-validation.js';
import {
  backupDetailListResponse,
  backupDetailResponse,
  backupIdParams,
  backupSummaryListResponse,
  backupSummaryResponse,
  createBackupBody,
  createBackupBodyV343,
  createBackupBodyV351,
  resetBackupStatusBody,
  restoreBackupBody,
  restoreResponse,
  updateBackupBody,
  updateBackupBodyV343,
  type CreateBackupBody,
  type RestoreBackupBody,
  type UpdateBackupBody,
} from './backups-schemas.js';
import { anyBody, emptyResponse, projectParams } from './common-schemas.js';
import { collectionLinks, isTrueString, parseListParams } from './list-params.js';
import { linkBase } from './volume-view-options.js';
import { backupDetail, backupSummary, type BackupViewOptions } from './views/backup.js';

type IdParams = { Params: { id: string } };

/** The statuses `os-reset_status` may give a backup (Cinder's `backup_status` format). */
const RESETTABLE_STATUS = ['available', 'error'];

/** Cinder strips names and descriptions before storing them. */
function stripped(value: string | null | undefined): string | null {
  return typeof value === 'string' ? value.trim() : null;
}

function viewOptions(deps: BlockStorageDeps, request: FastifyRequest): BackupViewOptions {
  const context = request.context;
  return {
    version: request.microversion,
    links: linkBase(deps, request),
    ownerAttributes: deps.policy.check(
      BACKUP_POLICY.projectAttribute,
      { project_id: context.projectId },
      context,
    ),
  };
}

/** Volume backups (cinder-backup): create, list, show, update, restore, delete and the admin actions. */
export function backupRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const list = async (request: FastifyRequest, detail: boolean) => {
    authorize(deps.policy, BACKUP_POLICY.getAll, { project_id: request.context.projectId }, request.context);
    const params = parseListParams(request.query, deps.settings.max_limit);
    const withCount = request.microversion.atLeast('3.45') && 'with_count' in params.filters;
    const showCount = withCount && isTrueString(params.filters.with_count);
    if (request.microversion.below('3.37') && params.sortKeys.includes('name')) {
      throw new InvalidInput('Invalid sort key');
    }
    const { rows, count } = await listBackups(deps, request.context, params);
    const options = viewOptions(deps, request);
    const backups = detail
      ? (await backupRecords(deps.db, rows)).map((backup) => backupDetail(backup, options))
      : rows.map((backup) => backupSummary(backup, options.links));
    const links = collectionLinks(
      deps.baseUrl,
      request,
      detail ? 'backups/detail' : 'backups',
      rows.length,
      params.limit,
      rows.at(-1)?.id,
    );
    return {
      backups,
      ...(links.length > 0 ? { backups_links: links } : {}),
      ...(showCount ? { count } : {}),
    };
  };
  app.get(
    '/backups',
    { schema: { params: projectParams, response: { 200: backupSummaryListResponse } } },
    (request) => list(request, false),
  );
  app.get(
    '/backups/detail',
    { schema: { params: projectParams, response: { 200: backupDetailListResponse } } },
    (request) => list(request, true),
  );

  const byId = { params: backupIdParams };
  app.get<IdParams>(
    '/backups/:id',
    { schema: { ...byId, response: { 200: backupDetailResponse } } },
    async (request) => {
      const backup = await loadBackup(deps, request.context, request.params.id);
      authorize(deps.policy, BACKUP_POLICY.get, backupTarget(backup), request.context);
      const [record] = await backupRecords(deps.db, [backup]);
      return { backup: backupDetail(record, viewOptions(deps, request)) };
    },
  );

  app.post(
    '/backups',
    { schema: { params: projectParams, body: anyBody, response: { 202: backupSummaryResponse } } },
    async (request, reply) => {
      const version = request.microversion;
      const schema = version.atLeast('3.51')
        ? createBackupBodyV351
        : version.atLeast('3.43')
          ? createBackupBodyV343
          : createBackupBody;
      const { backup } = validateBody<CreateBackupBody>(schema, request.body);
      const name = stripped(backup.name);
      const id = await createBackup(deps, request.context, {
        volumeId: backup.volume_id,
        name,
        description: stripped(backup.description),
        container: backup.container ?? null,
        incremental: booleanOf(backup.incremental ?? false),
        force: booleanOf(backup.force ?? false),
        snapshotId: backup.snapshot_id ?? null,
        metadata: backup.metadata ?? {},
        availabilityZone: backup.availability_zone ?? null,
      });
      reply.status(202);
      return { backup: backupSummary({ id, name }, linkBase(deps, request)) };
    },
  );

  const update = { schema: { ...byId, body: anyBody, response: { 200: backupSummaryResponse } } };
  app.put<IdParams>('/backups/:id', update, async (request) => {
    if (request.microversion.below('3.9')) throw new NotFound('The resource could not be found.');
    const withMetadata = request.microversion.atLeast('3.43');
    const { backup } = validateBody<UpdateBackupBody>(
      withMetadata ? updateBackupBodyV343 : updateBackupBody,
      request.body,
    );
    const update = backup ?? {};
    const updated = await updateBackup(deps, request.context, request.params.id, {
      ...('name' in update ? { name: stripped(update.name) } : {}),
      ...('description' in update ? { description: stripped(update.description) } : {}),
      ...(withMetadata && update.metadata !== undefined ? { metadata: update.metadata } : {}),
    });
    return { backup: backupSummary(updated, linkBase(deps, request)) };
  });

  const remove = { schema: { ...byId, response: { 202: emptyResponse } } };
  app.delete<IdParams>('/backups/:id', remove, async (request, reply) => {
    await deleteBackup(deps, request.context, request.params.id);
    return reply.status(202).send();
  });

  const restore = { schema: { ...byId, body: anyBody, response: { 202: restoreResponse } } };
  app.post<IdParams>('/backups/:id/restore', restore, async (request, reply) => {
    const { restore: asked } = validateBody<RestoreBackupBody>(restoreBackupBody, request.body);
    const result = await restoreBackup(deps, request.context, request.params.id, {
      volumeId: asked?.volume_id ?? null,
      name: asked?.name ?? null,
    });
    reply.status(202);
    return { restore: result };
  });

  const action = { schema: { ...byId, body: anyBody, response: { 202: emptyResponse } } };
  app.post<IdParams>('/backups/:id/action', action, async (request, reply) => {
    const body = request.body;
    const name = body && typeof body === 'object' ? Object.keys(body)[0] : undefined;
    if (name === 'os-reset_status') {
      const { 'os-reset_status': reset } = validateBody<{ 'os-reset_status': { status: string } }>(
        resetBackupStatusBody,
        body,
      );
      if (!RESETTABLE_STATUS.includes(reset.status.toLowerCase())) {
        throw new BadRequest(
          `Backup status: ${reset.status} is invalid, valid statuses are: ['available', 'error'].`,
        );
      }
      await resetBackupStatus(deps, request.context, request.params.id, reset.status);
    } else if (name === 'os-force_delete') {
      await deleteBackup(deps, request.context, request.params.id, true);
    } else {
      throw new BadRequest(`There is no such action: ${name ?? ''}`);
    }
    return reply.status(202).send();
  });
}
