/** A password login to a cloud a functional test started, over HTTP as a client makes it. */
import assert from 'node:assert/strict';

/** A user of the default domain and the project (of that domain) its token is scoped to. */
export interface PasswordUser {
  name: string;
  password: string;
  project: string;
}

/** The login's token and the id of the project it is scoped to. */
export interface PasswordLogin {
  token: string;
  projectId: string;
}

/** `POST /identity/v3/auth/tokens` with the password method; anything but 201 fails the test. */
export async function passwordLogin(cloudUrl: string, user: PasswordUser): Promise<PasswordLogin> {
  const response = await fetch(`${cloudUrl}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user.name, domain: { id: 'default' }, password: user.password } },
        },
        scope: { project: { name: user.project, domain: { id: 'default' } } },
      },
    }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  const body = JSON.parse(text) as { token: { project: { id: string } } };
  return { token: response.headers.get('x-subject-token')!, projectId: body.token.project.id };
}
