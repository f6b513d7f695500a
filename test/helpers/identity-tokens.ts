import assert from 'node:assert/strict';
import type { IdentityTestApp } from './identity-app.js';

interface ShownAccessRule {
  id: string;
  service: string;
  path: string;
  method: string;
}

/** A token issued by the real token service, with its body. */
export interface IssuedToken {
  token: string;
  body: {
    user: { id: string };
    application_credential?: {
      id: string;
      name: string;
      restricted: boolean;
      access_rules?: ShownAccessRule[];
    };
    [field: string]: unknown;
  };
}

/** An application credential as its create response shows it. */
export interface CreatedCredential {
  id: string;
  secret: string;
  access_rules?: ShownAccessRule[];
  [field: string]: unknown;
}

async function issue(identity: IdentityTestApp, auth: object): Promise<IssuedToken> {
  const response = await identity.app.inject({
    method: 'POST',
    url: '/identity/v3/auth/tokens',
    payload: { auth },
  });
  assert.equal(response.statusCode, 201, response.body);
  return { token: response.headers['x-subject-token'] as string, body: response.json().token };
}

/** A password token of a bootstrapped user ('admin' or 'demo') scoped to its project. */
export function passwordToken(identity: IdentityTestApp, user: 'admin' | 'demo'): Promise<IssuedToken> {
  return issue(identity, {
    identity: {
      methods: ['password'],
      password: { user: { name: user, domain: { id: 'default' }, password: `${user}-secret` } },
    },
    scope: { project: { name: user, domain: { id: 'default' } } },
  });
}

/** Creates an application credential for the token's user and returns it with its secret. */
export async function createApplicationCredential(
  identity: IdentityTestApp,
  owner: IssuedToken,
  fields: object,
): Promise<CreatedCredential> {
  const response = await identity.app.inject({
    method: 'POST',
    url: `/identity/v3/users/${owner.body.user.id}/application_credentials`,
    headers: { 'x-auth-token': owner.token },
    payload: { application_credential: fields },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().application_credential;
}

/** A token authenticated by an application credential's id and secret. */
export function applicationCredentialToken(
  identity: IdentityTestApp,
  credential: { id: string; secret: string },
): Promise<IssuedToken> {
  return issue(identity, {
    identity: {
      methods: ['application_credential'],
      application_credential: { id: credential.id, secret: credential.secret },
    },
  });
}
