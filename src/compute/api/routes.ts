import type { FastifyInstance } from 'fastify';
import type { ComputeDeps } from '../deps.js';
import { aggregateRoutes } from './aggregates.js';
import { availabilityZoneRoutes } from './availability-zones.js';
import { extensionRoutes } from './extensions.js';
import { flavorAccessRoutes } from './flavor-access.js';
import { flavorExtraSpecRoutes } from './flavor-extra-specs.js';
import { flavorRoutes } from './flavors.js';
import { floatingIpRoutes } from './floating-ips.js';
import { hostRoutes } from './hosts.js';
import { hypervisorRoutes } from './hypervisors.js';
import { imageMetadataRoutes } from './image-metadata.js';
import { imageRoutes } from './images.js';
import { instanceActionRoutes } from './instance-actions.js';
import { instanceUsageAuditLogRoutes } from './instance-usage-audit-log.js';
import { interfaceRoutes } from './interfaces.js';
import { keypairRoutes } from './keypairs.js';
import { limitsRoutes } from './limits.js';
import { migrationRoutes } from './migrations.js';
import { networkProxyRoutes } from './networks-proxy.js';
import { quotaClassRoutes } from './quota-classes.js';
import { quotaSetRoutes } from './quota-sets.js';
import { remoteConsoleRoutes } from './remote-consoles.js';
import { serverActionRoutes } from './server-actions/index.js';
import { serverDiagnosticsRoutes } from './server-diagnostics.js';
import { serverExternalEventRoutes } from './server-external-events.js';
import { serverGroupRoutes } from './server-groups.js';
import { serverIpsRoutes } from './server-ips.js';
import { serverMetadataRoutes } from './server-metadata.js';
import { serverMigrationRoutes } from './server-migrations.js';
import { serverPasswordRoutes } from './server-password.js';
import { serverTagRoutes } from './server-tags.js';
import { securityGroupRoutes } from './security-groups.js';
import { serverRoutes } from './servers.js';
import { serviceRoutes } from './services.js';
import { simpleTenantUsageRoutes } from './simple-tenant-usage.js';
import { volumeAttachmentRoutes } from './volume-attachments.js';

/** A module of compute routes; paths are relative to `/compute/v2.1`. */
export type RouteModule = (app: FastifyInstance, deps: ComputeDeps) => void;

/** Every compute API route module, registered in this order. */
export const computeRoutes: RouteModule[] = [
  flavorRoutes,
  flavorAccessRoutes,
  flavorExtraSpecRoutes,
  keypairRoutes,
  serviceRoutes,
  hypervisorRoutes,
  aggregateRoutes,
  availabilityZoneRoutes,
  quotaSetRoutes,
  quotaClassRoutes,
  limitsRoutes,
  serverGroupRoutes,
  serverRoutes,
  serverMetadataRoutes,
  serverTagRoutes,
  serverIpsRoutes,
  serverActionRoutes,
  instanceActionRoutes,
  remoteConsoleRoutes,
  volumeAttachmentRoutes,
  interfaceRoutes,
  simpleTenantUsageRoutes,
  imageRoutes,
  imageMetadataRoutes,
  hostRoutes,
  migrationRoutes,
  serverMigrationRoutes,
  extensionRoutes,
  serverDiagnosticsRoutes,
  serverPasswordRoutes,
  serverExternalEventRoutes,
  instanceUsageAuditLogRoutes,
  securityGroupRoutes,
  floatingIpRoutes,
  networkProxyRoutes,
];
