/**
 * The identity part of the CLI checks: Debian's `openstack` CLI against Keystone v3 as an
 * operator and an ordinary user drive it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Cloud } from './cloud.js';
import { needs, type Checks } from './checks.js';
import { json, openstack, passwordLogin, refused, succeeds, withoutSlash, type Json } from './cli.js';
import type { OpenRc } from './openrc.js';

/** Keystone's own refusal of a policy rule, as the CLI prints it. */
function forbidden(rule: string): string[] {
  return [`You are not authorized to perform the requested action: ${rule}.`, '(HTTP 403)'];
}

/** The environment of someone who holds only a token (no password), scoped to `base`'s project. */
function tokenLogin(base: OpenRc, token: string): OpenRc {
  const env: OpenRc = { OS_AUTH_TYPE: 'token', OS_TOKEN: token };
  for (const name of ['OS_AUTH_URL', 'OS_IDENTITY_API_VERSION', 'OS_REGION_NAME', 'OS_PROJECT_NAME']) {
    if (base[name]) env[name] = base[name];
  }
  env.OS_PROJECT_DOMAIN_NAME = base.OS_PROJECT_DOMAIN_NAME ?? 'Default';
  return env;
}

function applicationCredentialLogin(base: OpenRc, id: string, secret: string): OpenRc {
  const env: OpenRc = {
    OS_AUTH_TYPE: 'v3applicationcredential',
    OS_APPLICATION_CREDENTIAL_ID: id,
    OS_APPLICATION_CREDENTIAL_SECRET: secret,
  };
  for (const name of ['OS_AUTH_URL', 'OS_IDENTITY_API_VERSION', 'OS_REGION_NAME']) {
    if (base[name]) env[name] = base[name];
  }
  return env;
}

interface Token {
  id: string;
  expires: string;
  project_id: string;
  user_id: string;
}

function assertToken(token: Token, expected: { project_id?: string; user_id?: string } = {}): void {
  assert.match(token.id, /^\S{16,}$/, 'token id');
  assert.ok(Date.parse(token.expires) > Date.now(), `token expires in the future (expires ${token.expires})`);
  assert.match(token.project_id, /^\S+$/, 'token project_id');
  assert.match(token.user_id, /^\S+$/, 'token user_id');
  if (expected.project_id) assert.equal(token.project_id, expected.project_id, 'token project_id');
  if (expected.user_id) assert.equal(token.user_id, expected.user_id, 'token user_id');
}

/** GET /v3/auth/tokens: the status the cloud gives `subject` when `auth` asks about it. */
async function validationStatus(authUrl: string, auth: string, subject: string): Promise<number> {
  const response = await fetch(`${withoutSlash(authUrl)}/auth/tokens`, {
    headers: { 'X-Auth-Token': auth, 'X-Subject-Token': subject },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Tokens, the catalog, projects, users, roles, application credentials, as admin and as an ordinary user. */
export async function runIdentityChecks(
  checks: Checks,
  cloud: Cloud,
  services: readonly string[],
): Promise<void> {
  const { admin, demo } = cloud;
  const suffix = randomBytes(4).toString('hex');
  const projectName = `conformance-${suffix}`;
  const userName = `conformance-user-${suffix}`;
  const userPassword = `Pw-${randomBytes(9).toString('base64url')}`;

  const adminToken = await checks.check('admin: token issue', async () => {
    const token = await json<Token>(admin, ['token', 'issue']);
    assertToken(token);
    return token;
  });

  await checks.check(`admin: catalog list shows a public endpoint of ${services.join(', ')}`, async () => {
    const catalog = await json<Json[]>(admin, ['catalog', 'list']);
    const publicEndpoint = (type: string) => {
      const service = catalog.find((entry) => entry.Type === type);
      assert.ok(service, `a ${type} service in ${JSON.stringify(catalog)}`);
      const endpoints = service.Endpoints as Json[];
      const found = endpoints.find(
        (endpoint) =>
          endpoint.interface === 'public' &&
          (!admin.OS_REGION_NAME || endpoint.region === admin.OS_REGION_NAME),
      );
      assert.ok(found, `a public ${type} endpoint in ${JSON.stringify(endpoints)}`);
      return withoutSlash(String(found.url));
    };
    const authUrl = withoutSlash(admin.OS_AUTH_URL);
    assert.ok(
      [authUrl, authUrl.replace(/\/v3$/, '')].includes(publicEndpoint('identity')),
      `the public identity endpoint is ${authUrl}`,
    );
    for (const type of services.filter((type) => type !== 'identity')) {
      assert.match(publicEndpoint(type), /^https?:\/\/\S+$/, `the public ${type} endpoint`);
    }
  });

  const project = await checks.check('admin: project create', async () => {
    const created = await json(admin, ['project', 'create', '--description', 'conformance run', projectName]);
    assert.equal(created.name, projectName);
    assert.equal(created.description, 'conformance run');
    assert.equal(created.enabled, true);
    assert.equal(created.domain_id, 'default');
    assert.match(String(created.id), /^\S+$/);
    return created;
  });

  const user = await checks.check('admin: user create --password', async () => {
    const projectId = needs(project, 'admin: project create').id;
    const created = await json(admin, [
      'user',
      'create',
      '--password',
      userPassword,
      '--project',
      projectName,
      userName,
    ]);
    assert.equal(created.name, userName);
    assert.equal(created.enabled, true);
    assert.equal(created.domain_id, 'default');
    assert.equal(created.default_project_id, projectId);
    assert.equal(created.password, undefined, 'the password is never shown');
    return created;
  });

  const roleAdded = await checks.check('admin: role add --user --project', async () => {
    needs(user, 'admin: user create --password');
    const stdout = await succeeds(admin, [
      'role',
      'add',
      '--user',
      userName,
      '--project',
      projectName,
      'member',
    ]);
    assert.equal(stdout.trim(), '', 'role add prints nothing');
    return true;
  });

  await checks.check('admin: role assignment list --names', async () => {
    needs(roleAdded, 'admin: role add --user --project');
    const assignments = await json<Json[]>(admin, [
      'role',
      'assignment',
      'list',
      '--names',
      '--user',
      userName,
    ]);
    assert.deepEqual(
      assignments.map((a) => ({ Role: a.Role, User: a.User, Project: a.Project, Inherited: a.Inherited })),
      [{ Role: 'member', User: `${userName}@Default`, Project: `${projectName}@Default`, Inherited: false }],
    );
  });

  const userEnv = passwordLogin(admin, userName, userPassword, projectName);
  await checks.check('new user: token issue with the password', async () => {
    needs(roleAdded, 'admin: role add --user --project');
    const token = await json<Token>(userEnv, ['token', 'issue']);
    assertToken(token, { project_id: String(project?.id), user_id: String(user?.id) });
  });

  const credential = await checks.check('new user: application credential create', async () => {
    needs(roleAdded, 'admin: role add --user --project');
    const created = await json(userEnv, ['application', 'credential', 'create', `cli-${suffix}`]);
    assert.equal(created.name, `cli-${suffix}`);
    assert.equal(created.project_id, project?.id);
    assert.equal(created.user_id, user?.id);
    assert.equal(created.unrestricted, false);
    assert.match(String(created.secret), /^\S{16,}$/, 'the secret is shown once, at creation');
    assert.match(String(created.roles), /\bmember\b/, 'the credential carries the member role');
    return { id: String(created.id), secret: String(created.secret) };
  });

  await checks.check('application credential: token issue', async () => {
    const { id, secret } = needs(credential, 'new user: application credential create');
    const token = await json<Token>(applicationCredentialLogin(admin, id, secret), ['token', 'issue']);
    assertToken(token, { project_id: String(project?.id), user_id: String(user?.id) });
  });

  await checks.check('application credential: a wrong secret is refused', async () => {
    const { id } = needs(credential, 'new user: application credential create');
    const env = applicationCredentialLogin(admin, id, `wrong-${suffix}`);
    await refused(env, ['token', 'issue'], ['(HTTP 401)']);
  });

  await checks.check('token revoke: the revoked token is refused', async () => {
    const { id: auth } = needs(adminToken, 'admin: token issue');
    const victim = await json<Token>(admin, ['token', 'issue']);
    await succeeds(tokenLogin(admin, victim.id), ['project', 'show', admin.OS_PROJECT_NAME]);
    assert.equal(await validationStatus(admin.OS_AUTH_URL, auth, victim.id), 200, 'valid before revoke');
    assert.equal(
      (await succeeds(admin, ['token', 'revoke', victim.id])).trim(),
      '',
      'token revoke prints nothing',
    );
    await refused(tokenLogin(admin, victim.id), ['project', 'show', admin.OS_PROJECT_NAME], ['(HTTP 404)']);
    assert.equal(
      await validationStatus(admin.OS_AUTH_URL, auth, victim.id),
      404,
      'GET /v3/auth/tokens after revoke',
    );
  });

  const demoToken = await checks.check('ordinary user: token issue', async () => {
    const token = await json<Token>(demo, ['token', 'issue']);
    assertToken(token);
    return token;
  });

  await checks.check('ordinary user: user list is refused', async () => {
    needs(demoToken, 'ordinary user: token issue');
    await refused(demo, ['user', 'list'], forbidden('identity:list_users'));
  });

  const demoProjectRefused = await checks.check('ordinary user: project create is refused', async () => {
    needs(demoToken, 'ordinary user: token issue');
    await refused(demo, ['project', 'create', `demo-${suffix}`], forbidden('identity:create_project'));
    return true;
  });

  await checks.check('ordinary user: role add (admin on own project) is refused', async () => {
    needs(demoToken, 'ordinary user: token issue');
    const args = ['role', 'add', '--user', demo.OS_USERNAME, '--project', demo.OS_PROJECT_NAME, 'admin'];
    // The CLI looks the role up by name first; listing roles is already an admin's business.
    await refused(demo, args, forbidden('identity:list_roles'));
  });

  await checks.check('ordinary user: PUT of a role grant is refused', async () => {
    const token = needs(demoToken, 'ordinary user: token issue');
    const role = await json(admin, ['role', 'show', 'admin']);
    const url = `${withoutSlash(demo.OS_AUTH_URL)}/projects/${token.project_id}/users/${token.user_id}/roles/${role.id}`;
    const response = await fetch(url, { method: 'PUT', headers: { 'X-Auth-Token': token.id } });
    const text = await response.text();
    assert.equal(response.status, 403, `PUT ${url} answered ${response.status} ${text}`);
    const body = JSON.parse(text) as { error?: { code?: number; message?: string } };
    assert.equal(body.error?.code, 403);
    assert.equal(
      body.error?.message,
      'You are not authorized to perform the requested action: identity:create_grant.',
    );
  });

  await checks.check('admin: clean up what the suite created', async () => {
    if (credential) await succeeds(userEnv, ['application', 'credential', 'delete', credential.id]);
    if (user) await succeeds(admin, ['user', 'delete', String(user.id)]);
    if (project) await succeeds(admin, ['project', 'delete', String(project.id)]);
    // The refusal may have failed by creating the project after all.
    if (demoToken && !demoProjectRefused) await openstack(admin, ['project', 'delete', `demo-${suffix}`]);
  });
}
