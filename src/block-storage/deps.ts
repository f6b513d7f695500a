import type { Kysely } from 'kysely';
import type { Bus } from '../common/bus/index.js';
import type { ImageClient } from '../common/clients/image-client.js';
import type { VolumeConfig } from '../common/config/schema.js';
import type { Logger } from '../common/logging.js';
import type { PolicyEnforcer } from '../common/policy/types.js';
import type { BlockStorageSchema } from './db/schema.js';

/** Everything the block storage API is built from; tests pass their own. */
export interface BlockStorageDeps {
  db: Kysely<BlockStorageSchema>;
  logger: Logger;
  /** Public base URL of the service without version, e.g. `http://127.0.0.1:5000/volume`. */
  baseUrl: string;
  policy: PolicyEnforcer;
  settings: VolumeConfig;
  now: () => Date;
  /** A new resource id (random UUIDs; tests may fix them). */
  newId: () => string;
  /** Between the API, the scheduler and the volume services. */
  bus: Bus;
  /** The image service as the caller whose token is given (images for volumes, uploads). */
  imagesFor(token: string): ImageClient;
}
