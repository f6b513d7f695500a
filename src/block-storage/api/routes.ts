import type { FastifyInstance } from 'fastify';
import type { BlockStorageDeps } from '../deps.js';
import { defaultTypeRoutes } from './types-project-defaults.js';
import { qosSpecsRoutes } from './qos-specs.js';
import { snapshotActionRoutes } from './snapshot-actions.js';
import { snapshotMetadataRoutes } from './snapshot-metadata.js';
import { snapshotRoutes } from './snapshots.js';
import { typeAccessRoutes } from './types-access.js';
import { typeExtraSpecRoutes } from './types-extra-specs.js';
import { typeRoutes } from './types.js';
import { attachmentRoutes } from './attachments.js';
import { availabilityZoneRoutes } from './availability-zones.js';
import { capabilitiesRoutes } from './capabilities.js';
import { backupExportImportRoutes } from './backup-export-import.js';
import { backupRoutes } from './backups.js';
import { extensionRoutes } from './extensions.js';
import { hostRoutes } from './hosts.js';
import { limitRoutes } from './limits.js';
import { messageRoutes } from './messages.js';
import { quotaClassSetRoutes } from './quota-class-sets.js';
import { quotaSetRoutes } from './quota-sets.js';
import { schedulerStatsRoutes } from './scheduler-stats.js';
import { serviceRoutes } from './services.js';
import { transferRoutes } from './transfers.js';
import { volumeActionRoutes } from './volume-actions.js';
import { volumeMetadataRoutes } from './volume-metadata.js';
import { volumeRoutes } from './volumes.js';

/** A group of routes of the v3 API, registered under `/v3/{project_id}` and `/v3` (3.67+). */
export type RouteGroup = (app: FastifyInstance, deps: BlockStorageDeps) => void;

/** Every route group of the API, one per resource (volumes, types, snapshots...). */
export const blockStorageRoutes: RouteGroup[] = [
  volumeRoutes,
  volumeMetadataRoutes,
  volumeActionRoutes,
  quotaSetRoutes,
  quotaClassSetRoutes,
  limitRoutes,
  availabilityZoneRoutes,
  serviceRoutes,
  extensionRoutes,
  transferRoutes,
  attachmentRoutes,
  backupRoutes,
  snapshotRoutes,
  snapshotMetadataRoutes,
  snapshotActionRoutes,
  typeRoutes,
  typeExtraSpecRoutes,
  typeAccessRoutes,
  defaultTypeRoutes,
  qosSpecsRoutes,
  schedulerStatsRoutes,
  capabilitiesRoutes,
  hostRoutes,
  backupExportImportRoutes,
  messageRoutes,
];
