import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig, type StratusConfig } from '../../src/common/config/index.js';
import { createLogger } from '../../src/common/logging.js';
import { startCloud, type RunningCloud } from '../../src/gateway/cloud.js';
import { passwordLogin } from '../helpers/password-login.js';

const SERVICES = ['identity', 'image', 'placement', 'compute', 'network'];

function config(dataDir: string): StratusConfig {
  const base = defaultConfig(dataDir);
  return {
    ...base,
    port: 0,
    log_level: 'silent',
    identity: { ...base.identity, password_hash_cost: 10 },
    compute: { ...base.compute, host: 'node1', fake_hosts: 2 },
  };
}

type Json = Record<string, unknown>;

/** The compute and image APIs of a running cloud, as its admin. */
async function adminApi(cloud: RunningCloud) {
  const password = /OS_PASSWORD='([^']+)'/.exec(readFileSync(cloud.files.openrc, 'utf8'))![1];
  const { token } = await passwordLogin(cloud.url, { name: 'admin', password, project: 'admin' });
  return async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const response = await fetch(`${cloud.url}${path}`, {
      method,
      headers: {
        'x-auth-token': token,
        'openstack-api-version': 'compute 2.79',
        ...(body === undefined ? {} : { 'content-type': type }),
      },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
}

async function waitForStatus(api: Awaited<ReturnType<typeof adminApi>>, id: string, status: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { body } = await api('GET', `/compute/v2.1/servers/${id}`);
    const server = body.server as Json;
    if (server.status === status) return server;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server ${id} never reached ${status}`);
}

test('servers keep their state and hosts across a restart of the cloud, and keep serving actions', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-compute-'));
  try {
    const first = await startCloud(config(dataDir), createLogger('silent'), SERVICES);
    let running: string;
    let stopped: string;
    try {
      const api = await adminApi(first);
      const image = await api('POST', '/image/v2/images', {
        name: 'disk',
        disk_format: 'raw',
        container_format: 'bare',
        visibility: 'public',
      });
      const imageId = String(image.body.id);
      const uploaded = await api(
        'PUT',
        `/image/v2/images/${imageId}/file`,
        Buffer.alloc(4096),
        'application/octet-stream',
      );
      assert.equal(uploaded.status, 204);
      const flavor = await api('POST', '/compute/v2.1/flavors', {
        flavor: { name: 'f1', ram: 64, vcpus: 1, disk: 1 },
      });
      const flavorId = String((flavor.body.flavor as Json).id);
      const boot = async (name: string) => {
        const created = await api('POST', '/compute/v2.1/servers', {
          server: { name, imageRef: imageId, flavorRef: flavorId, networks: 'none' },
        });
        assert.equal(created.status, 202, JSON.stringify(created.body));
        return String((created.body.server as Json).id);
      };
      running = await boot('running');
      stopped = await boot('stopped');
      await waitForStatus(api, running, 'ACTIVE');
      await waitForStatus(api, stopped, 'ACTIVE');
      assert.equal(
        (await api('POST', `/compute/v2.1/servers/${stopped}/action`, { 'os-stop': null })).status,
        202,
      );
      await waitForStatus(api, stopped, 'SHUTOFF');
    } finally {
      await first.close();
    }

    const second = await startCloud(config(dataDir), createLogger('silent'), SERVICES);
    try {
      const api = await adminApi(second);
      const active = await waitForStatus(api, running, 'ACTIVE');
      const shutoff = await waitForStatus(api, stopped, 'SHUTOFF');
      assert.ok(['node1', 'node1-2'].includes(String(active['OS-EXT-SRV-ATTR:host'])));
      // The hypervisor's guests outlived the agents, as real ones do: running and shut down.
      assert.equal(active['OS-EXT-STS:power_state'], 1);
      assert.equal(shutoff['OS-EXT-STS:power_state'], 4);
      assert.equal(
        (await api('POST', `/compute/v2.1/servers/${stopped}/action`, { 'os-start': null })).status,
        202,
      );
      const started = await waitForStatus(api, stopped, 'ACTIVE');
      assert.equal(started['OS-EXT-STS:power_state'], 1);
      assert.equal((await api('DELETE', `/compute/v2.1/servers/${running}`)).status, 204);
      for (let attempt = 0; ; attempt++) {
        const { status } = await api('GET', `/compute/v2.1/servers/${running}`);
        if (status === 404) break;
        assert.ok(attempt < 200, 'the deleted server is gone');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
