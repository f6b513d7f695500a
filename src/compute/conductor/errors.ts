import { RemoteError } from '../../common/bus/index.js';
import { NoValidHost } from '../scheduler/no-valid-host.js';
import { NO_VALID_HOST } from '../rpc/scheduler-api.js';

/**
 * A failure the conductor records on an instance, with the code its fault shows (Nova's
 * NovaException `code`: 400 for its Invalid family, 500 otherwise).
 */
export class ConductorError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly code: number = 500,
  ) {
    super(message);
  }
}

export const computeHostNotFound = (host: string | null) =>
  new ConductorError('ComputeHostNotFound', `Compute host ${host ?? 'None'} could not be found.`, 404);
export const computeServiceUnavailable = (host: string | null) =>
  new ConductorError(
    'ComputeServiceUnavailable',
    `Compute service of ${host ?? 'None'} is unavailable at this time.`,
    400,
  );
export const computeServiceInUse = (host: string) =>
  new ConductorError('ComputeServiceInUse', `Compute service of ${host} is still in use.`);
export const unableToMigrateToSelf = (instanceUuid: string, host: string) =>
  new ConductorError(
    'UnableToMigrateToSelf',
    `Unable to migrate instance (${instanceUuid}) to current host (${host}).`,
    400,
  );
export const invalidHypervisorType = () =>
  new ConductorError('InvalidHypervisorType', 'The supplied hypervisor type of is invalid.', 400);
export const destinationHypervisorTooOld = () =>
  new ConductorError(
    'DestinationHypervisorTooOld',
    'The instance requires a newer hypervisor version than has been provided.',
    400,
  );
export const instanceInvalidState = (instanceUuid: string, attr: string, state: string, method: string) =>
  new ConductorError(
    'InstanceInvalidState',
    `Instance ${instanceUuid} in ${attr} ${state}. Cannot ${method} while the instance is in this state.`,
    400,
  );
export const flavorNotFound = (flavorId: string) =>
  new ConductorError('FlavorNotFound', `Flavor ${flavorId} could not be found.`, 404);
export const requestSpecNotFound = (instanceUuid: string) =>
  new ConductorError('RequestSpecNotFound', `RequestSpec not found for instance ${instanceUuid}`, 404);
export const migrationError = (reason: string) =>
  new ConductorError('MigrationError', `Migration error: ${reason}`);

/** Nova's MaxRetriesExceeded (a NoValidHost): the build failed on every host it could try. */
export const maxRetriesExceeded = (reason: string) =>
  new ConductorError('MaxRetriesExceeded', `Exceeded maximum number of retries. ${reason}`);

/** The scheduler's NoValidHost as it crossed the bus, made local again; other errors as they are. */
export function localError(error: unknown): unknown {
  if (error instanceof RemoteError && error.remoteName === NO_VALID_HOST) {
    const reason = typeof error.details.reason === 'string' ? error.details.reason : '';
    const results = Array.isArray(error.details.filterResults)
      ? (error.details.filterResults as string[])
      : [];
    return new NoValidHost(reason, results);
  }
  return error;
}

export function isNoValidHost(error: unknown): error is NoValidHost {
  return error instanceof NoValidHost;
}

/** The fault Nova records for an exception (exception_to_dict, _get_fault_details). */
export function faultOf(
  error: unknown,
  options: { details?: string } = {},
): { code: number; message: string; details: string } {
  const known = error instanceof NoValidHost || error instanceof ConductorError;
  const code = error instanceof ConductorError ? error.code : 500;
  // Nova shows its own exceptions' messages; anything else only by its class name.
  const message = known ? (error as Error).message : error instanceof Error ? error.name : 'Error';
  let details = '';
  if (code === 500) {
    details =
      options.details ??
      (error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error));
  }
  return { code, message, details };
}
