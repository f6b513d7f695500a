import type { Kysely } from 'kysely';
import { join } from 'node:path';
import type { StratusConfig } from '../common/config/index.js';
import { connect, migrate } from '../common/db/index.js';
import type { Logger } from '../common/logging.js';
import { createPolicyEnforcer } from '../common/policy/index.js';
import { createTokenService } from './auth/token-service.js';
import { identityMigrations } from './db/migrations/index.js';
import type { IdentitySchema } from './db/schema.js';
import type { IdentityDeps } from './deps.js';
import { identityPolicies } from './policies.js';
import {
  ALLOW_EXPIRED_WINDOW_SECONDS,
  createRevocationStore,
  FernetKeyRepository,
  TokenFormatter,
} from './tokens/index.js';

export { buildIdentity } from './service.js';
export { bootstrapIdentity, type CatalogService } from './bootstrap.js';
export type { IdentityDeps } from './deps.js';

/** Where the Fernet keys live in the data directory. */
export const keyRepositoryPath = (dataDir: string) => join(dataDir, 'fernet-keys');

/** Opens identity's database, keys and revocations and returns what `buildIdentity` needs. */
export async function openIdentity(
  config: StratusConfig,
  logger: Logger,
  baseUrl: string,
): Promise<IdentityDeps> {
  const { db } = connect<IdentitySchema>(config.database_url, config.data_dir, 'identity');
  await migrate(db as Kysely<unknown>, 'identity', identityMigrations);
  const now = () => new Date();
  const keys = new FernetKeyRepository(keyRepositoryPath(config.data_dir), config.identity.max_active_keys);
  await keys.initialize();
  // Events are kept as long as a token they match can still be shown with allow_expired.
  let dropCachedValidations = () => {};
  const revocations = await createRevocationStore(db, {
    now,
    retentionSeconds: config.identity.token_expiration + ALLOW_EXPIRED_WINDOW_SECONDS,
    // Another process revoked something: cached validations may now be wrong.
    onChange: () => dropCachedValidations(),
    logger,
  });
  const tokens = createTokenService({ db, formatter: new TokenFormatter(keys, now), revocations, now });
  dropCachedValidations = () => tokens.invalidate();
  return {
    db,
    config,
    logger,
    baseUrl,
    policy: createPolicyEnforcer(identityPolicies, config.policy),
    tokens,
    revocations,
    now,
  };
}
