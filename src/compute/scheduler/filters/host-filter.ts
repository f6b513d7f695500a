import type { HostState } from '../host-state.js';
import type { RequestSpec } from '../request-spec.js';

/** Receives why a host failed a filter, for debug logs and the NoValidHost details. */
export type RejectionNote = (reason: string) => void;

/** One host filter, as Nova's BaseHostFilter. */
export interface HostFilter {
  /** Nova's class name, as in `enabled_filters` and the log lines. */
  readonly name: string;
  /** The answer cannot change between instances of one request: run for the first only. */
  readonly runOncePerRequest: boolean;
  /** Whether a rebuild (same host, new image) is checked by this filter. */
  readonly runOnRebuild: boolean;
  hostPasses(host: HostState, spec: RequestSpec, note: RejectionNote): boolean;
}
