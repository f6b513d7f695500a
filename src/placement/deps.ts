import type { Kysely } from 'kysely';
import type { StratusConfig } from '../common/config/index.js';
import type { Logger } from '../common/logging.js';
import type { PolicyEnforcer } from '../common/policy/types.js';
import type { PlacementSchema } from './db/schema.js';

/** Everything the placement service is built from; tests pass their own. */
export interface PlacementDeps {
  db: Kysely<PlacementSchema>;
  config: StratusConfig;
  logger: Logger;
  /** Public base URL of the placement API, e.g. `http://127.0.0.1:5000/placement`. */
  baseUrl: string;
  policy: PolicyEnforcer;
  now: () => Date;
}
