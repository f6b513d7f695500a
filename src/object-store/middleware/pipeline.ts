import { crossdomain } from './crossdomain/crossdomain.js';
import { expiringObjectsQueue } from './expirer/expiring-objects-middleware.js';
import { accountQuotas } from './quotas/account-quotas.js';
import { containerQuotas } from './quotas/container-quotas.js';
import { bulkUploadMiddleware } from './bulk/archive-extract.js';
import { bulkDeleteMiddleware } from './bulk/bulk-delete.js';
import { dloMiddleware } from './dlo/dlo-middleware.js';
import { formpost } from './formpost/formpost.js';
import { healthcheck } from './healthcheck/healthcheck.js';
import { sloMiddleware } from './slo/slo-middleware.js';
import type { SwiftMiddleware } from './swift-middleware.js';
import type { SwiftPathMiddleware } from './swift-path-middleware.js';
import { staticweb } from './staticweb/staticweb.js';
import { tempurl } from './tempurl/tempurl.js';
import { versionedWrites } from './versioning/versioned-writes.js';

/**
 * The middlewares of the proxy, outermost first, in the order of Swift's proxy-server.conf
 * pipeline (bulk, tempurl, formpost, staticweb, container and account quotas, slo, dlo,
 * versioned_writes...): each adds itself here and its `/info` section follows.
 */
export const SWIFT_PIPELINE: SwiftMiddleware[] = [
  bulkDeleteMiddleware,
  bulkUploadMiddleware,
  tempurl,
  formpost,
  staticweb,
  containerQuotas,
  accountQuotas,
  sloMiddleware,
  dloMiddleware,
  versionedWrites,
  expiringObjectsQueue,
];

/** The middlewares in front of the proxy that answer paths of their own beside `/v1`. */
export const SWIFT_PATH_MIDDLEWARES: SwiftPathMiddleware[] = [healthcheck, crossdomain];
