import type { FastifyRequest } from 'fastify';
import type { Image } from '../../../common/clients/image-client.js';
import { BadRequest, Forbidden } from '../../../common/http/errors.js';
import type { ComputeDeps } from '../../deps.js';
import { acceptServerAction, checkServerAction } from '../../instances/accept-action.js';
import type { ServerAction } from '../../instances/actions.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import { systemMetadataOf, type InstanceChanges, type InstanceRow } from '../../instances/instance-repo.js';
import { computeQuotas } from '../../quotas/compute-quotas.js';
import { AUTO_DISK_CONFIG_KEY } from '../views/servers.js';
import {
  agentOf,
  cloudUrl,
  loadAndAuthorize,
  type ActionCall,
  type ActionResult,
  type ActionTable,
} from './action-table.js';
import { imageFromSystemMetadata } from './image-meta.js';
import { createBackupSchema, createImageSchema } from './schemas.js';

/** `MAX_IMAGE_META_PROXY_API_VERSION`: image metadata counts against the quota up to 2.38. */
const IMAGE_META_QUOTA_MAX = '2.38';
/** From 2.45 createImage and createBackup answer `{"image_id"}` instead of a Location header. */
const IMAGE_ID_IN_BODY = '2.45';

/** `NON_INHERITABLE_IMAGE_PROPERTIES`, `[DEFAULT] non_inheritable_image_properties` and the os_glance namespace. */
const NOT_INHERITED = new Set([
  'cinder_encryption_key_id',
  'cinder_encryption_key_deletion_policy',
  'img_signature',
  'img_signature_hash_method',
  'img_signature_key_type',
  'img_signature_certificate_uuid',
  'cache_in_nova',
  'bittorrent',
  // Stratus keeps the disk config in system metadata; Nova has a column for it.
  AUTO_DISK_CONFIG_KEY,
]);

/** `check_img_metadata_properties_quota` (up to 2.38): a 403 beyond `metadata_items`. */
async function checkImageMetadataQuota(
  deps: ComputeDeps,
  request: FastifyRequest,
  metadata: object,
): Promise<void> {
  const count = Object.keys(metadata).length;
  if (count === 0 || request.microversion.compare(IMAGE_META_QUOTA_MAX) > 0) return;
  const limits = await computeQuotas(deps).projectQuotas(request.context.projectId ?? '');
  if (limits.metadata_items >= 0 && count > limits.metadata_items) {
    throw new Forbidden('Image metadata limit exceeded');
  }
}

/**
 * `compute_utils.create_image`: a queued image as the caller, carrying the instance's image
 * (its `image_*` system metadata and the rest of it, as Nova's `get_image_from_system_metadata`)
 * with `instance_uuid`, `user_id` and `image_type`; private, or shared with the owner's project
 * when someone else (an admin) makes it. A snapshot leaves the formats to the upload.
 */
export async function createInstanceImage(
  deps: ComputeDeps,
  request: FastifyRequest,
  instance: InstanceRow,
  name: string,
  imageType: 'snapshot' | 'backup',
  extra: Record<string, string>,
): Promise<Image> {
  const { fields, properties: inherited } = imageFromSystemMetadata(systemMetadataOf(instance));
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(inherited)) {
    if (!NOT_INHERITED.has(key) && !key.startsWith('os_glance')) properties[key] = value;
  }
  const foreign = request.context.projectId !== instance.project_id;
  Object.assign(
    properties,
    { instance_uuid: instance.uuid, user_id: request.context.userId, image_type: imageType },
    foreign ? { instance_owner: instance.project_id } : {},
    extra,
  );
  const image: Record<string, unknown> = {
    ...properties,
    name,
    visibility: foreign ? 'shared' : 'private',
  };
  if (fields.min_ram !== undefined) image.min_ram = Number(fields.min_ram);
  if (fields.min_disk !== undefined) image.min_disk = Number(fields.min_disk);
  if (imageType === 'backup') {
    if (fields.disk_format !== undefined) image.disk_format = fields.disk_format;
    if (fields.container_format !== undefined) image.container_format = fields.container_format;
  }
  return deps.imagesFor(request.context.token).createImage(image);
}

/**
 * Takes the instance into the action's task state once its image exists; if that fails (the
 * instance moved meanwhile) the image is deleted again, as Nova does.
 */
export async function acceptWithImage(
  call: ActionCall,
  instance: InstanceRow,
  action: ServerAction,
  record: string,
  image: Image,
  changes?: InstanceChanges,
) {
  try {
    return await acceptServerAction(call.deps, call.request, instance, action, {
      record,
      changes,
      needsHost: true,
    });
  } catch (error) {
    await call.deps
      .imagesFor(call.request.context.token)
      .deleteImage(image.id)
      .catch(() => false);
    throw error;
  }
}

function imageAnswer(call: ActionCall, image: Image, location: string | null): ActionResult {
  if (call.request.microversion.atLeast(IMAGE_ID_IN_BODY))
    return { status: 202, body: { image_id: image.id } };
  return { status: 202, ...(location ? { headers: { location } } : {}) };
}

interface ImageArgs {
  name: string;
  metadata?: Record<string, string>;
}

/** createImage (a snapshot, in the image service as the caller) and createBackup. */
export const snapshotActions: ActionTable = {
  createImage: {
    schemas: [{ schema: createImageSchema }],
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:servers:create_image');
      const args = call.args as ImageArgs;
      const metadata = args.metadata ?? {};
      await checkImageMetadataQuota(deps, request, metadata);
      checkServerAction(deps, request, instance, 'createImage');
      if (!instance.image_ref) {
        // Nova snapshots the volumes through Cinder; without block storage there are none.
        throw new BadRequest('Snapshots of volume-backed servers need the block storage service.');
      }
      const image = await createInstanceImage(
        deps,
        request,
        instance,
        args.name.trim(),
        'snapshot',
        metadata,
      );
      const accepted = await acceptWithImage(
        call,
        instance,
        'createImage',
        InstanceAction.CREATE_IMAGE,
        image,
      );
      await agentOf(deps, accepted.instance).cast('snapshot_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        imageId: image.id,
      });
      // Nova's `generate_image_url`: the image endpoint of the catalog, then `/images/<id>`.
      return imageAnswer(call, image, `${cloudUrl(deps)}/image/images/${image.id}`);
    },
  },
  createBackup: {
    schemas: [{ schema: createBackupSchema }],
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-create-backup');
      const args = call.args as ImageArgs & { backup_type: string; rotation: number | string };
      const rotation = Number(args.rotation);
      const metadata = args.metadata ?? {};
      await checkImageMetadataQuota(deps, request, metadata);
      checkServerAction(deps, request, instance, 'createBackup');
      if (!instance.image_ref) throw new BadRequest('Backup is not supported for volume-backed instances.');
      const image = await createInstanceImage(deps, request, instance, args.name.trim(), 'backup', {
        ...metadata,
        backup_type: args.backup_type,
      });
      const accepted = await acceptWithImage(call, instance, 'createBackup', InstanceAction.BACKUP, image);
      await agentOf(deps, accepted.instance).cast('backup_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        imageId: image.id,
        backupType: args.backup_type,
        rotation,
      });
      // Before 2.45 the Location is the compute API's image URL, and only with a rotation.
      return imageAnswer(call, image, rotation > 0 ? `${deps.baseUrl}/v2.1/images/${image.id}` : null);
    },
  },
};
