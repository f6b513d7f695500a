import { join } from 'node:path';
import type { Logger } from '../../common/logging.js';
import { AccountServer } from './account/account-server.js';
import { ContainerServer } from './container/container-server.js';
import { Device } from './device.js';
import type { HashPathSalt } from './hash-path.js';
import { ObjectServer } from './object/object-server.js';
import type {
  StorageNode,
  StorageRequest,
  StorageResponse,
  StorageServerType,
  StorageTransport,
} from './storage-protocol.js';
import { insufficientStorage, respond, StorageError } from './storage-response.js';

export interface LocalStorageNodeOptions {
  /** The folder holding the node's devices, one folder each (Swift's `devices`, `/srv/node`). */
  devicesRoot: string;
  salt: HashPathSalt;
  /** How this node's servers reach others (and itself) for container and account updates. */
  transport: StorageTransport;
  /** How long an object write waits for its container updates (Swift's `container_update_timeout`, 1 s). */
  containerUpdateTimeoutMs?: number;
  /** How many container and account databases each stay open. */
  openDatabases?: number;
  /** The clock in seconds (X-Delete-At). */
  now?: () => number;
  logger?: Logger;
}

/** Which server a request is for: as it says, else by the depth of its path. */
export function serverOf(request: StorageRequest): StorageServerType {
  if (request.server) return request.server;
  if (request.object !== undefined) return 'object';
  return request.container !== undefined ? 'container' : 'account';
}

function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * A storage node of this process: Swift's account, container and object servers for the devices
 * under one folder. A device that is not there answers 507, so the proxy hands off.
 */
export class LocalStorageNode implements StorageNode {
  readonly objects: ObjectServer;
  readonly containers: ContainerServer;
  readonly accounts: AccountServer;
  private readonly devices = new Map<string, Device>();

  constructor(private readonly options: LocalStorageNodeOptions) {
    const { salt, transport, logger, openDatabases } = options;
    this.objects = new ObjectServer({
      salt,
      transport,
      logger,
      containerUpdateTimeoutMs: options.containerUpdateTimeoutMs,
      now: options.now,
    });
    this.containers = new ContainerServer({ salt, transport, logger, openDatabases });
    this.accounts = new AccountServer({ salt, openDatabases });
  }

  get devicesRoot(): string {
    return this.options.devicesRoot;
  }

  device(name: string): Device {
    let device = this.devices.get(name);
    if (!device) {
      device = new Device(name, join(this.options.devicesRoot, name));
      this.devices.set(name, device);
    }
    return device;
  }

  async handle(request: StorageRequest): Promise<StorageResponse> {
    if (!/^[^/]+$/.test(request.device) || request.device === '.' || request.device === '..') {
      return respond(400, {}, 'Invalid device');
    }
    if (!Number.isInteger(request.partition) || request.partition < 0)
      return respond(400, {}, 'Invalid partition');
    const device = this.device(request.device);
    if (!device.present) {
      this.forget(device);
      return insufficientStorage(device.name).toResponse();
    }
    try {
      switch (serverOf(request)) {
        case 'object':
          return await this.objects.handle(request, device);
        case 'container':
          return await this.containers.handle(request, device);
        default:
          return await this.accounts.handle(request, device);
      }
    } catch (error) {
      if (error instanceof StorageError) return error.toResponse();
      if (isDiskFull(error) || !device.present) {
        this.forget(device);
        return insufficientStorage(device.name).toResponse();
      }
      this.options.logger?.error(
        { err: error, device: device.name, method: request.method },
        'storage request failed',
      );
      return respond(500, {}, 'Internal Server Error');
    }
  }

  /** Closes the databases it holds. */
  close(): void {
    this.containers.close();
    this.accounts.close();
  }

  private forget(device: Device): void {
    device.reset();
    this.containers.forgetDevice(device);
    this.accounts.forgetDevice(device);
  }
}
