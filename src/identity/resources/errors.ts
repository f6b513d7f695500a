import { BadRequest, Conflict, Forbidden, NotFound } from '../../common/http/errors.js';

/**
 * Keystone's own error texts for the resources of the identity API (keystone/exception.py),
 * so clients and Tempest that match on them see the same words.
 */
export const domainNotFound = (id: string) => new NotFound(`Could not find domain: ${id}.`);
export const projectNotFound = (id: string) => new NotFound(`Could not find project: ${id}.`);
export const userNotFound = (id: string) => new NotFound(`Could not find user: ${id}.`);
export const groupNotFound = (id: string) => new NotFound(`Could not find group: ${id}.`);
export const projectTagNotFound = (tag: string) => new NotFound(`Could not find project tag: ${tag}.`);

/** Keystone's Conflict: `Conflict occurred attempting to store <type> - <details>.` */
export const conflict = (type: string, details: string) =>
  new Conflict(`Conflict occurred attempting to store ${type} - ${details}.`);

/** ValidationError with a message of its own (400). */
export const invalid = (message: string) => new BadRequest(message);

/** ForbiddenNotSecurity: a 403 whose message is always safe to show. */
export const refused = (message: string) => new Forbidden(message);

export const cannotChangeId = () => invalid('Cannot change ID');
export const cannotChangeDomainId = () => invalid('Cannot change Domain ID');

export const immutableUpdate = (type: 'project' | 'domain', id: string) =>
  refused(
    `Unable to update immutable ${type} resource: \`${id}. Set resource option "immutable" to false first.`,
  );
export const immutableDelete = (type: 'project' | 'domain', id: string) =>
  refused(
    `Unable to delete immutable ${type} resource: \`${id}. Set resource option "immutable" to false first.`,
  );

/** True when a database error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
