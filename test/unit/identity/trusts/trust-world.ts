import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { identityTestApp } from '../../../helpers/identity-app.js';

/** A user made for the tests, with its password. */
export interface TestUser {
  id: string;
  name: string;
  password: string;
}

/**
 * An identity service with real tokens and the cast of Tempest's trust tests: a trustor with
 * two roles on a project (one to delegate, one not), a trustee with none, and an admin. The
 * clock is real time plus an offset that `advance` moves.
 */
export async function trustWorld() {
  let offset = 0;
  const identity = await identityTestApp({ realTokens: true, now: () => new Date(Date.now() + offset) });
  const call = (method: string, url: string, token?: string, body?: unknown) =>
    identity.app.inject({
      method: method as 'GET',
      url: `/identity${url}`,
      headers: token === undefined ? {} : { 'x-auth-token': token },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const authenticate = (auth: unknown) => call('POST', '/v3/auth/tokens', undefined, { auth });
  const issue = async (auth: unknown) => {
    const response = await authenticate(auth);
    assert.equal(response.statusCode, 201, response.body);
    return { token: response.headers['x-subject-token'] as string, body: response.json().token };
  };
  const password = (user: TestUser) => ({
    methods: ['password'],
    password: { user: { id: user.id, password: user.password } },
  });
  const ok = async (response: Promise<LightMyRequestResponse>, status: number) => {
    const answered = await response;
    assert.equal(answered.statusCode, status, answered.body);
    return answered.body ? answered.json() : undefined;
  };

  const admin = (
    await issue({
      identity: {
        methods: ['password'],
        password: { user: { name: 'admin', domain: { id: 'default' }, password: 'admin-secret' } },
      },
      scope: { project: { id: identity.ids.adminProject } },
    })
  ).token;
  const projectId = (
    await ok(call('POST', '/v3/projects', admin, { project: { name: 'trust-project' } }), 201)
  ).project.id;
  const role = async (name: string) =>
    (await ok(call('POST', '/v3/roles', admin, { role: { name } }), 201)).role;
  const delegated = await role('DelegatedRole');
  const notDelegated = await role('NotDelegatedRole');
  const newUser = async (name: string, roleIds: string[] = []): Promise<TestUser> => {
    const user = { name, password: `${name}-password` };
    const { id } = (await ok(call('POST', '/v3/users', admin, { user }), 201)).user;
    for (const roleId of roleIds) {
      await ok(call('PUT', `/v3/projects/${projectId}/users/${id}/roles/${roleId}`, admin), 204);
    }
    return { id, ...user };
  };
  const trustor = await newUser('trustor', [delegated.id, notDelegated.id]);
  const trustee = await newUser('trustee');
  const trustorToken = (await issue({ identity: password(trustor), scope: { project: { id: projectId } } }))
    .token;

  return {
    identity,
    advance: (ms: number) => {
      offset += ms;
    },
    call,
    authenticate,
    issue,
    password,
    /** GET /v3/auth/tokens of `subject`, as the admin. */
    validate: (subject: string) =>
      identity.app.inject({
        method: 'GET',
        url: '/identity/v3/auth/tokens',
        headers: { 'x-auth-token': admin, 'x-subject-token': subject },
      }),
    admin,
    projectId,
    delegated: { id: delegated.id, name: delegated.name },
    notDelegated: { id: notDelegated.id, name: notDelegated.name },
    trustor,
    trustee,
    trustorToken,
    /** Creates a trust from the trustor to the trustee with the delegated role; asserts 201. */
    createTrust: async (fields: Record<string, unknown> = {}, token = trustorToken) => {
      const trust = {
        trustor_user_id: trustor.id,
        trustee_user_id: trustee.id,
        project_id: projectId,
        roles: [{ name: delegated.name }],
        impersonation: true,
        ...fields,
      };
      return (await ok(call('POST', '/v3/OS-TRUST/trusts', token, { trust }), 201)).trust;
    },
    /** Another user, with the given roles on the project. */
    newUser,
    close: () => identity.close(),
  };
}

export type TrustWorld = Awaited<ReturnType<typeof trustWorld>>;
