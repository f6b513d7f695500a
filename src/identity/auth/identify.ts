import type { Kysely } from 'kysely';
import { BadRequest, Forbidden, Unauthorized } from '../../common/http/errors.js';
import type { IdentitySchema } from '../db/schema.js';
import { verifyPassword } from '../passwords.js';
import type { TokenService } from './token-service.js';
import type { AuthRequest, DomainRef, UserRef } from './auth-request.js';

/** Who the credentials of an auth request prove the caller to be, before scoping. */
export interface Identified {
  userId: string;
  methods: string[];
  /** Set when a token was exchanged: the new token keeps its chain and expiry. */
  parent: { auditIds: string[]; expiresAt: Date } | null;
  applicationCredential: { id: string; projectId: string; expiresAt: Date | null } | null;
}

export interface IdentifyDeps {
  db: Kysely<IdentitySchema>;
  tokens: TokenService;
  now: () => Date;
  /** Hooks of security compliance around a password check (lockout, expiry). */
  passwordPolicy: PasswordPolicy;
}

/** Keystone's lockout and expiry rules, applied around each password check. */
export interface PasswordPolicy {
  beforeCheck(userId: string): Promise<void>;
  onFailure(userId: string): Promise<void>;
  onSuccess(userId: string): Promise<void>;
}

const refused = () => new Unauthorized('The request you have made requires authentication.');

async function findDomainId(db: Kysely<IdentitySchema>, ref: DomainRef | undefined): Promise<string> {
  if (!ref || (!ref.id && !ref.name))
    throw new BadRequest(
      'Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
    );
  const query = db.selectFrom('domain').select(['id', 'enabled']);
  const domain = await (
    ref.id ? query.where('id', '=', ref.id) : query.where('name', '=', ref.name!)
  ).executeTakeFirst();
  if (!domain || !domain.enabled) throw refused();
  return domain.id;
}

/** Finds a user by id, or by name within a domain given by id or name; 401 when unknown. */
export async function findUser(db: Kysely<IdentitySchema>, ref: UserRef) {
  const query = db.selectFrom('user').select(['id', 'enabled', 'domain_id']);
  let user;
  if (ref.id) user = await query.where('id', '=', ref.id).executeTakeFirst();
  else if (ref.name) {
    const domainId = await findDomainId(db, ref.domain);
    user = await query.where('name', '=', ref.name).where('domain_id', '=', domainId).executeTakeFirst();
  } else
    throw new BadRequest(
      'Expecting to find id or name in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
    );
  if (!user) throw refused();
  return user;
}

async function byPassword(deps: IdentifyDeps, user: UserRef & { password?: string }): Promise<string> {
  if (typeof user.password !== 'string')
    throw new BadRequest("Invalid input for field 'identity/password/user/password': it is required.");
  const found = await findUser(deps.db, user);
  await deps.passwordPolicy.beforeCheck(found.id);
  const current = await deps.db
    .selectFrom('password')
    .select('hash')
    .where('user_id', '=', found.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!current || !(await verifyPassword(user.password, current.hash))) {
    await deps.passwordPolicy.onFailure(found.id);
    throw refused();
  }
  if (!found.enabled) throw new Unauthorized(`The account is disabled for user: ${found.id}.`);
  await deps.passwordPolicy.onSuccess(found.id);
  return found.id;
}

async function byApplicationCredential(
  deps: IdentifyDeps,
  request: NonNullable<AuthRequest['auth']['identity']['application_credential']>,
): Promise<NonNullable<Identified['applicationCredential']> & { userId: string }> {
  const query = deps.db
    .selectFrom('application_credential')
    .select(['id', 'user_id', 'project_id', 'secret_hash', 'expires_at']);
  let row;
  if (request.id) row = await query.where('id', '=', request.id).executeTakeFirst();
  else if (request.name && request.user) {
    const user = await findUser(deps.db, request.user);
    row = await query.where('name', '=', request.name).where('user_id', '=', user.id).executeTakeFirst();
  } else {
    throw new BadRequest('Expecting to find id or name and user in application_credential.');
  }
  if (!row || !(await verifyPassword(request.secret, row.secret_hash))) throw refused();
  const expiresAt = row.expires_at ? new Date(row.expires_at) : null;
  if (expiresAt && expiresAt <= deps.now()) throw refused();
  if (!row.project_id) throw refused();
  return { id: row.id, projectId: row.project_id, expiresAt, userId: row.user_id };
}

/**
 * Checks the credentials of each method named in `identity.methods`; every method given must
 * succeed and all must prove the same user, as Keystone's multi-method auth requires.
 */
export async function identify(
  deps: IdentifyDeps,
  identity: AuthRequest['auth']['identity'],
): Promise<Identified> {
  const result: Identified = { userId: '', methods: [], parent: null, applicationCredential: null };
  const users = new Set<string>();
  for (const method of new Set(identity.methods)) {
    if (method === 'password') {
      if (!identity.password)
        throw new BadRequest(
          'Expecting to find password in identity. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
        );
      users.add(await byPassword(deps, identity.password.user));
    } else if (method === 'token') {
      if (!identity.token)
        throw new BadRequest(
          'Expecting to find token in identity. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
        );
      // An invalid or revoked token is 404 here too, as Keystone answers ("Failed to validate token").
      const parent = await deps.tokens.inspect(identity.token.id);
      if (parent.trust) {
        throw new Forbidden(
          'You are not authorized to perform the requested action: Using trust-scoped token to create another token. Create a new trust-scoped token instead.',
        );
      }
      if (parent.applicationCredential) {
        throw new Unauthorized('Application credential tokens cannot be used to obtain other tokens.');
      }
      users.add(parent.user.id);
      const { auditIds, expiresAt, methods } = parent.payload;
      result.parent = { auditIds, expiresAt };
      result.methods.push(...methods.filter((m) => m !== 'token'));
    } else if (method === 'application_credential') {
      if (!identity.application_credential)
        throw new BadRequest('Expecting to find application_credential in identity.');
      const { userId, ...credential } = await byApplicationCredential(deps, identity.application_credential);
      users.add(userId);
      result.applicationCredential = credential;
    } else {
      throw new Unauthorized(`Attempted to authenticate with an unsupported method.`);
    }
    result.methods.push(method);
  }
  if (users.size !== 1) throw refused();
  result.userId = [...users][0];
  result.methods = [...new Set(result.methods)];
  return result;
}
