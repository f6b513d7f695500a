import type { FastifyPluginAsync } from 'fastify';
import type { StratusConfig } from '../common/config/index.js';
import type { Logger } from '../common/logging.js';
import type { ServiceModule } from '../common/service.js';
import { bootstrapIdentity, buildIdentity, openIdentity, type CatalogService } from '../identity/index.js';
import { imageService } from '../image/index.js';
import { placementService } from '../placement/index.js';
import { computeService } from '../compute/index.js';
import { networkService } from '../network/index.js';
import { blockStorageService } from '../block-storage/index.js';
import { objectStoreService } from '../object-store/index.js';
import { InProcessBus } from '../common/bus/index.js';
import type { FastifyInstance } from 'fastify';
import { ServiceLinks, servicesTokenSource } from './service-links.js';

/** A service as the gateway mounts it: its URL path and plugin. */
export interface MountedService {
  name: string;
  prefix: string;
  plugin: FastifyPluginAsync;
}

export interface OpenServices {
  services: MountedService[];
  passwords: { admin: string | null; demo: string | null };
  /** Gives the services the gateway's app (their in-process links) and starts their background work. */
  start(app: FastifyInstance): Promise<void>;
  /** Releases every service's resources; identity's last, since the others validate through it. */
  close(): Promise<void>;
}

/** The services besides identity, registered in one place (as Miniflare's plugins map). */
const SERVICE_MODULES: ServiceModule[] = [
  imageService,
  placementService,
  computeService,
  networkService,
  blockStorageService,
  objectStoreService,
];

/** The services this build serves, by the name `stratus serve <name>` takes. */
export const SERVICE_NAMES = ['identity', ...SERVICE_MODULES.map((module) => module.name)] as const;
export type ServiceName = string;

/**
 * Opens identity, bootstraps it with a catalog entry for every service this build serves at
 * `publicUrl` (so the catalog always matches the build), then opens the services asked for.
 * Identity is always opened: it validates every service's tokens, in process.
 */
export async function openServices(
  config: StratusConfig,
  logger: Logger,
  publicUrl: string,
  names: readonly ServiceName[],
): Promise<OpenServices> {
  const identityUrl = `${publicUrl}/identity`;
  const identity = await openIdentity(config, logger, identityUrl);
  const catalog: CatalogService[] = [
    { type: 'identity', name: 'keystone', description: 'Identity Service', url: `${identityUrl}/v3` },
    ...SERVICE_MODULES.flatMap((module) => {
      const { type, name, description, endpointSuffix, aliases = [] } = module.catalog;
      const url = `${publicUrl}/${module.name}${endpointSuffix}`;
      return [{ type, name, description, url }, ...aliases.map((alias) => ({ ...alias, description, url }))];
    }),
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
  const closers: (() => Promise<void>)[] = [];
  const starters: (() => Promise<void>)[] = [];
  const bus = new InProcessBus();
  const links = new ServiceLinks(publicUrl, names);
  if (names.includes('identity'))
    services.push({ name: 'identity', prefix: '/identity', plugin: buildIdentity(identity) });
  const context = {
    config,
    logger,
    publicUrl,
    validator: identity.tokens,
    identityUri: `${identityUrl}/v3`,
    bus,
    projects: result.projects,
    serviceToken: servicesTokenSource(identity, config, result.servicesUser),
    transport: links.transport.bind(links),
  };
  for (const module of SERVICE_MODULES.filter((m) => names.includes(m.name))) {
    const opened = await module.open(context);
    services.push({ name: module.name, prefix: `/${module.name}`, plugin: opened.plugin });
    services.push(...(opened.extraMounts ?? []));
    closers.push(opened.close);
    if (opened.start) starters.push(opened.start);
  }
  return {
    services,
    passwords: { admin: result.adminPassword, demo: result.demoPassword },
    async start(app) {
      links.attach(app);
      for (const start of starters) await start();
    },
    async close() {
      for (const close of closers) await close();
      await bus.close();
      await identity.db.destroy();
    },
  };
}
