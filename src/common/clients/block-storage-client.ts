import type {
  CinderAttachment,
  CinderVolume,
  ConnectionInfo,
  HostConnector,
  NewVolume,
} from './block-storage-types.js';
import type { ServiceTransport } from './http-transport.js';
import { ServiceError } from './service-error.js';

/**
 * The microversion of the attachments API calls: 3.44 brought `os-complete`, which the new-style
 * attach needs (Nova's minimum since Train).
 */
export const ATTACHMENTS_MICROVERSION = '3.44';
/** The microversion of volume reads: 3.48 adds `shared_targets` and `service_uuid`. */
export const VOLUME_MICROVERSION = '3.48';

const isNotFound = (error: unknown): error is ServiceError =>
  error instanceof ServiceError && error.status === 404;

/**
 * Nova's connection info from an attachment's: Cinder flattens the driver's `data` beside
 * `driver_volume_type` and adds the attachment's id; Nova puts `data` back (and drops the id).
 */
export function connectionInfoOf(attachment: CinderAttachment): ConnectionInfo | null {
  const flat = attachment.connection_info;
  if (!flat || typeof flat.driver_volume_type !== 'string') return null;
  const data = Object.fromEntries(
    Object.entries(flat).filter(([key]) => key !== 'driver_volume_type' && key !== 'attachment_id'),
  );
  return { driver_volume_type: flat.driver_volume_type, data };
}

/**
 * What compute asks of Cinder v3 (Nova's `nova/volume/cinder.py`), in one project: the project
 * of the URL, `/v3/{project_id}/...`, relative to where the block storage service is mounted
 * (`/volume`). Volumes to check, create and delete; the attachments API to reserve a volume for a
 * server, connect it to a host, mark it attached and let it go. A volume or attachment that does
 * not exist (or that the caller may not see) is null on a read and false on a delete; every other
 * error is the ServiceError with Cinder's status and message.
 */
export class BlockStorageClient {
  constructor(
    private readonly transport: ServiceTransport,
    private readonly projectId: string,
  ) {}

  private path(...parts: string[]): string {
    return `/v3/${encodeURIComponent(this.projectId)}/${parts.map(encodeURIComponent).join('/')}`;
  }

  /** A volume, or null when it does not exist. */
  async getVolume(id: string): Promise<CinderVolume | null> {
    try {
      const { body } = await this.transport.request<{ volume: CinderVolume }>(
        'GET',
        this.path('volumes', id),
        {
          microversion: VOLUME_MICROVERSION,
        },
      );
      return body.volume;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Creates a volume (status `creating`; it becomes `available` when the backend made it). */
  async createVolume(volume: NewVolume): Promise<CinderVolume> {
    const fields: Record<string, unknown> = { size: volume.size };
    if (volume.name !== undefined) fields.name = volume.name;
    if (volume.description !== undefined) fields.description = volume.description;
    if (volume.imageRef) fields.imageRef = volume.imageRef;
    if (volume.snapshotId) fields.snapshot_id = volume.snapshotId;
    if (volume.volumeType) fields.volume_type = volume.volumeType;
    if (volume.availabilityZone) fields.availability_zone = volume.availabilityZone;
    if (volume.metadata) fields.metadata = volume.metadata;
    const { body } = await this.transport.request<{ volume: CinderVolume }>('POST', this.path('volumes'), {
      body: { volume: fields },
    });
    return body.volume;
  }

  /** Deletes a volume; false when it was already gone. */
  async deleteVolume(id: string): Promise<boolean> {
    try {
      await this.transport.request('DELETE', this.path('volumes', id));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** `os-begin_detaching`: an in-use volume goes `detaching` while compute unplugs it. */
  async beginDetaching(id: string): Promise<void> {
    await this.volumeAction(id, { 'os-begin_detaching': {} });
  }

  /** `os-roll_detaching`: the unplug failed, the volume is `in-use` again. */
  async rollDetaching(id: string): Promise<void> {
    await this.volumeAction(id, { 'os-roll_detaching': {} });
  }

  private async volumeAction(id: string, action: Record<string, unknown>): Promise<void> {
    await this.transport.request('POST', this.path('volumes', id, 'action'), { body: action });
  }

  /**
   * Creates an attachment of the volume to the server. Without a connector the volume is only
   * reserved for it (`reserved`); with one, it is connected at once.
   */
  async createAttachment(
    volumeId: string,
    instanceUuid: string,
    connector: HostConnector | null = null,
  ): Promise<CinderAttachment> {
    const attachment: Record<string, unknown> = { volume_uuid: volumeId, instance_uuid: instanceUuid };
    if (connector) attachment.connector = connector;
    const { body } = await this.transport.request<{ attachment: CinderAttachment }>(
      'POST',
      this.path('attachments'),
      { microversion: ATTACHMENTS_MICROVERSION, body: { attachment } },
    );
    return body.attachment;
  }

  /** Gives the attachment the host's connector; Cinder exports the volume and answers how to reach it. */
  async updateAttachment(id: string, connector: HostConnector): Promise<CinderAttachment> {
    const { body } = await this.transport.request<{ attachment: CinderAttachment }>(
      'PUT',
      this.path('attachments', id),
      { microversion: ATTACHMENTS_MICROVERSION, body: { attachment: { connector } } },
    );
    return body.attachment;
  }

  /** `os-complete`: the host has connected the volume; Cinder marks it `in-use`. */
  async completeAttachment(id: string): Promise<void> {
    await this.transport.request('POST', this.path('attachments', id, 'action'), {
      microversion: ATTACHMENTS_MICROVERSION,
      body: { 'os-complete': null },
    });
  }

  /** Deletes the attachment (the export goes; the volume is `available` when it was the last); false when gone. */
  async deleteAttachment(id: string): Promise<boolean> {
    try {
      await this.transport.request('DELETE', this.path('attachments', id), {
        microversion: ATTACHMENTS_MICROVERSION,
      });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}
