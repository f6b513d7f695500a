import type { Kysely } from 'kysely';
import type { StratusConfig } from '../common/config/index.js';
import type { Logger } from '../common/logging.js';
import type { PolicyEnforcer } from '../common/policy/types.js';
import type { IdentitySchema } from './db/schema.js';
import type { Revocations } from './tokens/revocations.js';
import type { TokenService } from './auth/token-service.js';

/** Everything the identity service is built from; tests pass their own. */
export interface IdentityDeps {
  db: Kysely<IdentitySchema>;
  config: StratusConfig;
  logger: Logger;
  /** Public base URL of the identity API without the version, e.g. `http://127.0.0.1:5000/identity`. */
  baseUrl: string;
  policy: PolicyEnforcer;
  tokens: TokenService;
  revocations: Revocations;
  /** The current time; injected so expiry, lockout and password age are testable. */
  now: () => Date;
}
