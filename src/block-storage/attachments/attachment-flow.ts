import type { RequestContext } from '../../common/auth/context.js';
import { RpcClient } from '../../common/bus/index.js';
import type { BlockStorageDeps } from '../deps.js';
import type { ConnectionInfo, Connector } from '../drivers/volume-driver.js';
import { InvalidVolume } from '../errors.js';
import { authorize } from '../policies/index.js';
import { ATTACHMENT_POLICY } from '../policies/attachments.js';
import { backendOf, VOLUME_TOPIC } from '../rpc/topics.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import { loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import { volumeRow, type BlockStorageDb, type VolumeRow } from '../volumes/volume-records.js';
import { AttachmentFailed, ResourceConflict } from './attachment-errors.js';
import {
  attachmentsWithProject,
  attachmentTarget,
  loadAttachment,
  type AttachmentRecord,
} from './attachment-records.js';
import { settleVolumeAttachStatus } from './volume-attach-status.js';

/** What `POST /attachments` asks for. */
export interface NewAttachment {
  volumeId: string;
  instanceUuid: string | null;
  connector: Connector | null;
  /** `rw` or `ro` (3.54); null leaves it to the connector's `mode`, `rw` by default. */
  mode: 'rw' | 'ro' | null;
}

/** Cinder's `build_or_str`. */
function orList(statuses: string[]): string {
  return statuses.join(' or ');
}

function volumeService(deps: BlockStorageDeps, volume: VolumeRow): RpcClient<VolumeMethods> {
  if (volume.host === null) throw new Error(`volume ${volume.id} has no backend`);
  return new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC).at(backendOf(volume.host));
}

/**
 * Cinder's `_attachment_reserve`: the volume goes `reserved` if its status allows a new
 * attachment (a multiattach volume also when in use), or when the same server already holds an
 * attachment of it (a server moving between hosts); the row starts `reserved`.
 */
async function reserve(
  deps: BlockStorageDeps,
  trx: BlockStorageDb,
  volume: VolumeRow,
  request: NewAttachment,
  attachMode: string,
): Promise<string> {
  const multiattach = volume.multiattach === 1;
  const expected = multiattach ? ['available', 'in-use', 'downloading'] : ['available', 'downloading'];
  const now = deps.now().toISOString();
  const reserved = await trx
    .updateTable('volumes')
    .set({ status: 'reserved', updated_at: now })
    .where('id', '=', volume.id)
    .where('status', 'in', expected)
    .executeTakeFirst();
  if (Number(reserved.numUpdatedRows) === 0) {
    const current = (await volumeRow(trx, volume.id)) ?? volume;
    let sameServer = false;
    if (request.instanceUuid !== null && ['in-use', 'reserved'].includes(current.status)) {
      const held = await trx
        .selectFrom('volume_attachments')
        .select('id')
        .where('volume_id', '=', volume.id)
        .where('instance_uuid', '=', request.instanceUuid)
        .executeTakeFirst();
      sameServer = held !== undefined;
    }
    if (!sameServer) {
      throw new InvalidVolume(
        `Volume ${volume.id} status must be ${orList(expected)} to reserve, but the current status is ${current.status}.`,
      );
    }
  }
  const id = deps.newId();
  await trx
    .insertInto('volume_attachments')
    .values({
      id,
      volume_id: volume.id,
      instance_uuid: request.instanceUuid,
      attached_host: null,
      mountpoint: null,
      attach_mode: attachMode,
      attach_status: 'reserved',
      connector: null,
      connection_info: null,
      attach_time: null,
      detach_time: null,
      created_at: now,
      updated_at: null,
    })
    .execute();
  return id;
}

/**
 * Cinder's `_connection_create` and `volume_attached(mark_attached=False)`: the volume's backend
 * exports it for the connector; the attachment keeps the connector and the connection info
 * (flattened as Cinder returns it, with the attachment's id) and goes `attaching` with its volume.
 */
async function connect(
  deps: BlockStorageDeps,
  volume: VolumeRow,
  attachment: { id: string; attach_mode: string },
  connector: Connector,
): Promise<Record<string, unknown>> {
  const mode = attachment.attach_mode !== 'null' ? attachment.attach_mode : String(connector.mode ?? 'rw');
  const withMode: Connector = { ...connector, mode };
  const info: ConnectionInfo = await volumeService(deps, volume).call('initialize_connection', {
    volumeId: volume.id,
    connector: withMode,
  });
  const connectionInfo = {
    ...info.data,
    driver_volume_type: info.driver_volume_type,
    attachment_id: attachment.id,
  };
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('volume_attachments')
      .set({
        attach_status: 'attaching',
        connector: JSON.stringify(withMode),
        connection_info: JSON.stringify(connectionInfo),
        attached_host: typeof connector.host === 'string' ? connector.host : null,
        mountpoint: typeof connector.mountpoint === 'string' ? connector.mountpoint : 'na',
        attach_mode: mode,
        attach_time: now,
        updated_at: now,
      })
      .where('id', '=', attachment.id)
      .execute();
    await trx
      .updateTable('volumes')
      .set({ status: 'attaching', attach_status: 'attaching', updated_at: now })
      .where('id', '=', volume.id)
      .execute();
  });
  return connectionInfo;
}

/** Cinder refuses attaching a volume in any error state (`error`, `error_extending`...). */
function inErrorState(volume: VolumeRow): boolean {
  return volume.status.includes('error');
}

/**
 * `POST /attachments` (Cinder's `attachment_create`): reserves the volume for the server and,
 * given a connector, connects it at once. Resolves with the new attachment's id.
 */
export async function createAttachment(
  deps: BlockStorageDeps,
  context: RequestContext,
  request: NewAttachment,
): Promise<string> {
  const volume = await loadVolume(deps, context, request.volumeId);
  authorize(deps.policy, ATTACHMENT_POLICY.create, volumeTarget(volume), context);
  if (inErrorState(volume)) {
    throw new InvalidVolume(
      'Volume attachments can not be created if the volume is in an error state. ' +
        `The Volume ${volume.id} currently has a status of: ${volume.status} `,
    );
  }
  if (volume.multiattach === 1 && volume.status === 'in-use' && volume.bootable === 1) {
    authorize(deps.policy, ATTACHMENT_POLICY.multiattachBootable, volumeTarget(volume), context);
  }
  const readonly = await deps.db
    .selectFrom('volume_admin_metadata')
    .select('value')
    .where('owner_id', '=', volume.id)
    .where('key', '=', 'readonly')
    .executeTakeFirst();
  // The read-only flag of the volume wins over the mode asked for, as upstream.
  const attachMode = readonly?.value === 'True' ? 'ro' : (request.mode ?? 'null');
  const id = await deps.db.transaction().execute((trx) => reserve(deps, trx, volume, request, attachMode));
  if (request.connector) {
    try {
      await connect(deps, volume, { id, attach_mode: attachMode }, request.connector);
    } catch (error) {
      deps.logger.error(
        { err: error, volumeId: volume.id, attachmentId: id },
        'attachment connection failed',
      );
      throw new AttachmentFailed('Unable to create attachment for volume.');
    }
  }
  return id;
}

/** `PUT /attachments/{id}` (Cinder's `attachment_update`): connects a reserved attachment for a host. */
export async function updateAttachment(
  deps: BlockStorageDeps,
  context: RequestContext,
  attachmentId: string,
  connector: Connector,
): Promise<void> {
  const attachment = await loadAttachment(deps, context, attachmentId);
  authorize(deps.policy, ATTACHMENT_POLICY.update, attachmentTarget(attachment), context);
  const volume = await volumeRow(deps.db, attachment.volume_id);
  if (!volume) throw new AttachmentFailed('Unable to update the attachment.');
  if (inErrorState(volume)) {
    throw new ResourceConflict(
      'Volume attachments can not be updated if the volume is in an error state. ' +
        `The Volume ${volume.id} currently has a status of: ${volume.status} `,
    );
  }
  const attachments = await deps.db
    .selectFrom('volume_attachments')
    .select('connection_info')
    .where('volume_id', '=', volume.id)
    .execute();
  // Several attachments of a single-attach volume are a server moving hosts; two connected is a race lost.
  if (
    volume.multiattach !== 1 &&
    attachments.length > 1 &&
    attachments.some((other) => other.connection_info !== null)
  ) {
    throw new ResourceConflict(`duplicate connectors detected on volume ${volume.id}`);
  }
  try {
    await connect(deps, volume, attachment, connector);
  } catch (error) {
    deps.logger.error({ err: error, attachmentId }, 'attachment connection failed');
    throw new AttachmentFailed('Unable to update the attachment.');
  }
}

/** `os-complete` (3.44): the host connected the volume; attachment `attached`, volume `in-use`. */
export async function completeAttachment(
  deps: BlockStorageDeps,
  context: RequestContext,
  attachmentId: string,
): Promise<void> {
  const attachment = await loadAttachment(deps, context, attachmentId);
  await loadVolume(deps, context, attachment.volume_id);
  authorize(deps.policy, ATTACHMENT_POLICY.complete, attachmentTarget(attachment), context);
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('volume_attachments')
      .set({ attach_status: 'attached', updated_at: now })
      .where('id', '=', attachment.id)
      .execute();
    await trx
      .updateTable('volumes')
      .set({ status: 'in-use', attach_status: 'attached', updated_at: now })
      .where('id', '=', attachment.volume_id)
      .execute();
  });
}

/**
 * `DELETE /attachments/{id}` (Cinder's `attachment_delete`): ends the export for the attachment's
 * host when it was connected, removes the row and settles the volume's status on what is left.
 * Resolves with the volume's remaining attachments.
 *
 * Upstream also refuses (409) a user deleting an attachment Nova still uses (bug #2004555) by
 * asking Nova; this service has no compute client, so that check is not made.
 */
export async function deleteAttachment(
  deps: BlockStorageDeps,
  context: RequestContext,
  attachmentId: string,
): Promise<AttachmentRecord[]> {
  const attachment = await loadAttachment(deps, context, attachmentId);
  authorize(deps.policy, ATTACHMENT_POLICY.delete, attachmentTarget(attachment), context);
  const volume = await volumeRow(deps.db, attachment.volume_id);
  if (volume && attachment.attach_status !== 'reserved' && attachment.connector !== null) {
    await volumeService(deps, volume).call('terminate_connection', {
      volumeId: volume.id,
      connector: JSON.parse(attachment.connector) as Connector,
    });
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('volume_attachments').where('id', '=', attachment.id).execute();
    await settleVolumeAttachStatus(trx, attachment.volume_id, deps.now());
  });
  return attachmentsWithProject(deps.db)
    .where('volume_attachments.volume_id', '=', attachment.volume_id)
    .orderBy('volume_attachments.created_at')
    .execute();
}
