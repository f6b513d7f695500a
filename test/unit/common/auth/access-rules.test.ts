import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accessRulesAllow, pathMatches, type AccessRule } from '../../../../src/common/auth/access-rules.js';

describe('access rule paths', () => {
  test('a literal path matches only itself', () => {
    assert.equal(pathMatches('/v2/images', '/v2/images'), true);
    assert.equal(pathMatches('/v2/images/', '/v2/images'), false);
    assert.equal(pathMatches('/v2/images/abc', '/v2/images'), false);
    assert.equal(pathMatches('/v2/image', '/v2/images'), false);
  });

  test('* and {name} are exactly one segment', () => {
    for (const pattern of ['/v2.1/servers/*/ips', '/v2.1/servers/{server_id}/ips']) {
      assert.equal(pathMatches('/v2.1/servers/abc/ips', pattern), true, pattern);
      assert.equal(pathMatches('/v2.1/servers//ips', pattern), false, pattern);
      assert.equal(pathMatches('/v2.1/servers/a/b/ips', pattern), false, pattern);
    }
    assert.equal(pathMatches('/v3/users/abc', '/v3/users/*'), true);
    assert.equal(pathMatches('/v3/users/abc/projects', '/v3/users/*'), false);
  });

  test('** is any number of segments, none included', () => {
    assert.equal(pathMatches('/v2/images/abc/file', '/v2/images/**'), true);
    assert.equal(pathMatches('/v2/images/', '/v2/images/**'), true);
    assert.equal(pathMatches('/v2/images', '/v2/images/**'), false);
    assert.equal(pathMatches('/v2/images/a/b/members/c', '/v2/images/**/members/*'), true);
    assert.equal(pathMatches('/v2/images/a/b/members', '/v2/images/**/members/*'), false);
  });

  test('other characters are literal, a dot included', () => {
    assert.equal(pathMatches('/v2x1/servers', '/v2.1/servers'), false);
    assert.equal(pathMatches('/a+b', '/a+b'), true);
    assert.equal(pathMatches('/aab', '/a+b'), false);
  });
});

describe('access rules on a request', () => {
  const rules: AccessRule[] = [
    { service: 'image', method: 'GET', path: '/v2/images' },
    { service: 'image', method: 'GET', path: '/v2/images/*' },
  ];
  const allow = (request: { serviceType?: string; method?: string; path: string }, given = rules) =>
    accessRulesAllow(given, { serviceType: 'image', method: 'GET', ...request });

  test('no rules (null) allow anything', () => {
    assert.equal(accessRulesAllow(null, { serviceType: 'compute', method: 'DELETE', path: '/x' }), true);
  });

  test('the service type, the method and the path must all match one rule', () => {
    assert.equal(allow({ path: '/v2/images' }), true);
    assert.equal(allow({ path: '/v2/images/abc' }), true);
    assert.equal(allow({ path: '/v2/images', method: 'POST' }), false);
    assert.equal(allow({ path: '/v2/images', method: 'HEAD' }), false);
    assert.equal(allow({ path: '/v2/images', serviceType: 'compute' }), false);
    assert.equal(allow({ path: '/v2/schemas/image' }), false);
  });

  test('an empty list allows nothing', () => {
    assert.equal(allow({ path: '/v2/images' }, []), false);
  });

  test('identity always lets the token be validated', () => {
    assert.equal(
      accessRulesAllow(rules, { serviceType: 'identity', method: 'GET', path: '/v3/auth/tokens' }),
      true,
    );
    assert.equal(
      accessRulesAllow(rules, { serviceType: 'identity', method: 'DELETE', path: '/v3/auth/tokens' }),
      false,
    );
    assert.equal(
      accessRulesAllow(rules, { serviceType: 'image', method: 'GET', path: '/v3/auth/tokens' }),
      false,
    );
  });
});
