import { RpcClient } from '../../common/bus/index.js';
import { keyValuesOf } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidInput, InvalidVolume } from '../errors.js';
import { authorize } from '../policies/index.js';
import { VOLUME_ACTION_POLICY } from '../policies/volume-actions.js';
import { VOLUME_POLICY } from '../policies/volumes.js';
import { checkQuota } from '../quotas/quota-check.js';
import { backendOf, VOLUME_TOPIC } from '../rpc/topics.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import { AVAILABLE_MIGRATION_STATUSES } from '../volumes/delete-volume.js';
import {
  actionBody,
  booleanOf,
  booleanSchema,
  validateBody,
  volumeSizeSchema,
} from '../volumes/request-validation.js';
import { callerIsAdmin, loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import { volumeRow, writeMetadata } from '../volumes/volume-records.js';
import { findVolumeType, isMultiattachType } from '../volumes/volume-type-lookup.js';
import type { VolumeAction, VolumeActionRequest } from './volume-actions.js';

const extendSchema = actionBody('os-extend', { new_size: volumeSizeSchema }, ['new_size']);
const bootableSchema = actionBody('os-set_bootable', { bootable: booleanSchema }, ['bootable']);
const readonlySchema = actionBody('os-update_readonly_flag', { readonly: booleanSchema }, ['readonly']);
const retypeSchema = actionBody(
  'os-retype',
  {
    new_type: { type: 'string' },
    migration_policy: { type: ['string', 'null'], enum: ['on-demand', 'never'] },
  },
  ['new_type'],
);

function rpcContext(deps: BlockStorageDeps, request: VolumeActionRequest) {
  const context = request.context;
  return {
    projectId: context.projectId ?? '',
    userId: context.userId,
    token: context.token,
    isAdmin: callerIsAdmin(deps, context),
  };
}

/**
 * `os-extend` (cinder/volume/api.py `_extend`): a larger size, the volume available (or, from
 * 3.42, in use) and within the quota; it becomes `extending` and its backend grows it.
 */
const extend: VolumeAction = async (deps, request, body) => {
  const { 'os-extend': args } = validateBody<{ 'os-extend': { new_size: number | string } }>(
    extendSchema,
    body,
  );
  const volume = await loadVolume(deps, request.context, request.params.id);
  const newSize = Number(args.new_size);
  const attached = request.microversion.atLeast('3.42') && volume.status === 'in-use';
  authorize(
    deps.policy,
    attached ? VOLUME_ACTION_POLICY.extendAttached : VOLUME_ACTION_POLICY.extend,
    volumeTarget(volume),
    request.context,
  );
  if (newSize - volume.size <= 0) {
    throw new InvalidInput(
      `New size for extend must be greater than current size. (current: ${volume.size}, extended: ${newSize}).`,
    );
  }
  const expected = attached ? 'in-use' : 'available';
  await deps.db.transaction().execute(async (trx) => {
    const current = (await volumeRow(trx, volume.id))!;
    if (current.status !== expected) {
      throw new InvalidVolume(
        `Volume ${volume.id} status must be '{'status': '${expected}'}' to extend, currently ${current.status}.`,
      );
    }
    await checkQuota(
      trx,
      deps.settings,
      current.project_id,
      { gigabytes: newSize - current.size },
      {
        volumeTypeId: current.volume_type_id,
        volumeSize: newSize,
      },
    );
    await trx
      .updateTable('volumes')
      .set({ status: 'extending', previous_status: current.status, updated_at: deps.now().toISOString() })
      .where('id', '=', volume.id)
      .execute();
  });
  await new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC)
    .at(backendOf(volume.host!))
    .cast('extend_volume', { context: rpcContext(deps, request), volumeId: volume.id, newSize });
  return { status: 202 };
};

/** `os-set_bootable`: a volume update (policy `volume:update`), answered 200. */
const setBootable: VolumeAction = async (deps, request, body) => {
  const { 'os-set_bootable': args } = validateBody<{ 'os-set_bootable': { bootable: boolean | string } }>(
    bootableSchema,
    body,
  );
  const volume = await loadVolume(deps, request.context, request.params.id);
  authorize(deps.policy, VOLUME_POLICY.update, volumeTarget(volume), request.context);
  if (volume.status === 'maintenance')
    throw new InvalidVolume('The volume cannot be updated during maintenance.');
  await deps.db
    .updateTable('volumes')
    .set({ bootable: booleanOf(args.bootable) ? 1 : 0, updated_at: deps.now().toISOString() })
    .where('id', '=', volume.id)
    .execute();
  return { status: 200 };
};

/** `os-update_readonly_flag`: the admin metadata `readonly` ("True"/"False") of an available volume. */
const updateReadonly: VolumeAction = async (deps, request, body) => {
  const { 'os-update_readonly_flag': args } = validateBody<{
    'os-update_readonly_flag': { readonly: boolean | string };
  }>(readonlySchema, body);
  const volume = await loadVolume(deps, request.context, request.params.id);
  authorize(deps.policy, VOLUME_ACTION_POLICY.updateReadonly, volumeTarget(volume), request.context);
  if (volume.status !== 'available') {
    throw new InvalidVolume(
      `Volume ${volume.id} status must be available to update readonly flag, but current status is: ${volume.status}.`,
    );
  }
  const readonly = booleanOf(args.readonly) ? 'True' : 'False';
  await writeMetadata(deps.db, 'volume_admin_metadata', volume.id, { readonly }, false);
  return { status: 202 };
};

/** The backend name of a volume's `host@backend#pool`. */
function backendNameOf(host: string | null): string | null {
  if (!host) return null;
  return backendOf(host).split('@')[1] ?? null;
}

/**
 * `os-retype`: a different type for an available or in-use volume. Each backend here serves one
 * pool, so a type its backend also serves (no `volume_backend_name`, or this backend's) takes
 * effect at once; any other would need a migration, which Stratus does not do, so, as when
 * Cinder's scheduler finds no host, the volume keeps its type.
 */
const retype: VolumeAction = async (deps, request, body) => {
  const { 'os-retype': args } = validateBody<{
    'os-retype': { new_type: string; migration_policy?: string | null };
  }>(retypeSchema, body);
  const volume = await loadVolume(deps, request.context, request.params.id);
  authorize(deps.policy, VOLUME_ACTION_POLICY.retype, volumeTarget(volume), request.context);
  const type = await findVolumeType(deps.db, { isAdmin: true, projectId: null }, args.new_type);
  const specs = await keyValuesOf(deps.db, 'volume_type_extra_specs', type.id);
  const multiattach = isMultiattachType(specs);
  if ((volume.multiattach === 1) !== multiattach) {
    if (volume.status !== 'available') {
      throw new InvalidInput(
        'Invalid volume_type passed, retypes affecting multiattach are only allowed on available volumes, ' +
          `the specified volume however currently has a status of: ${volume.status}.`,
      );
    }
    if (multiattach) authorize(deps.policy, VOLUME_POLICY.multiattach, volumeTarget(volume), request.context);
  }
  if (
    !['available', 'in-use'].includes(volume.status) ||
    !AVAILABLE_MIGRATION_STATUSES.includes(volume.migration_status) ||
    volume.volume_type_id === type.id
  ) {
    throw new InvalidVolume(
      'Retype needs volume to be in available or in-use state, not be part of an active migration or a ' +
        'consistency group, requested type has to be different that the one from the volume, and for in-use ' +
        'volumes front-end qos specs cannot change.',
    );
  }
  const wanted = specs.volume_backend_name;
  if (wanted !== undefined && wanted !== backendNameOf(volume.host)) {
    deps.logger.warn(
      { volumeId: volume.id, type: type.id },
      'retype needs a migration to another backend; not done',
    );
    return { status: 202 };
  }
  await deps.db
    .updateTable('volumes')
    .set({ volume_type_id: type.id, multiattach: multiattach ? 1 : 0, updated_at: deps.now().toISOString() })
    .where('id', '=', volume.id)
    .execute();
  return { status: 202 };
};

export const volumeChangeActions: Record<string, VolumeAction> = {
  'os-extend': extend,
  'os-set_bootable': setBootable,
  'os-update_readonly_flag': updateReadonly,
  'os-retype': retype,
};
