import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig, type StratusConfig } from '../../src/common/config/index.js';
import { createLogger } from '../../src/common/logging.js';
import { startCloud, stateFile } from '../../src/gateway/cloud.js';
import { passwordLogin } from '../helpers/password-login.js';

function config(dataDir: string): StratusConfig {
  const base = defaultConfig(dataDir);
  return { ...base, port: 0, log_level: 'silent', identity: { ...base.identity, password_hash_cost: 10 } };
}

test('the cloud comes up, writes client files, and a restart finds everything as it was', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-cloud-'));
  try {
    const first = await startCloud(config(dataDir), createLogger('silent'), ['identity']);
    const openrc = readFileSync(first.files.openrc, 'utf8');
    assert.match(openrc, new RegExp(`OS_AUTH_URL='${first.url}/identity/v3'`));
    const password = /OS_PASSWORD='([^']+)'/.exec(openrc)![1];
    assert.match(readFileSync(first.files.cloudsYaml, 'utf8'), /stratus-admin:/);
    assert.ok(existsSync(stateFile(dataDir)));

    const token = (await passwordLogin(first.url, { name: 'admin', password, project: 'admin' })).token;
    const created = await fetch(`${first.url}/identity/v3/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: JSON.stringify({ project: { name: 'kept' } }),
    });
    assert.equal(created.status, 201);
    await first.close();
    assert.ok(!existsSync(stateFile(dataDir)), 'a clean stop removes the state file');

    const second = await startCloud(config(dataDir), createLogger('silent'), ['identity']);
    try {
      // The same password works, and the token issued before the restart is still valid: keys persist.
      assert.equal(/OS_PASSWORD='([^']+)'/.exec(readFileSync(second.files.openrc, 'utf8'))![1], password);
      const projects = await fetch(`${second.url}/identity/v3/projects?name=kept`, {
        headers: { 'x-auth-token': token },
      });
      assert.equal(projects.status, 200);
      const body = (await projects.json()) as { projects: { name: string }[] };
      assert.deepEqual(
        body.projects.map((p) => p.name),
        ['kept'],
      );
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('every response carries a request id', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-cloud-'));
  const cloud = await startCloud(config(dataDir), createLogger('silent'), ['identity']);
  try {
    for (const path of ['/identity', '/identity/v3', '/identity/v3/users', '/nowhere']) {
      const response = await fetch(`${cloud.url}${path}`);
      assert.match(response.headers.get('x-openstack-request-id') ?? '', /^req-[0-9a-f-]{36}$/, path);
    }
  } finally {
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
