import type { Kysely } from 'kysely';
import type { StratusConfig } from '../common/config/index.js';
import type { Logger } from '../common/logging.js';
import type { PolicyEnforcer } from '../common/policy/types.js';
import type { ImageSchema } from './db/schema.js';
import type { BackgroundWork } from './import/background-work.js';
import type { ImageStore } from './stores/image-store.js';

/** Everything the image service is built from; tests pass their own. */
export interface ImageDeps {
  db: Kysely<ImageSchema>;
  config: StratusConfig;
  logger: Logger;
  /** Public base URL of the image API without the version, e.g. `http://127.0.0.1:5000/image`. */
  baseUrl: string;
  policy: PolicyEnforcer;
  now: () => Date;
  /** Where image data lives (Glance's default store, `file`). */
  store: ImageStore;
  /** Where `PUT /v2/images/{id}/stage` keeps data until it is imported (os_glance_staging_store). */
  staging: ImageStore;
  /** Imports, which go on after their request was answered. */
  background: BackgroundWork;
  /** The `web-download` import method's fetcher; absent when the method is off. */
  webDownload?: WebDownloader;
}

/** Fetches image data from the web for `web-download` imports, within the site's filtering. */
export interface WebDownloader {
  /** Whether the URI passes the filtering (scheme, and no loopback, link-local or private host unless allowed). */
  allows(uri: string): Promise<boolean>;
  /** The data at the URI, streamed. */
  open(uri: string): Promise<AsyncIterable<Buffer>>;
}
