import { RpcClient } from '../../common/bus/index.js';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { keyValuesOf } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidVolume, VolumeNotFound } from '../errors.js';
import { authorize } from '../policies/index.js';
import { VOLUME_ACTION_POLICY } from '../policies/volume-actions.js';
import { VOLUME_METADATA_POLICY } from '../policies/volume-metadata.js';
import { backendOf, VOLUME_TOPIC } from '../rpc/topics.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import {
  actionBody,
  booleanOf,
  booleanSchema,
  metadataSchema,
  validateBody,
} from '../volumes/request-validation.js';
import { callerIsAdmin, loadVolume, visibleToCaller, volumeTarget } from '../volumes/volume-lookup.js';
import { deleteMetadataKey, volumeRow, writeMetadata, type VolumeRow } from '../volumes/volume-records.js';
import type { VolumeAction, VolumeActionRequest } from './volume-actions.js';
import { cinderTime } from './views/volumes.js';

const DISK_FORMATS = ['raw', 'vmdk', 'vdi', 'qcow2', 'vhd', 'vhdx', 'ploop'];
/** Cinder's `glance_core_properties`: image fields a volume's image metadata does not pass on. */
const CORE_PROPERTIES = [
  'checksum',
  'container_format',
  'disk_format',
  'image_name',
  'image_id',
  'min_disk',
  'min_ram',
  'name',
  'size',
];

function uploadSchema(version: { atLeast(v: string): boolean }) {
  return actionBody(
    'os-volume_upload_image',
    {
      image_name: { type: 'string', minLength: 1, maxLength: 255 },
      force: booleanSchema,
      disk_format: { type: 'string', enum: DISK_FORMATS },
      container_format: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
      ...(version.atLeast('3.1')
        ? {
            visibility: { type: 'string', enum: ['community', 'public', 'private', 'shared'] },
            protected: booleanSchema,
          }
        : {}),
    },
    ['image_name'],
  );
}

const setImageMetadataSchema = actionBody('os-set_image_metadata', { metadata: metadataSchema }, [
  'metadata',
]);
const unsetImageMetadataSchema = actionBody(
  'os-unset_image_metadata',
  { key: { type: 'string', minLength: 1, maxLength: 255 } },
  ['key'],
);

interface UploadRequest {
  image_name: string;
  force?: boolean | string;
  disk_format?: string;
  container_format?: string | null;
  visibility?: string;
  protected?: boolean | string;
}

/** The volume type as Cinder's answer serializes the type object. */
async function typeOfVolume(deps: BlockStorageDeps, volume: VolumeRow) {
  const type = await deps.db
    .selectFrom('volume_types')
    .selectAll()
    .where('id', '=', volume.volume_type_id)
    .executeTakeFirst();
  if (!type) return null;
  return {
    id: type.id,
    name: type.name,
    description: type.description,
    is_public: type.is_public === 1,
    extra_specs: await keyValuesOf(deps.db, 'volume_type_extra_specs', type.id),
    qos_specs_id: type.qos_specs_id,
    created_at: cinderTime(type.created_at),
    updated_at: cinderTime(type.updated_at),
    deleted: false,
    deleted_at: null,
  };
}

/** The image's fields: the request's, then the volume's own image properties (Cinder's `_merge_volume_image_meta`). */
async function imageFields(deps: BlockStorageDeps, volume: VolumeRow, fields: Record<string, unknown>) {
  const imageMetadata = await keyValuesOf(deps.db, 'volume_glance_metadata', volume.id);
  const merged: Record<string, unknown> = { ...fields };
  for (const [key, value] of Object.entries(imageMetadata)) {
    // Glance keeps `os_glance*` for itself (Cinder's reserved namespaces).
    if (CORE_PROPERTIES.includes(key) || key in fields || key.startsWith('os_glance')) continue;
    merged[key] = value;
  }
  return merged;
}

/**
 * `os-volume_upload_image` (cinder/api/contrib/volume_actions.py and `copy_volume_to_image`): an
 * available volume (or, with `force`, an in-use one) becomes `uploading`; the queued image is
 * created as the caller and the volume's backend uploads the data into it, then puts the volume
 * back in its previous status.
 */
const uploadImage: VolumeAction = async (deps, request, body) => {
  const version = request.microversion;
  const { 'os-volume_upload_image': args } = validateBody<{ 'os-volume_upload_image': UploadRequest }>(
    uploadSchema(version),
    body,
  );
  const force = args.force === undefined ? false : booleanOf(args.force);
  const volume = await loadVolume(deps, request.context, request.params.id);
  const context = request.context;
  authorize(deps.policy, VOLUME_ACTION_POLICY.uploadImage, { project_id: context.projectId }, context);
  const diskFormat = args.disk_format ?? 'raw';
  const fields: Record<string, unknown> = {
    container_format: args.container_format ?? 'bare',
    disk_format: diskFormat,
    name: args.image_name,
  };
  if (version.atLeast('3.1')) {
    fields.visibility = args.visibility ?? 'private';
    fields.protected = args.protected === undefined ? false : booleanOf(args.protected);
    if (fields.visibility === 'public') {
      authorize(deps.policy, VOLUME_ACTION_POLICY.uploadPublic, { project_id: context.projectId }, context);
    }
  }
  const allowed = force ? ['available', 'in-use'] : ['available'];
  const claimed = await deps.db
    .updateTable('volumes')
    .set({ status: 'uploading', previous_status: volume.status })
    .where('id', '=', volume.id)
    .where('status', 'in', allowed)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) {
    throw new InvalidVolume(`Volume ${volume.id} status must be ${allowed.join(' or ')}`);
  }
  let image;
  try {
    image = await deps.imagesFor(context.token).createImage(await imageFields(deps, volume, fields));
  } catch (error) {
    await deps.db
      .updateTable('volumes')
      .set({ status: volume.status, previous_status: null })
      .where('id', '=', volume.id)
      .where('status', '=', 'uploading')
      .execute();
    throw new BadRequest(error instanceof Error ? error.message : String(error));
  }
  await new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC)
    .at(backendOf(volume.host!))
    .cast('copy_volume_to_image', {
      context: {
        projectId: context.projectId ?? '',
        userId: context.userId,
        token: context.token,
        isAdmin: callerIsAdmin(deps, context),
      },
      volumeId: volume.id,
      imageId: image.id,
      diskFormat: image.disk_format ?? diskFormat,
    });
  const answer: Record<string, unknown> = {
    id: volume.id,
    updated_at: cinderTime(volume.updated_at),
    status: 'uploading',
    display_description: volume.description,
    size: volume.size,
    volume_type: await typeOfVolume(deps, volume),
    image_id: image.id,
    container_format: image.container_format,
    disk_format: image.disk_format,
    image_name: image.name ?? null,
  };
  if ('protected' in image) answer.protected = image.protected;
  if ('visibility' in image) answer.visibility = image.visibility;
  return { status: 202, body: { 'os-volume_upload_image': answer } };
};

/** The volume as `objects.Volume.get_by_id` finds it: another project's is not found, whatever the policy. */
async function volumeInScope(deps: BlockStorageDeps, request: VolumeActionRequest): Promise<VolumeRow> {
  const volume = await volumeRow(deps.db, request.params.id);
  const context = request.context;
  if (!visibleToCaller(deps, context, volume)) {
    throw new VolumeNotFound(request.params.id);
  }
  return volume;
}

function checkMetadataWritable(volume: VolumeRow, verb: 'Updating' | 'Deleting'): void {
  if (['maintenance', 'uploading'].includes(volume.status)) {
    throw new InvalidVolume(`${verb} volume metadata is not allowed for volumes in ${volume.status} status.`);
  }
}

/** `os-set_image_metadata`: merges properties into the volume's image metadata; answers all of it. */
const setImageMetadata: VolumeAction = async (deps, request, body) => {
  const { 'os-set_image_metadata': args } = validateBody<{
    'os-set_image_metadata': { metadata: Record<string, string> };
  }>(setImageMetadataSchema, body);
  const found = await volumeInScope(deps, request);
  authorize(deps.policy, VOLUME_METADATA_POLICY.imageMetadataSet, volumeTarget(found), request.context);
  const volume = await loadVolume(deps, request.context, found.id);
  authorize(deps.policy, VOLUME_METADATA_POLICY.update, volumeTarget(volume), request.context);
  checkMetadataWritable(volume, 'Updating');
  const metadata = await deps.db
    .transaction()
    .execute((trx) => writeMetadata(trx, 'volume_glance_metadata', volume.id, args.metadata, false));
  return { status: 200, body: { metadata } };
};

/** `os-unset_image_metadata`: removes one image property; a key it does not have is a 404. */
const unsetImageMetadata: VolumeAction = async (deps, request, body) => {
  const { 'os-unset_image_metadata': args } = validateBody<{ 'os-unset_image_metadata': { key: string } }>(
    unsetImageMetadataSchema,
    body,
  );
  const found = await volumeInScope(deps, request);
  authorize(deps.policy, VOLUME_METADATA_POLICY.imageMetadataRemove, volumeTarget(found), request.context);
  const volume = await loadVolume(deps, request.context, found.id);
  authorize(deps.policy, VOLUME_METADATA_POLICY.get, volumeTarget(volume), request.context);
  const metadata = await keyValuesOf(deps.db, 'volume_glance_metadata', volume.id);
  if (!(args.key in metadata)) {
    throw new NotFound(`Glance metadata for volume/snapshot ${volume.id} cannot be found.`);
  }
  authorize(deps.policy, VOLUME_METADATA_POLICY.delete, volumeTarget(volume), request.context);
  checkMetadataWritable(volume, 'Deleting');
  await deleteMetadataKey(deps.db, 'volume_glance_metadata', volume.id, args.key);
  return { status: 200 };
};

/** `os-show_image_metadata`: the volume's image metadata. */
const showImageMetadata: VolumeAction = async (deps, request) => {
  const volume = await loadVolume(deps, request.context, request.params.id);
  authorize(deps.policy, VOLUME_METADATA_POLICY.get, volumeTarget(volume), request.context);
  return { status: 200, body: { metadata: await keyValuesOf(deps.db, 'volume_glance_metadata', volume.id) } };
};

export const volumeImageActions: Record<string, VolumeAction> = {
  'os-volume_upload_image': uploadImage,
  'os-set_image_metadata': setImageMetadata,
  'os-unset_image_metadata': unsetImageMetadata,
  'os-show_image_metadata': showImageMetadata,
};
