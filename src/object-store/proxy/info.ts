import { SWIFT_PATH_MIDDLEWARES, SWIFT_PIPELINE } from '../middleware/pipeline.js';
import { s3apiInfo } from '../s3/s3-info.js';
import { CONSTRAINTS } from './constraints.js';
import { STORAGE_POLICY } from './listing.js';

/** The Swift release whose API this proxy speaks (Zed's, as Debian 12 ships it). */
const SWIFT_VERSION = '2.30.0';

/**
 * `GET /info` (Swift's `/info`): the constraints clients size their requests by, and the
 * capabilities really served: the core API's section, one per middleware that registers, and
 * the S3 API's.
 */
export function swiftInfo(): Record<string, unknown> {
  return {
    swift: {
      version: SWIFT_VERSION,
      ...CONSTRAINTS,
      strict_cors_mode: true,
      allow_account_management: false,
      account_autocreate: true,
      policies: [{ name: STORAGE_POLICY, aliases: STORAGE_POLICY, default: true }],
    },
    ...Object.fromEntries(
      [...SWIFT_PATH_MIDDLEWARES, ...SWIFT_PIPELINE].flatMap((middleware) =>
        middleware.info ? [[middleware.name, middleware.info()]] : [],
      ),
    ),
    s3api: s3apiInfo(),
  };
}
