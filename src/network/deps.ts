import type { Kysely } from 'kysely';
import type { ServerExternalEvent } from '../common/clients/compute-events-client.js';
import type { StratusConfig } from '../common/config/index.js';
import type { Logger } from '../common/logging.js';
import type { PolicyEnforcer } from '../common/policy/types.js';
import type { ChangeFeed } from './agent/change-feed.js';
import type { NetworkSchema } from './db/schema.js';

/** Everything the network service is built from; tests pass their own. */
export interface NetworkDeps {
  db: Kysely<NetworkSchema>;
  config: StratusConfig;
  logger: Logger;
  /** Public URL of the API, e.g. `http://127.0.0.1:5000/network/v2.0`. */
  apiUrl: string;
  policy: PolicyEnforcer;
  /** The names of the policy rules in force, for per-attribute rules. */
  ruleNames: ReadonlySet<string>;
  now: () => Date;
  /** A new resource id (random UUIDs; tests may fix them). */
  newId: () => string;
  /** Where the API tells the network agents that something changed. */
  changes: ChangeFeed;
  /** Sends events to compute (Neutron's nova notifier); fire and forget, failures are logged. */
  notifyCompute: (events: ServerExternalEvent[]) => void;
}
