import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityTestApp } from '../../../helpers/identity-app.js';

// As Nova's test_schemas: every route declares what it accepts and what it answers, so input is
// checked before any work and responses are checked in tests.
test('every identity route has request and response schemas', async () => {
  const identity = await identityTestApp();
  try {
    const missing: string[] = [];
    for (const route of identity.routes) {
      const methods = [route.method].flat();
      if (methods.every((method) => method === 'HEAD')) continue;
      const name = `${methods.join(',')} ${route.url}`;
      const schema = route.schema ?? {};
      if (!schema.response) missing.push(`${name}: no response schema`);
      const takesBody = methods.some((method) => ['POST', 'PUT', 'PATCH'].includes(method));
      if (takesBody && !schema.body && !route.config?.noBody) missing.push(`${name}: no body schema`);
      if (route.url.includes(':') && !schema.params) missing.push(`${name}: no params schema`);
    }
    assert.deepEqual(missing, []);
  } finally {
    await identity.close();
  }
});
