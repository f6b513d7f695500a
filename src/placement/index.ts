import type { Kysely } from 'kysely';
import { connect, migrate } from '../common/db/index.js';
import { createPolicyEnforcer } from '../common/policy/index.js';
import type { ServiceModule } from '../common/service.js';
import { placementMigrations } from './db/migrations/index.js';
import type { PlacementSchema } from './db/schema.js';
import type { PlacementDeps } from './deps.js';
import { placementPolicies } from './policies.js';
import { buildPlacement } from './service.js';

export { buildPlacement } from './service.js';
export type { PlacementDeps } from './deps.js';

/** The placement service as the gateway mounts it. */
export const placementService: ServiceModule = {
  name: 'placement',
  catalog: { type: 'placement', name: 'placement', description: 'Placement Service', endpointSuffix: '' },
  async open({ config, logger, publicUrl, validator, identityUri }) {
    const { db } = connect<PlacementSchema>(config.database_url, config.data_dir, 'placement');
    await migrate(db as Kysely<unknown>, 'placement', placementMigrations);
    const deps: PlacementDeps = {
      db,
      config,
      logger,
      baseUrl: `${publicUrl}/placement`,
      policy: createPolicyEnforcer(placementPolicies, config.policy),
      now: () => new Date(),
    };
    return { plugin: buildPlacement(deps, { validator, identityUri }), close: () => db.destroy() };
  },
};
