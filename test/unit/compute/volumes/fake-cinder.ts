import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { BlockStorageClient } from '../../../../src/common/clients/block-storage-client.js';
import type {
  CinderAttachment,
  CinderVolume,
  HostConnector,
} from '../../../../src/common/clients/block-storage-types.js';
import type {
  ServiceTransport,
  TransportRequest,
  TransportResponse,
} from '../../../../src/common/clients/http-transport.js';
import { describeErrorBody, ServiceError } from '../../../../src/common/clients/service-error.js';
import type { BlockStorageLinks } from '../../../../src/compute/deps.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- request bodies

/** A request the fake received, as the wire carried it. */
export interface CinderRequest {
  method: string;
  path: string;
  token: string;
  microversion: string | undefined;
  body: Json | undefined;
}

interface StoredVolume extends CinderVolume {
  project_id: string;
  /** The token of the request that made it. */
  createdWith: string;
}

interface StoredAttachment extends CinderAttachment {
  connector: HostConnector | null;
}

class CinderFault extends Error {
  constructor(
    readonly status: number,
    readonly fault: string,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (what: string, id: string) =>
  new CinderFault(404, 'itemNotFound', `${what} ${id} could not be found.`);
const badRequest = (message: string) => new CinderFault(400, 'badRequest', message);

/**
 * Cinder v3 in memory, behind the transport the block storage client talks through: the volume
 * and attachment states the attachments API walks (available, reserved, attaching, in-use,
 * detaching), Cinder's error bodies, and every request recorded for the tests to read. A new
 * volume is `creating` until it is first looked at, then `available` (or `error` when
 * `failCreates` is set).
 */
export class FakeCinder {
  readonly volumes = new Map<string, StoredVolume>();
  readonly attachments = new Map<string, StoredAttachment>();
  readonly requests: CinderRequest[] = [];
  failCreates = false;

  /** Links as compute is given them: any token is accepted; compute's own is 'service'. */
  links(): BlockStorageLinks {
    return {
      asUser: (token, projectId) => new BlockStorageClient(this.transport(token), projectId),
      admin: (projectId) => new BlockStorageClient(this.transport('service'), projectId),
    };
  }

  /** A volume as if the project made it in Cinder. */
  addVolume(projectId: string, fields: Partial<CinderVolume> = {}): StoredVolume {
    const volume: StoredVolume = {
      id: randomUUID(),
      name: 'vol',
      description: null,
      status: 'available',
      size: 1,
      availability_zone: 'nova',
      bootable: 'false',
      multiattach: false,
      attachments: [],
      volume_type: '__DEFAULT__',
      snapshot_id: null,
      source_volid: null,
      metadata: {},
      project_id: projectId,
      createdWith: 'test',
      ...fields,
    };
    this.volumes.set(volume.id, volume);
    return volume;
  }

  /** The requests whose path ends with `suffix` (after the project), e.g. `/attachments`. */
  requestsTo(method: string, pattern: RegExp): CinderRequest[] {
    return this.requests.filter((request) => request.method === method && pattern.test(request.path));
  }

  transport(token: string): ServiceTransport {
    const request = async <Body>(
      method: string,
      path: string,
      options: TransportRequest = {},
    ): Promise<TransportResponse<Body>> => {
      const body = options.body as Json | undefined;
      this.requests.push({ method, path, token, microversion: options.microversion, body });
      try {
        const { status, answer } = this.handle(method, path, body, token);
        return { status, headers: {}, body: answer as Body };
      } catch (error) {
        if (!(error instanceof CinderFault)) throw error;
        const answer = { [error.fault]: { code: error.status, message: error.message } };
        const { code, detail } = describeErrorBody(answer);
        throw new ServiceError('volume', method, path, error.status, code, detail, answer, 'req-fake');
      }
    };
    return {
      request,
      stream: async (method, path, options) => ({
        ...(await request(method, path, options)),
        body: Readable.from([]),
      }),
    };
  }

  private volume(id: string): StoredVolume {
    const volume = this.volumes.get(id);
    if (!volume) throw notFound('Volume', id);
    return volume;
  }

  private attachment(id: string): StoredAttachment {
    const attachment = this.attachments.get(id);
    if (!attachment) throw notFound('Attachment', id);
    return attachment;
  }

  /** The volume's status and attachments from its attachment records, as Cinder keeps them. */
  private refresh(volume: StoredVolume): void {
    const records = [...this.attachments.values()].filter((attachment) => attachment.volume_id === volume.id);
    volume.attachments = records
      .filter((attachment) => attachment.status === 'attached')
      .map((attachment) => ({
        id: volume.id,
        attachment_id: attachment.id,
        volume_id: volume.id,
        server_id: attachment.instance,
        host_name: attachment.connector?.host ?? null,
        device: attachment.connector?.mountpoint ?? null,
        attached_at: attachment.attached_at,
      }));
    if (volume.status === 'detaching') return;
    if (records.some((attachment) => attachment.status === 'attached')) volume.status = 'in-use';
    else if (records.some((attachment) => attachment.status === 'attaching')) volume.status = 'attaching';
    else if (records.length > 0) volume.status = 'reserved';
    else volume.status = 'available';
  }

  private handle(method: string, path: string, body: Json | undefined, token: string) {
    const match = /^\/v3\/([^/]+)\/(volumes|attachments)(?:\/([^/]+))?(\/action)?$/.exec(path);
    if (!match) throw new CinderFault(404, 'itemNotFound', `No route ${method} ${path}`);
    const [, projectId, collection, id, action] = match;
    const key = `${method} ${collection}${id ? '/id' : ''}${action ?? ''}`;
    switch (key) {
      case 'GET volumes/id': {
        const volume = this.volume(id);
        if (volume.status === 'creating') volume.status = this.failCreates ? 'error' : 'available';
        return { status: 200, answer: { volume: this.view(volume) } };
      }
      case 'POST volumes': {
        const fields = body!.volume as Json;
        const volume = this.addVolume(projectId, {
          name: fields.name ?? null,
          size: fields.size,
          status: 'creating',
          bootable: fields.imageRef ? 'true' : 'false',
          availability_zone: fields.availability_zone ?? 'nova',
          volume_image_metadata: fields.imageRef ? { image_id: fields.imageRef } : undefined,
        });
        volume.createdWith = token;
        return { status: 202, answer: { volume: this.view(volume) } };
      }
      case 'DELETE volumes/id': {
        const volume = this.volume(id);
        if (!['available', 'error'].includes(volume.status) || volume.attachments.length > 0) {
          throw badRequest(
            'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots or be disassociated from snapshots after volume transfer.',
          );
        }
        this.volumes.delete(id);
        return { status: 202, answer: undefined };
      }
      case 'POST volumes/id/action':
        return this.volumeAction(this.volume(id), body!);
      case 'POST attachments': {
        const fields = body!.attachment as Json;
        const volume = this.volume(fields.volume_uuid);
        const sharable = volume.multiattach && ['in-use', 'reserved'].includes(volume.status);
        if (volume.status !== 'available' && !sharable) {
          throw badRequest(
            `Invalid volume: Volume ${volume.id} status must be available or downloading to reserve, but the current status is ${volume.status}.`,
          );
        }
        const attachment: StoredAttachment = {
          id: randomUUID(),
          status: 'reserved',
          instance: fields.instance_uuid,
          volume_id: volume.id,
          attach_mode: 'null',
          attached_at: null,
          detached_at: null,
          connection_info: null,
          connector: null,
        };
        this.attachments.set(attachment.id, attachment);
        if (fields.connector) this.connect(attachment, fields.connector as HostConnector);
        this.refresh(volume);
        return { status: 200, answer: { attachment: this.attachmentView(attachment) } };
      }
      case 'PUT attachments/id': {
        const attachment = this.attachment(id);
        this.connect(attachment, body!.attachment.connector as HostConnector);
        this.refresh(this.volume(attachment.volume_id));
        return { status: 200, answer: { attachment: this.attachmentView(attachment) } };
      }
      case 'POST attachments/id/action': {
        const attachment = this.attachment(id);
        if (!('os-complete' in body!)) throw badRequest('Invalid action');
        attachment.status = 'attached';
        attachment.attached_at = new Date().toISOString();
        const volume = this.volume(attachment.volume_id);
        if (volume.status === 'detaching') volume.status = 'in-use';
        this.refresh(volume);
        return { status: 204, answer: undefined };
      }
      case 'DELETE attachments/id': {
        const attachment = this.attachment(id);
        this.attachments.delete(id);
        const volume = this.volumes.get(attachment.volume_id);
        if (volume) {
          if (volume.status === 'detaching') volume.status = 'available';
          this.refresh(volume);
        }
        return { status: 200, answer: undefined };
      }
      default:
        throw new CinderFault(404, 'itemNotFound', `No route ${method} ${path}`);
    }
  }

  private volumeAction(volume: StoredVolume, body: Json) {
    if ('os-begin_detaching' in body) {
      if (volume.status !== 'in-use') {
        throw badRequest(
          "Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
        );
      }
      volume.status = 'detaching';
    } else if ('os-roll_detaching' in body) {
      if (volume.status === 'detaching') volume.status = 'in-use';
    } else {
      throw badRequest('Invalid action');
    }
    return { status: 202, answer: undefined };
  }

  /** Exported as a local file, in raw format, flattened as Cinder keeps an attachment's connection info. */
  private connect(attachment: StoredAttachment, connector: HostConnector): void {
    attachment.connector = connector;
    attachment.status = 'attaching';
    attachment.connection_info = {
      driver_volume_type: 'local',
      device_path: `/dev/fake-volumes/${attachment.volume_id}`,
      format: 'raw',
      access_mode: 'rw',
      attachment_id: attachment.id,
    };
  }

  private view(volume: StoredVolume): CinderVolume {
    const { createdWith: _token, ...view } = volume;
    return structuredClone(view);
  }

  private attachmentView(attachment: StoredAttachment): CinderAttachment {
    const { connector: _connector, ...view } = attachment;
    return structuredClone(view);
  }
}
