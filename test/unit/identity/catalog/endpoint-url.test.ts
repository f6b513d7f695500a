import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEndpointUrl, isValidEndpointUrl } from '../../../../src/identity/catalog/endpoint-url.js';

test('known substitutions in either spelling are valid; unknown names and stray % are not', () => {
  assert.equal(isValidEndpointUrl('http://x/v2.1'), true);
  assert.equal(isValidEndpointUrl('http://x/v1/AUTH_$(project_id)s'), true);
  assert.equal(isValidEndpointUrl('http://x/%(tenant_id)s/%(user_id)s'), true);
  assert.equal(isValidEndpointUrl('http://x/100%%'), true);
  assert.equal(isValidEndpointUrl('http://x/$(password)s'), false);
  assert.equal(isValidEndpointUrl('http://x/a%20b'), false);
  assert.equal(isValidEndpointUrl('http://x/%(project_id)d'), false);
  assert.equal(isValidEndpointUrl('http://x/%(project_id'), false);
});

test('formatting fills values and gives null when one is missing', () => {
  assert.equal(formatEndpointUrl('http://x/AUTH_$(project_id)s', { project_id: 'p' }), 'http://x/AUTH_p');
  assert.equal(formatEndpointUrl('http://x/100%%/%(tenant_id)s', { tenant_id: 't' }), 'http://x/100%/t');
  assert.equal(formatEndpointUrl('http://x/$(project_id)s', {}), null);
  assert.equal(formatEndpointUrl('http://x/$(compute_host)s', { project_id: 'p' }), null);
  assert.equal(formatEndpointUrl('http://x/%', {}), null);
});
