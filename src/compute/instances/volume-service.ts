import type { ComputeDeps } from '../deps.js';
import { CinderVolumeService } from '../volumes/cinder-volume-service.js';
import { VolumeNotFound } from '../volumes/volume-errors.js';
import type { RpcContext } from '../rpc/context.js';
import type { InstanceRow } from './instance-repo.js';

/** A volume as compute needs to know it (Cinder's volume, the fields Nova reads). */
export interface Volume {
  id: string;
  status: string;
  size: number;
  availabilityZone: string | null;
  multiattach: boolean;
  /** Whether a server may boot from it (Cinder's `bootable`). */
  bootable: boolean;
  /** The volume's attachments, by server uuid. */
  attachments: Record<string, { attachmentId: string }>;
}

export interface AttachRequest {
  volumeId: string;
  /** The device asked for (`/dev/vdb`), or null to let the host pick. */
  device: string | null;
  tag: string | null;
  deleteOnTermination: boolean;
  /** The request is of microversion 2.60 or later, which may attach multiattach volumes. */
  supportsMultiattach: boolean;
}

/**
 * What the compute API asks of the block storage service for volume attachments (Nova's
 * `cinder.API` and the attach/detach flow it drives through the agent). Each method throws
 * VolumeNotFound (404, Nova's message) for a volume the caller cannot see.
 */
export interface VolumeService {
  /** The volume, as the caller sees it. */
  get(context: RpcContext, volumeId: string): Promise<Volume>;
  /**
   * Attaches the volume to the server: reserves it, records the block device mapping and has the
   * agent connect it. Returns the device name it will have.
   */
  attach(context: RpcContext, instance: InstanceRow, request: AttachRequest): Promise<string | null>;
  /** Detaches the volume from the server (through its agent, or at once when it is offloaded). */
  detach(context: RpcContext, instance: InstanceRow, volume: Volume): Promise<void>;
  /** Moves the server from one volume to another (`swap_volume`). */
  swap(context: RpcContext, instance: InstanceRow, from: Volume, to: Volume): Promise<void>;
  /**
   * Lets the volumes of a server deleted without its host go (Nova's `_local_cleanup_bdm_volumes`):
   * their attachments are deleted, and the volumes marked delete_on_termination too. Failures are
   * logged, never thrown: the server is deleted whatever happens.
   */
  releaseVolumesOfDeleted(context: RpcContext, instance: InstanceRow): Promise<void>;
}

export { VolumeNotFound };

/** The block storage service before there is one: no volume exists, so none is ever found. */
export class NoVolumeService implements VolumeService {
  async get(_context: RpcContext, volumeId: string): Promise<Volume> {
    throw new VolumeNotFound(volumeId);
  }

  async attach(_context: RpcContext, _instance: InstanceRow, request: AttachRequest): Promise<string | null> {
    throw new VolumeNotFound(request.volumeId);
  }

  async detach(_context: RpcContext, _instance: InstanceRow, volume: Volume): Promise<void> {
    throw new VolumeNotFound(volume.id);
  }

  async swap(_context: RpcContext, _instance: InstanceRow, from: Volume): Promise<void> {
    throw new VolumeNotFound(from.id);
  }

  async releaseVolumesOfDeleted(): Promise<void> {}
}

/** The volume service compute uses: Cinder where the cloud has block storage, else none. */
export function volumeServiceFor(deps: ComputeDeps): VolumeService {
  return deps.volume ? new CinderVolumeService(deps, deps.volume) : new NoVolumeService();
}
