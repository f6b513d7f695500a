import type { FastifyPluginAsync } from 'fastify';
import type { StratusConfig } from '../common/config/index.js';
import type { Logger } from '../common/logging.js';
import { buildIdentity, openIdentity, bootstrapIdentity, type CatalogService } from '../identity/index.js';

/** A service as the gateway mounts it: its URL path, catalog entry and plugin. */
export interface MountedService {
  name: string;
  prefix: string;
  catalog: Omit<CatalogService, 'url'> & { version: string };
  plugin: FastifyPluginAsync;
  close(): Promise<void>;
}

/** The services this build serves, by the name `stratus serve <name>` takes. */
export const SERVICE_NAMES = ['identity'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * Opens each service (database, migrations, keys) and bootstraps identity with a catalog entry
 * for every service this build serves at `baseUrl`, so the catalog always matches the build.
 */
export async function openServices(
  config: StratusConfig,
  logger: Logger,
  baseUrl: string,
  names: readonly ServiceName[],
): Promise<{ services: MountedService[]; passwords: { admin: string | null; demo: string | null } }> {
  const identity = await openIdentity(config, logger, `${baseUrl}/identity`);
  const catalog: CatalogService[] = [
    { type: 'identity', name: 'keystone', description: 'Identity Service', url: `${baseUrl}/identity/v3` },
  ];
  const result = await bootstrapIdentity(identity.db, {
    region: config.region,
    adminPassword: config.identity.admin_password,
    demoPassword: config.identity.demo_password,
    passwordHashCost: config.identity.password_hash_cost,
    services: catalog,
    now: new Date(),
  });
  const services: MountedService[] = [];
  if (names.includes('identity')) {
    services.push({
      name: 'identity',
      prefix: '/identity',
      catalog: { type: 'identity', name: 'keystone', description: 'Identity Service', version: 'v3' },
      plugin: buildIdentity(identity),
      close: () => identity.db.destroy(),
    });
  }
  return { services, passwords: { admin: result.adminPassword, demo: result.demoPassword } };
}
