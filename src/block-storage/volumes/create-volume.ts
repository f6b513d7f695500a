import type { RequestContext } from '../../common/auth/context.js';
import { RpcClient } from '../../common/bus/index.js';
import type { Image } from '../../common/clients/image-client.js';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { authorize } from '../policies/index.js';
import { VOLUME_POLICY } from '../policies/volumes.js';
import { checkQuota } from '../quotas/quota-check.js';
import { keyValuesOf } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidInput, InvalidSnapshot, InvalidVolume, SnapshotNotFound } from '../errors.js';
import type { SchedulerMethods } from '../rpc/volume-api.js';
import { SCHEDULER_TOPIC } from '../rpc/topics.js';
import { snapshotRow } from '../snapshots/snapshot-records.js';
import { bootSnapshotOf, checkImageFits, imageOfRef } from './image-source.js';
import { booleanOf } from './request-validation.js';
import { callerIsAdmin, loadVolume, visibleToCaller } from './volume-lookup.js';
import { volumeRow, writeMetadata, type VolumeRow } from './volume-records.js';
import { findVolumeType, isMultiattachType, type VolumeTypeRow } from './volume-type-lookup.js';

/** The `volume` of a create request, once its schema passed. */
export interface CreateVolumeRequest {
  size?: number | string | null;
  name?: string | null;
  description?: string | null;
  display_name?: string | null;
  display_description?: string | null;
  volume_type?: string | null;
  metadata?: Record<string, string> | null;
  snapshot_id?: string | null;
  source_volid?: string | null;
  imageRef?: string | null;
  image_id?: string | null;
  availability_zone?: string | null;
  multiattach?: boolean | string | null;
  consistencygroup_id?: string | null;
  group_id?: string | null;
  backup_id?: string | null;
}

const SNAPSHOT_PROCEED_STATUS = ['available'];
const SOURCE_VOLUME_PROCEED_STATUS = ['available', 'in-use'];

/** Cinder strips names and descriptions; `name` wins over the older `display_name`. */
function textField(request: CreateVolumeRequest, field: 'name' | 'description'): string | null {
  const value =
    field in request ? request[field] : request[field === 'name' ? 'display_name' : 'display_description'];
  return typeof value === 'string' ? value.trim() : null;
}

/** A snapshot as the caller may see it; another project's is not found (unless an admin asks). */
async function visibleSnapshot(deps: BlockStorageDeps, context: RequestContext, id: string) {
  const snapshot = await snapshotRow(deps.db, id);
  return visibleToCaller(deps, context, snapshot) ? snapshot : undefined;
}

/** Cinder's `_extract_size`: the size asked for, else the source's, and never below the source's. */
function volumeSize(
  asked: number | string | null | undefined,
  source: VolumeRow | undefined,
  snapshotSize: number | undefined,
): number {
  const given = asked === null || asked === undefined ? null : Number(asked);
  const size = given || (source?.size ?? snapshotSize ?? null);
  if (size === null || !Number.isInteger(size) || size <= 0) {
    throw new InvalidInput(
      `Volume size '${size === null ? 'None' : size}' must be an integer and greater than 0`,
    );
  }
  if (source && size < source.size) {
    throw new InvalidInput(
      `Volume size '${size}'GB cannot be smaller than original volume size  ${source.size}GB. They must be >= original volume size.`,
    );
  }
  if (snapshotSize !== undefined && size < snapshotSize) {
    throw new InvalidInput(
      `Volume size '${size}'GB cannot be smaller than the snapshot size ${snapshotSize}GB. They must be >= original snapshot size.`,
    );
  }
  return size;
}

/** The zones volumes may be created in: those of the volume services, and the configured one. */
async function knownZones(deps: BlockStorageDeps): Promise<Set<string>> {
  const services = await deps.db
    .selectFrom('services')
    .select('availability_zone')
    .where('binary', '=', 'cinder-volume')
    .execute();
  return new Set([deps.settings.availability_zone, ...services.map((service) => service.availability_zone)]);
}

/**
 * Creates a volume as Cinder's API does (cinder/api/v3/volumes.py `create` and the API flow of
 * cinder/volume/flows/api/create_volume.py): checks the request against its sources, type, zone
 * and quota, writes the row `creating` with its metadata in one transaction, and casts it to the
 * scheduler, which places it and hands it to a backend.
 */
export async function createVolume(
  deps: BlockStorageDeps,
  context: RequestContext,
  request: CreateVolumeRequest,
  options: { novaImageSnapshots?: boolean; requestId?: string } = {},
): Promise<VolumeRow> {
  const isAdmin = callerIsAdmin(deps, context);
  const viewer = { isAdmin, projectId: context.projectId };
  const projectId = context.projectId ?? '';
  const requestedType = request.volume_type
    ? await findVolumeType(deps.db, viewer, request.volume_type)
    : undefined;
  let snapshot = undefined;
  if (request.snapshot_id != null) {
    snapshot = await visibleSnapshot(deps, context, request.snapshot_id);
    if (!snapshot) throw new SnapshotNotFound(request.snapshot_id);
  }
  const source =
    request.source_volid != null ? await loadVolume(deps, context, request.source_volid) : undefined;
  for (const groupId of [request.consistencygroup_id, request.group_id]) {
    // Stratus has no groups, so any group named is one that does not exist.
    if (groupId != null) throw new NotFound(`Group ${groupId} could not be found.`);
  }
  if (request.backup_id) {
    // 3.47's volumes made from a backup need the backup service to fill them; not done here yet.
    throw new BadRequest('Creating a volume from a backup (backup_id) is not supported by this cloud.');
  }
  const imageRef = request.image_id !== undefined ? request.image_id : request.imageRef;
  let image: Image | undefined =
    imageRef != null ? await imageOfRef(deps.imagesFor(context.token), imageRef) : undefined;
  const bootSnapshotId = image ? bootSnapshotOf(image) : null;
  if (bootSnapshotId !== null) {
    // An image of a volume-backed server: from 3.46 the volume is made from its boot snapshot.
    const bootSnapshot = await visibleSnapshot(deps, context, bootSnapshotId);
    if (!bootSnapshot) {
      throw new NotFound(
        `Nova specific image is found, but boot volume snapshot id:${bootSnapshotId} not found.`,
      );
    }
    if (options.novaImageSnapshots) {
      snapshot = bootSnapshot;
      image = undefined;
    }
  }
  if (request.multiattach != null && booleanOf(request.multiattach)) {
    throw new BadRequest(
      'multiattach parameter has been removed. The default behavior is to use multiattach enabled volume types. ' +
        'Contact your administrator to create a multiattach enabled volume type and use it to create multiattach volumes.',
    );
  }
  authorize(
    deps.policy,
    image ? VOLUME_POLICY.createFromImage : VOLUME_POLICY.create,
    { project_id: projectId },
    context,
  );
  if ([snapshot, image, source].filter((given) => given !== undefined).length > 1) {
    throw new InvalidInput('May specify only one of backup, imageRef, snapshot, source volume');
  }
  if (snapshot && !SNAPSHOT_PROCEED_STATUS.includes(snapshot.status)) {
    throw new InvalidSnapshot("Originating snapshot status must be one of 'available' values");
  }
  if (source && !SOURCE_VOLUME_PROCEED_STATUS.includes(source.status)) {
    throw new InvalidVolume("Originating source volume status must be one of 'available, in-use' values");
  }
  const snapshotVolume = snapshot ? await volumeRow(deps.db, snapshot.volume_id) : undefined;
  const size = volumeSize(request.size, source, snapshot?.volume_size);
  if (image) checkImageFits(image, size);
  const type = await volumeTypeOf(deps, viewer, requestedType, source ?? snapshotVolume, image);
  const zone =
    request.availability_zone ??
    source?.availability_zone ??
    snapshotVolume?.availability_zone ??
    deps.settings.availability_zone;
  if (!(await knownZones(deps)).has(zone)) throw new BadRequest(`Availability zone '${zone}' is invalid.`);
  const multiattach = isMultiattachType(await keyValuesOf(deps.db, 'volume_type_extra_specs', type.id));
  if (multiattach) authorize(deps.policy, VOLUME_POLICY.multiattach, { project_id: projectId }, context);

  const id = deps.newId();
  await deps.db.transaction().execute(async (trx) => {
    await checkQuota(
      trx,
      deps.settings,
      projectId,
      { volumes: 1, gigabytes: size },
      { volumeTypeId: type.id },
    );
    await trx
      .insertInto('volumes')
      .values({
        id,
        project_id: projectId,
        user_id: context.userId,
        name: textField(request, 'name'),
        description: textField(request, 'description'),
        size,
        status: 'creating',
        attach_status: 'detached',
        previous_status: null,
        availability_zone: zone,
        volume_type_id: type.id,
        snapshot_id: snapshot?.id ?? null,
        source_volid: source?.id ?? null,
        host: null,
        bootable: 0,
        multiattach: multiattach ? 1 : 0,
        migration_status: null,
        created_at: deps.now().toISOString(),
        updated_at: null,
        launched_at: null,
      })
      .execute();
    await writeMetadata(trx, 'volume_metadata', id, request.metadata ?? {}, false);
  });
  await new RpcClient<SchedulerMethods>(deps.bus, SCHEDULER_TOPIC).cast('create_volume', {
    context: {
      projectId,
      userId: context.userId,
      token: context.token,
      isAdmin,
      requestId: options.requestId,
    },
    volumeId: id,
    imageId: image?.id ?? null,
  });
  return (await volumeRow(deps.db, id))!;
}

/** The type asked for, else the source's, else the image's `cinder_img_volume_type`, else the default. */
async function volumeTypeOf(
  deps: BlockStorageDeps,
  viewer: { isAdmin: boolean; projectId: string | null },
  requested: VolumeTypeRow | undefined,
  source: VolumeRow | undefined,
  image: Image | undefined,
): Promise<VolumeTypeRow> {
  if (requested) return requested;
  if (source) return findVolumeType(deps.db, { isAdmin: true, projectId: null }, source.volume_type_id);
  const imageType = image?.cinder_img_volume_type;
  if (typeof imageType === 'string' && imageType) return findVolumeType(deps.db, viewer, imageType);
  return findVolumeType(deps.db, { isAdmin: true, projectId: null }, deps.settings.default_volume_type);
}
