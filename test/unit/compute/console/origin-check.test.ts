import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { originRefusal } from '../../../../src/compute/console/origin-check.js';

const HTTP_BASE = 'http://stratus.test:5000/console/vnc_lite.html?path=console%2Fwebsockify';
const HTTPS_BASE = 'https://stratus.test/console/vnc_lite.html?path=console%2Fwebsockify';

describe('console origin check (as Nova)', () => {
  test('a client that sends no Origin is not a browser: allowed', () => {
    assert.equal(originRefusal({ host: 'stratus.test:5000' }, HTTP_BASE, []), undefined);
  });

  test("the page of the proxy's own host is allowed, whatever the port or the letters' case", () => {
    const headers = { host: 'Stratus.Test:5000', origin: 'http://stratus.test:5000' };
    assert.equal(originRefusal(headers, HTTP_BASE, []), undefined);
    assert.equal(
      originRefusal({ host: '[::1]:5000', origin: 'http://[::1]:5000' }, HTTP_BASE, []),
      undefined,
    );
    assert.equal(originRefusal({ host: '10.0.0.1', origin: 'http://10.0.0.1:80' }, HTTP_BASE, []), undefined);
  });

  test("another site's page is refused, unless its host is allowed", () => {
    const headers = { host: 'stratus.test:5000', origin: 'http://evil.example' };
    assert.equal(originRefusal(headers, HTTP_BASE, []), 'Origin header does not match this host.');
    assert.equal(originRefusal(headers, HTTP_BASE, ['evil.example']), undefined);
  });

  test("an Origin that is no URL (a sandboxed page's `null`) is refused", () => {
    assert.equal(
      originRefusal({ host: 'stratus.test', origin: 'null' }, HTTP_BASE, []),
      'Origin header not valid.',
    );
  });

  test('the scheme must be the one the URL was given with; X-Forwarded-Proto tells it behind TLS', () => {
    const plain = { host: 'stratus.test', origin: 'http://stratus.test' };
    assert.equal(originRefusal(plain, HTTPS_BASE, []), 'Origin header protocol does not match this host.');
    assert.equal(originRefusal({ ...plain, 'x-forwarded-proto': 'https' }, HTTPS_BASE, []), undefined);
    assert.equal(
      originRefusal({ host: 'stratus.test', origin: 'https://stratus.test' }, HTTPS_BASE, []),
      undefined,
    );
  });
});
