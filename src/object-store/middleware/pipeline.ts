import { expiringObjectsQueue } from './expirer/expiring-objects-middleware.js';
import { accountQuotas } from './quotas/account-quotas.js';
import { containerQuotas } from './quotas/container-quotas.js';
import { bulkUploadMiddleware } from './bulk/archive-extract.js';
import { bulkDeleteMiddleware } from './bulk/bulk-delete.js';
import { dloMiddleware } from './dlo/dlo-middleware.js';
import { sloMiddleware } from './slo/slo-middleware.js';
import type { SwiftMiddleware } from './swift-middleware.js';
import { tempurl } from './tempurl/tempurl.js';
import { versionedWrites } from './versioning/versioned-writes.js';

/**
 * The middlewares of the proxy, outermost first, in the order of Swift's proxy-server.conf
 * pipeline (bulk, tempurl, slo, dlo, versioned_writes, container and account quotas...): each
 * adds itself here and its `/info` section follows.
 */
export const SWIFT_PIPELINE: SwiftMiddleware[] = [
  bulkDeleteMiddleware,
  bulkUploadMiddleware,
  tempurl,
  containerQuotas,
  accountQuotas,
  sloMiddleware,
  dloMiddleware,
  versionedWrites,
  expiringObjectsQueue,
];
