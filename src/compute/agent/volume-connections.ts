import { connectionInfoOf, type BlockStorageClient } from '../../common/clients/block-storage-client.js';
import type { HostConnector } from '../../common/clients/block-storage-types.js';
import { BadRequest } from '../../common/http/errors.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import type { InstanceSpec, VolumeConnection, VolumeConnector } from '../virt/types.js';
import type { BdmRow } from '../volumes/volume-bdms.js';
import type { AgentContext } from './agent-context.js';

/** The host connector as os-brick describes the host to Cinder, with the guest device it will be. */
export function hostConnector(connector: VolumeConnector, mountpoint: string | null): HostConnector {
  return {
    ip: connector.ip,
    host: connector.host,
    initiator: connector.initiator,
    multipath: connector.multipath,
    platform: connector.platform,
    os_type: connector.osType,
    // Nova's libvirt driver attaches through the hypervisor, never on the host itself.
    do_local_attach: false,
    ...(mountpoint ? { mountpoint } : {}),
  };
}

/**
 * Cinder as compute's service user, in the instance's project: the agent acts on volumes the API
 * already checked the caller may use (Nova's agent keeps the caller's context; an admin may do
 * the same on any project's volumes).
 */
export function cinderOf(ctx: AgentContext, row: InstanceRow): BlockStorageClient {
  if (!ctx.volume)
    throw new BadRequest(`Instance ${row.uuid} cannot use volumes: there is no block storage service`);
  return ctx.volume.admin(row.project_id);
}

/** The mapping's volume connection as the agent saved it, or null before it was connected. */
export function savedConnection(bdm: BdmRow): VolumeConnection | null {
  return bdm.connection_info ? (JSON.parse(bdm.connection_info) as VolumeConnection) : null;
}

/**
 * `attachment_update` with this host's connector: Cinder exports the volume to this host and
 * answers how to reach it, which the driver takes as the volume's connection.
 */
export async function connectToHost(
  ctx: AgentContext,
  cinder: BlockStorageClient,
  spec: InstanceSpec,
  bdm: BdmRow,
): Promise<VolumeConnection> {
  const connector = hostConnector(await ctx.driver.volumeConnector(spec), bdm.device_name);
  const attachment = await cinder.updateAttachment(bdm.attachment_id!, connector);
  const info = connectionInfoOf(attachment);
  if (!info)
    throw new Error(`Cinder gave attachment ${attachment.id} of volume ${bdm.volume_id} no connection info`);
  return { volumeId: bdm.volume_id!, driverVolumeType: info.driver_volume_type, data: info.data };
}

/** Deletes an attachment, logging a failure: clean-up after a failure must not hide it. */
export async function deleteAttachmentQuietly(
  ctx: AgentContext,
  cinder: BlockStorageClient,
  attachmentId: string,
  instanceUuid: string,
): Promise<void> {
  await cinder
    .deleteAttachment(attachmentId)
    .catch((error: unknown) =>
      ctx.logFailure(error, `deleting volume attachment ${attachmentId}`, instanceUuid),
    );
}
