import type { FastifyInstance, FastifyRequest } from 'fastify';
import { exportBackup, importBackup } from '../backup/backup-export.js';
import type { BlockStorageDeps } from '../deps.js';
import { validateBody } from '../volumes/request-validation.js';
import {
  exportRecordResponse,
  importRecordBody,
  type ImportRecordBody,
} from './backup-export-import-schemas.js';
import { backupIdParams, backupSummaryResponse } from './backups-schemas.js';
import { anyBody, projectParams } from './common-schemas.js';
import { linkBase } from './volume-view-options.js';
import { backupSummary } from './views/backup.js';

/**
 * `GET /backups/{id}/export_record` and `POST /backups/import_record` (admins): a backup's record
 * out and in again, to recover backups a lost database forgot (backup/backup-export.ts).
 */
export function backupExportImportRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.get(
    '/backups/:id/export_record',
    { schema: { params: backupIdParams, response: { 200: exportRecordResponse } } },
    async (request: FastifyRequest<{ Params: { id: string } }>) => ({
      'backup-record': await exportBackup(deps, request.context, request.params.id),
    }),
  );

  // Fastify takes any body: the handler checks it, with Cinder's messages.
  app.post(
    '/backups/import_record',
    { schema: { params: projectParams, body: anyBody, response: { 201: backupSummaryResponse } } },
    async (request, reply) => {
      const body = validateBody<ImportRecordBody>(importRecordBody, request.body);
      const { backup_service: service, backup_url: url } = body['backup-record'];
      const backup = await importBackup(deps, request.context, service, url);
      reply.code(201);
      return { backup: backupSummary(backup, linkBase(deps, request)) };
    },
  );
}
