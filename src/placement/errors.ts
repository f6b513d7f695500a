import { ApiError } from '../common/http/errors.js';

/** Placement's machine-readable error codes (placement/errors.py), shown from 1.23 on. */
export const ErrorCode = {
  DEFAULT: 'placement.undefined_code',
  INVENTORY_INUSE: 'placement.inventory.inuse',
  CONCURRENT_UPDATE: 'placement.concurrent_update',
  DUPLICATE_NAME: 'placement.duplicate_name',
  PROVIDER_IN_USE: 'placement.resource_provider.inuse',
  PROVIDER_CANNOT_DELETE_PARENT: 'placement.resource_provider.cannot_delete_parent',
  RESOURCE_PROVIDER_NOT_FOUND: 'placement.resource_provider.not_found',
  ILLEGAL_DUPLICATE_QUERYPARAM: 'placement.query.duplicate_key',
  QUERYPARAM_BAD_VALUE: 'placement.query.bad_value',
  QUERYPARAM_MISSING_VALUE: 'placement.query.missing_value',
} as const;

/** An HTTP error that carries one of placement's codes. */
export class PlacementError extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly code?: string,
  ) {
    super(status, message);
  }
}

export const badRequest = (message: string, code?: string) => new PlacementError(400, message, code);
export const notFound = (message: string, code?: string) => new PlacementError(404, message, code);
export const conflict = (message: string, code?: string) => new PlacementError(409, message, code);

/**
 * A generation (of a provider or a consumer) moved under a writer: the write is abandoned.
 * Thrown inside transactions; the API turns it into a 409 `placement.concurrent_update`.
 */
export class ConcurrentUpdate extends Error {
  constructor(readonly ofProvider: boolean) {
    super(
      ofProvider
        ? 'Another thread concurrently updated the resource provider data. Please retry your update'
        : 'Another thread concurrently updated the data. Please retry your update',
    );
    this.name = 'ConcurrentUpdate';
  }
}

/** A row that would break a unique constraint, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
