import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { defaultConfig } from '../../src/common/config/index.js';
import { createLogger } from '../../src/common/logging.js';
import { startCloud } from '../../src/gateway/cloud.js';
import { passwordLogin } from '../helpers/password-login.js';

/**
 * The same identity flow on every database engine: SQLite always, PostgreSQL when
 * STRATUS_TEST_POSTGRES_URL names an empty database the test may wipe (.ci/run sets one up).
 */
const engines: [string, string][] = [['sqlite', 'sqlite']];
if (process.env.STRATUS_TEST_POSTGRES_URL) engines.push(['postgres', process.env.STRATUS_TEST_POSTGRES_URL]);

async function wipePostgres(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('drop schema public cascade; create schema public');
  await client.end();
}

for (const [engine, url] of engines) {
  describe(`identity on ${engine}`, () => {
    test('bootstrap, tokens, projects, grants, effective assignments, revocation', async () => {
      if (engine === 'postgres') await wipePostgres(url);
      const dataDir = mkdtempSync(join(tmpdir(), `stratus-${engine}-`));
      const base = defaultConfig(dataDir);
      const config = {
        ...base,
        port: 0,
        log_level: 'silent' as const,
        database_url: url,
        identity: { ...base.identity, password_hash_cost: 10 },
      };
      const cloud = await startCloud(config, createLogger('silent'), ['identity']);
      const api = `${cloud.url}/identity/v3`;
      const call = async (method: string, path: string, token: string, body?: unknown) => {
        const response = await fetch(`${api}${path}`, {
          method,
          headers: { 'x-auth-token': token, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads whatever the API answered
        const answer: any = response.status === 204 ? null : await response.json();
        return { status: response.status, body: answer };
      };
      const login = async (name: string, password: string, project: string) =>
        (await passwordLogin(cloud.url, { name, password, project })).token;
      try {
        const password = /OS_PASSWORD='([^']+)'/.exec(readFileSync(cloud.files.openrc, 'utf8'))![1];
        const admin = await login('admin', password, 'admin');
        const parent = await call('POST', '/projects', admin, { project: { name: 'parent' } });
        const child = await call('POST', '/projects', admin, {
          project: { name: 'child', parent_id: parent.body.project.id },
        });
        assert.equal(child.status, 201);
        const user = await call('POST', '/users', admin, { user: { name: 'carol', password: 'carol-pw' } });
        const group = await call('POST', '/groups', admin, { group: { name: 'team' } });
        assert.equal(
          (await call('PUT', `/groups/${group.body.group.id}/users/${user.body.user.id}`, admin)).status,
          204,
        );
        const roles = await call('GET', '/roles?name=member', admin);
        const member = roles.body.roles[0].id;
        const inherited = `/OS-INHERIT/projects/${parent.body.project.id}/groups/${group.body.group.id}/roles/${member}/inherited_to_projects`;
        assert.equal((await call('PUT', inherited, admin)).status, 204);

        const effective = await call(
          'GET',
          `/role_assignments?effective&include_names&user.id=${user.body.user.id}`,
          admin,
        );
        // The inherited group grant reaches the child (not the parent), with member's implied reader.
        assert.deepEqual(
          effective.body.role_assignments
            .map(
              (a: { scope: { project: { name: string } }; role: { name: string } }) =>
                `${a.scope.project.name}:${a.role.name}`,
            )
            .sort(),
          ['child:member', 'child:reader'],
        );
        const carol = await login('carol', 'carol-pw', 'child');
        const validated = await fetch(`${api}/auth/tokens`, {
          headers: { 'x-auth-token': admin, 'x-subject-token': carol },
        });
        const roleNames = (
          (await validated.json()) as { token: { roles: { name: string }[] } }
        ).token.roles.map((r) => r.name);
        assert.deepEqual(roleNames.sort(), ['member', 'reader']);

        assert.equal(
          (await call('DELETE', `/groups/${group.body.group.id}/users/${user.body.user.id}`, admin)).status,
          204,
        );
        const after = await fetch(`${api}/auth/tokens`, {
          headers: { 'x-auth-token': admin, 'x-subject-token': carol },
        });
        assert.equal(after.status, 404);
      } finally {
        await cloud.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
