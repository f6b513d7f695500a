import type { Device } from '../device.js';
import type { StorageRequest, StorageResponse } from '../storage-protocol.js';
import { respond } from '../storage-response.js';
import { ObjectContext, type ObjectServerOptions } from './object-context.js';
import { getObject } from './object-reads.js';
import { replicateObjects } from './object-replication.js';
import { deleteObject, postObject, putObject } from './object-writes.js';

export type { ObjectServerOptions };

/**
 * Swift's object server for the devices of one node: objects as files under
 * `<device>/objects/<partition>/<suffix>/<hash>/`, written whole or not at all, with their
 * metadata in the file; container listings kept up to date by updates to the container servers.
 */
export class ObjectServer {
  private readonly context: ObjectContext;

  constructor(options: ObjectServerOptions) {
    this.context = new ObjectContext(options);
  }

  /** Marks a suffix changed outside a write (the auditor's quarantine), for the replicator. */
  invalidateSuffix(partitionPath: string, suffix: string): void {
    this.context.hashes.invalidate(partitionPath, suffix);
  }

  handle(request: StorageRequest, device: Device): Promise<StorageResponse> {
    if (request.method === 'REPLICATE') return replicateObjects(this.context, request, device);
    const target = this.context.target(request, device);
    switch (request.method) {
      case 'PUT':
        return putObject(this.context, request, target);
      case 'GET':
      case 'HEAD':
        return getObject(this.context, request, target);
      case 'POST':
        return postObject(this.context, request, target);
      case 'DELETE':
        return deleteObject(this.context, request, target);
      default:
        return Promise.resolve(respond(405, { allow: 'DELETE, GET, HEAD, POST, PUT, REPLICATE' }));
    }
  }
}
