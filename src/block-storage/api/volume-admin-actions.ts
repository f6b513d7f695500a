import { BadRequest } from '../../common/http/errors.js';
import { forceDetach } from '../attachments/force-detach.js';
import { pythonRepr } from '../../common/python-format.js';
import { VolumeNotFound } from '../errors.js';
import { authorize } from '../policies/index.js';
import { VOLUME_ACTION_POLICY } from '../policies/volume-actions.js';
import { deleteVolume } from '../volumes/delete-volume.js';
import { actionBody, validateBody } from '../volumes/request-validation.js';
import { loadVolume, visibleToCaller, volumeTarget } from '../volumes/volume-lookup.js';
import { deleteMetadataKey, volumeRow } from '../volumes/volume-records.js';
import type { VolumeAction } from './volume-actions.js';

/** Cinder's VolumeStatus.ALL, VolumeMigrationStatus.ALL and the attach statuses reset may set. */
const VOLUME_STATUSES = [
  'creating',
  'available',
  'deleting',
  'error',
  'error_deleting',
  'error_managing',
  'managing',
  'attaching',
  'in-use',
  'detaching',
  'maintenance',
  'restoring-backup',
  'error_restoring',
  'reserved',
  'awaiting-transfer',
  'backing-up',
  'error_backing-up',
  'error_extending',
  'downloading',
  'uploading',
  'retyping',
  'extending',
];
const MIGRATION_STATUSES = ['migrating', 'error', 'success', 'completing', 'none', 'starting'];
const ATTACH_STATUSES = ['attached', 'detached'];

const resetSchema = actionBody('os-reset_status', {
  status: { type: ['string', 'null'] },
  attach_status: { type: ['string', 'null'] },
  migration_status: { type: ['string', 'null'] },
});

interface ResetRequest {
  status?: string | null;
  attach_status?: string | null;
  migration_status?: string | null;
}

/** Python's repr of a tuple of texts, as Cinder's messages print the valid values. */
const tupleRepr = (values: string[]) => `(${values.map((value) => pythonRepr(value)).join(', ')})`;

/** Cinder's format checks of a reset body (validate_volume_reset_body and the status formats). */
function checkReset(args: ResetRequest): void {
  if (!args.status && !args.attach_status && !args.migration_status) {
    throw new BadRequest("Must specify 'status', 'attach_status' or 'migration_status' for update.");
  }
  const check = (value: string | null | undefined, valid: string[], what: string, shown: string) => {
    if (value && !valid.includes(value.toLowerCase())) {
      throw new BadRequest(`${what}: ${value} is invalid, valid statuses are: ${shown}.`);
    }
  };
  check(args.status, VOLUME_STATUSES, 'Volume status', tupleRepr(VOLUME_STATUSES));
  check(args.attach_status, ATTACH_STATUSES, 'Volume attach status', pythonRepr(ATTACH_STATUSES));
  check(args.migration_status, MIGRATION_STATUSES, 'Volume migration status', tupleRepr(MIGRATION_STATUSES));
}

/**
 * `os-reset_status` (admin): writes the statuses given, as Cinder's VolumeAdminController; a
 * volume reset to `detached` loses its attachments.
 */
const resetStatus: VolumeAction = async (deps, request, body) => {
  const { 'os-reset_status': args } = validateBody<{ 'os-reset_status': ResetRequest }>(resetSchema, body);
  checkReset(args);
  const context = request.context;
  const volume = await volumeRow(deps.db, request.params.id);
  if (!visibleToCaller(deps, context, volume)) {
    throw new VolumeNotFound(request.params.id);
  }
  authorize(deps.policy, VOLUME_ACTION_POLICY.resetStatus, volumeTarget(volume), context);
  const status = args.status ? args.status.toLowerCase() : undefined;
  if (status === 'deleting') throw new BadRequest(`Cannot reset-state to ${status}`);
  const now = deps.now().toISOString();
  if (status === 'in-use') {
    const attachments = await deps.db
      .selectFrom('volume_attachments')
      .select('id')
      .where('volume_id', '=', volume.id)
      .execute();
    if (attachments.length === 0) {
      throw new BadRequest('Cannot reset-state to in-use because volume does not have any attachments.');
    }
  }
  const attachStatus = args.attach_status ? args.attach_status.toLowerCase() : undefined;
  const migration = args.migration_status ? args.migration_status.toLowerCase() : undefined;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('volumes')
      .set({
        ...(status ? { status } : {}),
        ...(attachStatus ? { attach_status: attachStatus } : {}),
        ...(migration ? { migration_status: migration === 'none' ? null : migration } : {}),
        updated_at: now,
      })
      .where('id', '=', volume.id)
      .execute();
    if (attachStatus === 'detached') {
      await trx
        .updateTable('volume_attachments')
        .set({ attach_status: 'detached', detach_time: now, updated_at: now })
        .where('volume_id', '=', volume.id)
        .execute();
      await deleteMetadataKey(trx, 'volume_admin_metadata', volume.id, 'attached_mode');
    }
  });
  return { status: 202 };
};

/** `os-force_delete` (admin): a delete whatever the volume's status. */
const forceDelete: VolumeAction = async (deps, request) => {
  const volume = await loadVolume(deps, request.context, request.params.id);
  authorize(deps.policy, VOLUME_ACTION_POLICY.forceDelete, volumeTarget(volume), request.context);
  await deleteVolume(deps, request.context, volume, { force: true });
  return { status: 202 };
};

export const volumeAdminActions: Record<string, VolumeAction> = {
  'os-reset_status': resetStatus,
  'os-force_delete': forceDelete,
  'os-force_detach': forceDetach,
};
