import type { Kysely } from 'kysely';
import { connect, migrate } from '../common/db/index.js';
import { createPolicyEnforcer } from '../common/policy/index.js';
import type { ServiceModule } from '../common/service.js';
import { ImageClient } from '../common/clients/image-client.js';
import { PlacementClient } from '../common/clients/placement-client.js';
import { computeMigrations } from './db/migrations/index.js';
import type { ComputeSchema } from './db/schema.js';
import { DEFAULT_COMPUTE_SETTINGS, type ComputeDeps } from './deps.js';
import { computePolicies } from './policies.js';
import { buildCompute } from './service.js';

export { buildCompute } from './service.js';
export type { ComputeDeps } from './deps.js';

/** The compute service as the gateway mounts it. */
export const computeService: ServiceModule = {
  name: 'compute',
  catalog: { type: 'compute', name: 'nova', description: 'Compute Service', endpointSuffix: '/v2.1' },
  async open({ config, logger, publicUrl, validator, identityUri, bus, serviceToken, transport }) {
    const { db } = connect<ComputeSchema>(config.database_url, config.data_dir, 'compute');
    await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
    const deps: ComputeDeps = {
      db,
      logger,
      baseUrl: `${publicUrl}/compute`,
      policy: createPolicyEnforcer(computePolicies, config.policy),
      settings: DEFAULT_COMPUTE_SETTINGS,
      now: () => new Date(),
      bus,
      placement: new PlacementClient(transport('placement', serviceToken)),
      imagesFor: (token) => new ImageClient(transport('image', async () => token)),
    };
    return { plugin: buildCompute(deps, { validator, identityUri }), close: () => db.destroy() };
  },
};
