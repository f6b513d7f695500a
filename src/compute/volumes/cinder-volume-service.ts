import { RemoteError, RpcClient } from '../../common/bus/index.js';
import type { BlockStorageClient } from '../../common/clients/block-storage-client.js';
import type { CinderVolume } from '../../common/clients/block-storage-types.js';
import { ApiError, Conflict } from '../../common/http/errors.js';
import type { BlockStorageLinks, ComputeDeps } from '../deps.js';
import { InstanceAction, InstanceActionsRepo } from '../instances/instance-actions-repo.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { VmState } from '../instances/states.js';
import type { AttachRequest, Volume, VolumeService } from '../instances/volume-service.js';
import { COMPUTE_TOPIC, type ComputeMethods } from '../rpc/compute-api.js';
import type { RpcContext } from '../rpc/context.js';
import { VolumeBdms, type BdmRow } from './volume-bdms.js';
import {
  InvalidInput,
  InvalidVolume,
  MultiattachNotSupportedOldMicroversion,
  MultiattachToShelvedNotSupported,
  translateVolumeError,
  VolumeNotFound,
  VolumeTaggedAttachToShelvedNotSupported,
} from './volume-errors.js';

/** A volume as compute reads it (`_untranslate_volume_summary_view`): attachments by server. */
export function volumeOf(volume: CinderVolume): Volume {
  const attachments: Volume['attachments'] = {};
  for (const attachment of volume.attachments ?? []) {
    if (attachment.server_id) attachments[attachment.server_id] = { attachmentId: attachment.attachment_id };
  }
  return {
    id: volume.id,
    status: volume.status,
    size: volume.size,
    availabilityZone: volume.availability_zone,
    multiattach: volume.multiattach ?? false,
    bootable: String(volume.bootable).toLowerCase() === 'true',
    attachments,
  };
}

/** An API error the agent raised keeps its status and message; anything else stays as it is (a 500). */
function fromAgent(error: unknown): never {
  if (error instanceof RemoteError && typeof error.details.status === 'number')
    throw new ApiError(error.details.status, error.message);
  throw error;
}

/** The offloaded server has no host to do the work: its volumes are handled here (Nova's local attach). */
const offHost = (instance: InstanceRow) => instance.vm_state === VmState.SHELVED_OFFLOADED || !instance.host;

/**
 * Volumes through Cinder as Nova's compute API drives them (new-style attachments, 3.44+): the
 * API checks the volume and reserves it for the server (`attachment_create` without a
 * connector), and the server's agent connects and plugs it. Cinder is called with the caller's
 * token, so the caller's view of the volume decides, as in Nova.
 */
export class CinderVolumeService implements VolumeService {
  private readonly bdms: VolumeBdms;
  private readonly actions: InstanceActionsRepo;

  constructor(
    private readonly deps: ComputeDeps,
    private readonly links: BlockStorageLinks,
  ) {
    this.bdms = new VolumeBdms(deps.db, deps.now);
    this.actions = new InstanceActionsRepo(deps.db, deps.now);
  }

  private cinder(context: RpcContext): BlockStorageClient {
    return context.authToken
      ? this.links.asUser(context.authToken, context.projectId)
      : this.links.admin(context.projectId);
  }

  private agent(host: string): RpcClient<ComputeMethods> {
    return new RpcClient<ComputeMethods>(this.deps.bus, COMPUTE_TOPIC).at(host);
  }

  private startAction(context: RpcContext, instanceUuid: string, action: string): Promise<unknown> {
    return this.actions.start({
      instanceUuid,
      action,
      requestId: context.requestId,
      userId: context.userId,
      projectId: context.projectId,
    });
  }

  async get(context: RpcContext, volumeId: string): Promise<Volume> {
    const found = await this.cinder(context)
      .getVolume(volumeId)
      .catch((error: unknown) => {
        throw translateVolumeError(error, volumeId);
      });
    if (!found) throw new VolumeNotFound(volumeId);
    return volumeOf(found);
  }

  /**
   * `_check_volume_already_attached`: Cinder would take a second attachment of the same volume
   * to the same server, and an admin's reset could let a single-attach volume in twice.
   */
  private async checkNotAttached(instance: InstanceRow, volume: Volume): Promise<void> {
    const servers = await this.bdms.serversWith(volume.id);
    if (servers.length === 0) return;
    if (!volume.multiattach) {
      throw new InvalidVolume(`volume ${volume.id} is already attached to instances: ${servers.join(' ')}`);
    }
    if (servers.includes(instance.uuid)) throw new InvalidVolume(`volume ${volume.id} already attached`);
  }

  /** `check_attach_and_reserve_volume`: the attachment that reserves the volume for the server, on the mapping. */
  private async reserve(
    context: RpcContext,
    instance: InstanceRow,
    volume: Volume,
    bdm: BdmRow,
    supportsMultiattach: boolean,
  ): Promise<string> {
    if (volume.multiattach && !supportsMultiattach) throw new MultiattachNotSupportedOldMicroversion();
    const attachment = await this.cinder(context)
      .createAttachment(volume.id, instance.uuid)
      .catch((error: unknown) => {
        throw translateVolumeError(error, volume.id);
      });
    await this.bdms.update(bdm.id, { attachment_id: attachment.id });
    return attachment.id;
  }

  async attach(context: RpcContext, instance: InstanceRow, request: AttachRequest): Promise<string | null> {
    const volume = await this.get(context, request.volumeId);
    await this.checkNotAttached(instance, volume);
    if (offHost(instance)) {
      if (request.tag) throw new VolumeTaggedAttachToShelvedNotSupported();
      if (volume.multiattach) throw new MultiattachToShelvedNotSupported();
      return this.attachOffHost(context, instance, volume, request);
    }
    const { bdmUuid, device } = await this.agent(instance.host!)
      .call('reserve_block_device_name', {
        context,
        instanceUuid: instance.uuid,
        volumeId: volume.id,
        tag: request.tag,
        deleteOnTermination: request.deleteOnTermination,
        multiattach: volume.multiattach,
      })
      .catch(fromAgent);
    const bdm = (await this.bdms.byUuid(bdmUuid))!;
    try {
      await this.reserve(context, instance, volume, bdm, request.supportsMultiattach);
      await this.startAction(context, instance.uuid, InstanceAction.ATTACH_VOLUME);
      await this.agent(instance.host!).cast('attach_volume', {
        context,
        instanceUuid: instance.uuid,
        bdmUuid,
      });
    } catch (error) {
      await this.bdms.remove(bdm.id);
      throw error;
    }
    return device;
  }

  /**
   * `_attach_volume_shelved_offloaded`: the mapping without a device (the host that unshelves the
   * server picks it), the volume reserved, and the attachment completed without a connector so
   * the volume reads `in-use`, as the old flow did; the unshelving host connects it.
   */
  private async attachOffHost(
    context: RpcContext,
    instance: InstanceRow,
    volume: Volume,
    request: AttachRequest,
  ): Promise<null> {
    const uuid = await this.bdms.addAttached(instance.uuid, {
      volumeId: volume.id,
      device: null,
      tag: null,
      deleteOnTermination: request.deleteOnTermination,
    });
    const bdm = (await this.bdms.byUuid(uuid))!;
    try {
      const attachmentId = await this.reserve(context, instance, volume, bdm, request.supportsMultiattach);
      await this.startAction(context, instance.uuid, InstanceAction.ATTACH_VOLUME);
      await this.cinder(context)
        .completeAttachment(attachmentId)
        .catch((error: unknown) => {
          throw translateVolumeError(error, volume.id);
        });
    } catch (error) {
      await this.bdms.remove(bdm.id);
      throw error;
    }
    return null;
  }

  async detach(context: RpcContext, instance: InstanceRow, volume: Volume): Promise<void> {
    const bdm = await this.bdms.ofVolume(instance.uuid, volume.id);
    if (offHost(instance) && bdm) {
      // `_detach_volume_shelved_offloaded`: nothing is plugged anywhere; Cinder lets the volume go.
      await this.startAction(context, instance.uuid, InstanceAction.DETACH_VOLUME);
      if (bdm.attachment_id) await this.cinder(context).deleteAttachment(bdm.attachment_id);
      await this.bdms.remove(bdm.id);
      return;
    }
    try {
      await this.cinder(context).beginDetaching(volume.id);
    } catch (error) {
      const translated = translateVolumeError(error, volume.id);
      if (translated instanceof InvalidInput) throw new InvalidVolume(translated.message);
      throw translated;
    }
    await this.startAction(context, instance.uuid, InstanceAction.DETACH_VOLUME);
    await this.agent(instance.host!).cast('detach_volume', {
      context,
      instanceUuid: instance.uuid,
      volumeId: volume.id,
      attachmentId: volume.attachments[instance.uuid]?.attachmentId ?? bdm?.attachment_id ?? null,
    });
  }

  /** Swapping needs a driver that can copy a live disk; none of ours does yet. */
  async swap(): Promise<void> {
    throw new Conflict('Swapping volumes is not supported by this compute service.');
  }

  async releaseVolumesOfDeleted(context: RpcContext, instance: InstanceRow): Promise<void> {
    const cinder = this.cinder(context);
    for (const bdm of await this.bdms.volumesOf(instance.uuid)) {
      try {
        if (bdm.attachment_id) await cinder.deleteAttachment(bdm.attachment_id);
        if (bdm.volume_id && bdm.delete_on_termination) await cinder.deleteVolume(bdm.volume_id);
      } catch (error) {
        this.deps.logger.warn(
          { err: error, instance: instance.uuid, volume: bdm.volume_id },
          'could not let a volume of a deleted server go',
        );
      }
    }
  }
}
