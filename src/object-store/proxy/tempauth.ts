import type { ServiceTransport } from '../../common/clients/http-transport.js';
import { ServiceError } from '../../common/clients/service-error.js';
import { header, type IncomingHeaders } from './headers.js';
import type { SwiftAnswer } from './swift-call.js';
import { SwiftError } from './swob.js';

/** A token got with a user's password, and the project whose account it opens. */
export interface PasswordToken {
  token: string;
  projectId: string;
  expiresAt: Date;
}

/** Checks `<project>:<user>` and a password, as tempauth checks its configured users. */
export interface PasswordAuth {
  /** Null when the user, project or password is wrong. */
  authenticate(project: string, user: string, password: string): Promise<PasswordToken | null>;
}

/**
 * The users of tempauth are identity's: a password checked by `POST /v3/auth/tokens` (user and
 * project of the Default domain), whose token is then a token like any other here.
 */
export class IdentityPasswordAuth implements PasswordAuth {
  constructor(private readonly identity: ServiceTransport) {}

  async authenticate(project: string, user: string, password: string): Promise<PasswordToken | null> {
    const body = {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { id: 'default' }, password } },
        },
        scope: { project: { name: project, domain: { id: 'default' } } },
      },
    };
    try {
      const answer = await this.identity.request<{ token: { project: { id: string }; expires_at: string } }>(
        'POST',
        '/v3/auth/tokens',
        { body, query: { nocatalog: '' } },
      );
      return {
        token: answer.headers['x-subject-token'],
        projectId: answer.body.token.project.id,
        expiresAt: new Date(answer.body.token.expires_at),
      };
    } catch (error) {
      if (error instanceof ServiceError && (error.status === 401 || error.status === 404)) return null;
      throw error;
    }
  }
}

/**
 * Swift's tempauth v1.0 (`GET /auth/v1.0` with `X-Auth-User: <account>:<user>` and
 * `X-Auth-Key`, or their `X-Storage-*` names): the token, and the storage URL of the project's
 * account on the host the client asked, which is how `swift -A .../auth/v1.0 -U -K` and
 * test tools sign in without Keystone's API.
 */
export async function tempAuthAnswer(
  auth: PasswordAuth,
  headers: IncomingHeaders,
  storageBase: string,
  now: number,
): Promise<SwiftAnswer> {
  const accountUser = header(headers, 'x-auth-user') ?? header(headers, 'x-storage-user');
  const key = header(headers, 'x-auth-key') ?? header(headers, 'x-storage-pass');
  const colon = accountUser?.indexOf(':') ?? -1;
  if (!accountUser || key === undefined || colon < 1) throw new SwiftError(401);
  const signedIn = await auth.authenticate(accountUser.slice(0, colon), accountUser.slice(colon + 1), key);
  if (!signedIn) throw new SwiftError(401);
  const url = `${storageBase}/v1/AUTH_${signedIn.projectId}`;
  return {
    status: 200,
    headers: {
      'x-auth-token': signedIn.token,
      'x-storage-token': signedIn.token,
      'x-auth-token-expires': String(Math.max(0, Math.floor((signedIn.expiresAt.getTime() - now) / 1000))),
      'x-storage-url': url,
      'content-type': 'application/json; charset=UTF-8',
    },
    body: JSON.stringify({ storage: { default: 'local', local: url } }),
  };
}
