import type { Kysely } from 'kysely';
import type { Bus } from '../common/bus/index.js';
import type { BlockStorageClient } from '../common/clients/block-storage-client.js';
import type { ImageClient } from '../common/clients/image-client.js';
import type { NetworkClient } from '../common/clients/network-client.js';
import type { PlacementClient } from '../common/clients/placement-client.js';
import type { Logger } from '../common/logging.js';
import type { PolicyEnforcer } from '../common/policy/types.js';
import type { ComputeSchema } from './db/schema.js';

/** Settings compute takes until it has a config section; each has Nova's default. */
export interface ComputeSettings {
  /** `[api] max_limit`: the largest page of a list. */
  maxLimit: number;
  /** `[quota] key_pairs`: the default key pairs per user, before quota classes and sets. */
  keyPairsQuota: number;
  /**
   * Nova's `allow_resize_to_same_host`: a resize may land on the host the server is on. Nova's
   * default is false, which makes every resize fail with NoValidHost on a one-host cloud;
   * DevStack turns it on for that reason, and so does Stratus, whose default cloud is one host.
   * Cold migration (same flavor) never stays on its host unless the host's provider has the
   * COMPUTE_SAME_HOST_COLD_MIGRATE trait, as in Nova.
   */
  allowResizeToSameHost: boolean;
  /** Nova's `force_config_drive`: every new server gets a config drive. */
  forceConfigDrive: boolean;
}

export const DEFAULT_COMPUTE_SETTINGS: ComputeSettings = {
  maxLimit: 1000,
  keyPairsQuota: 100,
  allowResizeToSameHost: true,
  forceConfigDrive: false,
};

/** Everything the compute service is built from; tests pass their own. */
export interface ComputeDeps {
  db: Kysely<ComputeSchema>;
  logger: Logger;
  /** Public base URL of the compute API without version, e.g. `http://127.0.0.1:5000/compute`. */
  baseUrl: string;
  policy: PolicyEnforcer;
  settings: ComputeSettings;
  now: () => Date;
  /** Between the API, the conductor, the scheduler and the agents. */
  bus: Bus;
  /** Placement, as compute's own service user (usages for quotas, allocations). */
  placement: PlacementClient;
  /** The image service as the caller whose token is given (the API acts with the user's token). */
  imagesFor(token: string): ImageClient;
  /** The network service, in a cloud that has one; without it servers get no network. */
  network?: NetworkLinks;
  /** The block storage service, in a cloud that has one; without it no volume is ever found. */
  volume?: BlockStorageLinks;
}

/** How compute reaches the network service (Nova's `neutron.get_client`, user and admin). */
export interface NetworkLinks {
  /** As the caller whose token is given: what the user may see and do. */
  asUser(token: string): NetworkClient;
  /** As compute's service user: port bindings and the servers' network info. */
  admin: NetworkClient;
}

/**
 * How compute reaches the block storage service (Nova's `cinderclient(context)`), in the project
 * of the URL (`/v3/{project_id}/...`): as the caller, whose project the volumes it makes belong
 * to, and as compute's service user (an admin, which Cinder lets act on any project's volume).
 */
export interface BlockStorageLinks {
  asUser(token: string, projectId: string): BlockStorageClient;
  admin(projectId: string): BlockStorageClient;
}
