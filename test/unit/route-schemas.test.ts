import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RouteOptions } from 'fastify';
import { defaultConfig } from '../../src/common/config/index.js';
import { createApp } from '../../src/common/http/app.js';
import { createLogger } from '../../src/common/logging.js';
import { openServices, SERVICE_NAMES } from '../../src/gateway/services.js';

// As Nova's test_schemas: every route of every service declares what it accepts and what it
// answers, so input is checked before any work and responses are checked in tests.
test('every route of every service has request and response schemas', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-schemas-'));
  const base = defaultConfig(dataDir);
  const config = { ...base, identity: { ...base.identity, password_hash_cost: 10 } };
  const opened = await openServices(config, createLogger('silent'), 'http://stratus.test', SERVICE_NAMES);
  const app = createApp({ logger: createLogger('silent'), bodyLimit: 1024 });
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  try {
    for (const service of opened.services) await app.register(service.plugin, { prefix: service.prefix });
    await app.ready();
    const missing: string[] = [];
    for (const route of routes) {
      const methods = [route.method].flat();
      if (methods.every((method) => method === 'HEAD')) continue;
      const name = `${methods.join(',')} ${route.url}`;
      const schema = route.schema ?? {};
      if (!schema.response) missing.push(`${name}: no response schema`);
      const takesBody = methods.some((method) => ['POST', 'PUT', 'PATCH'].includes(method));
      if (takesBody && !schema.body && !route.config?.noBody) missing.push(`${name}: no body schema`);
      if (route.url.includes(':') && !schema.params) missing.push(`${name}: no params schema`);
    }
    assert.ok(routes.length > 100, `only ${routes.length} routes registered`);
    assert.deepEqual(missing, []);
  } finally {
    await app.close();
    await opened.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
