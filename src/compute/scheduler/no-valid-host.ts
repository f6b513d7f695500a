import type { Rejection } from './filters/filter-chain.js';

/** Nova's reason when fewer hosts were found than instances asked for. */
export const NOT_ENOUGH_HOSTS = 'There are not enough hosts available.';

/**
 * No host can take (every instance of) the request. The message is Nova's, and what the
 * instance's fault shows; the filter results are for logs only, as they describe the cloud.
 */
export class NoValidHost extends Error {
  override readonly name = 'NoValidHost';

  constructor(
    readonly reason: string,
    /** Nova's per-filter lines of the last filtering, e.g. `ComputeFilter: (start: 2, end: 0)`. */
    readonly filterResults: string[] = [],
    readonly rejections: Rejection[] = [],
  ) {
    super(`No valid host was found. ${reason}`);
  }
}
