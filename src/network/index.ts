import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { connect, migrate } from '../common/db/index.js';
import { createPolicyEnforcer } from '../common/policy/index.js';
import type { ServiceModule } from '../common/service.js';
import { networkMigrations } from './db/migrations/index.js';
import type { NetworkSchema } from './db/schema.js';
import type { NetworkDeps } from './deps.js';
import { networkServicePolicies } from './policies/index.js';
import { buildNetwork } from './service.js';

export { buildNetwork } from './service.js';
export type { NetworkDeps } from './deps.js';

/** The network service as the gateway mounts it. */
export const networkService: ServiceModule = {
  name: 'network',
  catalog: { type: 'network', name: 'neutron', description: 'Neutron Service', endpointSuffix: '' },
  async open({ config, logger, publicUrl, validator, identityUri }) {
    const { db } = connect<NetworkSchema>(config.database_url, config.data_dir, 'network');
    await migrate(db as Kysely<unknown>, 'network', networkMigrations);
    const deps: NetworkDeps = {
      db,
      config,
      logger,
      apiUrl: `${publicUrl}/network/v2.0`,
      policy: createPolicyEnforcer(networkServicePolicies, config.policy),
      ruleNames: new Set([...networkServicePolicies.map((rule) => rule.name), ...Object.keys(config.policy)]),
      now: () => new Date(),
      newId: randomUUID,
    };
    return { plugin: buildNetwork(deps, { validator, identityUri }), close: () => db.destroy() };
  },
};
