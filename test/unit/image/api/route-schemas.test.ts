import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageTestApp } from '../../../helpers/image-app.js';

// As Nova's test_schemas: every route declares what it accepts and what it answers.
test('every image route has request and response schemas', async () => {
  const image = await imageTestApp();
  try {
    const missing: string[] = [];
    for (const route of image.routes) {
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
    assert.ok(image.routes.length >= 25);
  } finally {
    await image.close();
  }
});
