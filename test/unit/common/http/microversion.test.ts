import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../../src/common/http/app.js';
import { installErrorHandling } from '../../../../src/common/http/error-handling.js';
import { ApiError, NotFound } from '../../../../src/common/http/errors.js';
import {
  BLOCK_STORAGE_MICROVERSIONS,
  COMPUTE_MICROVERSIONS,
  InvalidMicroversion,
  Microversion,
  PLACEMENT_MICROVERSIONS,
  negotiateMicroversion,
  requireMicroversion,
  useMicroversions,
  type MicroversionSettings,
} from '../../../../src/common/http/microversion.js';
import { createLogger } from '../../../../src/common/logging.js';

/** The negotiated version as text, or the error's status and message. */
function negotiate(settings: MicroversionSettings, headers: IncomingHttpHeaders): string {
  try {
    return String(negotiateMicroversion(headers, settings));
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return `${error.status} ${error.message}`;
  }
}

describe('Microversion', () => {
  test('parses X.Y and compares numerically', () => {
    const v = Microversion.parse('2.10');
    assert.equal(v.major, 2);
    assert.equal(v.minor, 10);
    assert.ok(v.atLeast('2.9'));
    assert.ok(v.atLeast('2.10'));
    assert.ok(!v.atLeast('2.11'));
    assert.ok(v.below('3.0'));
    assert.ok(!v.below('2.10'));
    assert.ok(v.equals(new Microversion(2, 10)));
    assert.ok(v.compare('2.2') > 0);
    assert.equal(String(v), '2.10');
    assert.equal(JSON.stringify({ v }), '{"v":"2.10"}');
  });

  test('matches a range with open ends', () => {
    const v = Microversion.parse('2.47');
    assert.ok(v.matches('2.1', '2.93'));
    assert.ok(v.matches('2.47', '2.47'));
    assert.ok(!v.matches('2.48', '2.93'));
    assert.ok(!v.matches('2.1', '2.46'));
    assert.ok(v.matches('2.40'));
    assert.ok(v.matches(undefined, '2.50'));
    assert.ok(v.matches());
  });

  test('rejects what Nova rejects', () => {
    for (const text of ['2', '2.01', '02.1', '2.1.1', '2.x', ' 2.1', '-2.1', '', 'latest']) {
      assert.throws(() => Microversion.parse(text), InvalidMicroversion, text);
    }
    assert.equal(Microversion.parse('3.0').minor, 0);
  });
});

describe('negotiation as Nova', () => {
  const nova = COMPUTE_MICROVERSIONS;

  test('no header means the minimum, latest the maximum', () => {
    assert.equal(negotiate(nova, {}), '2.1');
    assert.equal(negotiate(nova, { 'openstack-api-version': 'compute latest' }), '2.93');
  });

  test('reads its own entry among several services and several header lines', () => {
    assert.equal(negotiate(nova, { 'openstack-api-version': 'compute 2.47' }), '2.47');
    assert.equal(
      negotiate(nova, { 'openstack-api-version': 'placement 1.5, compute 2.10, volume 3.2' }),
      '2.10',
    );
    assert.equal(
      negotiate(nova, { 'openstack-api-version': ['compute 2.3', 'volume 3.1', 'compute 2.5'] }),
      '2.5',
    );
    assert.equal(negotiate(nova, { 'openstack-api-version': 'COMPUTE   2.60 ' }), '2.60');
    assert.equal(negotiate(nova, { 'openstack-api-version': 'placement 1.5' }), '2.1');
    assert.equal(negotiate(nova, { 'openstack-api-version': 'compute' }), '2.1');
  });

  test('falls back to the legacy header, the last value of it', () => {
    assert.equal(negotiate(nova, { 'x-openstack-nova-api-version': '2.12' }), '2.12');
    assert.equal(negotiate(nova, { 'x-openstack-nova-api-version': '2.3, 2.4' }), '2.4');
    assert.equal(
      negotiate(nova, { 'openstack-api-version': 'compute 2.20', 'x-openstack-nova-api-version': '2.12' }),
      '2.20',
    );
    assert.equal(
      negotiate(nova, { 'openstack-api-version': 'volume 3.1', 'x-openstack-nova-api-version': 'latest' }),
      '2.93',
    );
  });

  test('malformed versions are a 400 with Nova message', () => {
    assert.equal(
      negotiate(nova, { 'openstack-api-version': 'compute 2.01' }),
      '400 API Version String 2.01 is of invalid format. Must be of format MajorNum.MinorNum.',
    );
    assert.equal(
      negotiate(nova, { 'openstack-api-version': 'compute two' }),
      '400 API Version String two is of invalid format. Must be of format MajorNum.MinorNum.',
    );
    assert.equal(
      negotiate(nova, { 'x-openstack-nova-api-version': '' }),
      '400 API Version String  is of invalid format. Must be of format MajorNum.MinorNum.',
    );
  });

  test('versions out of range are a 406 that still names the version asked', () => {
    assert.equal(
      negotiate(nova, { 'openstack-api-version': 'compute 2.95' }),
      '406 Version 2.95 is not supported by the API. Minimum is 2.1 and maximum is 2.93.',
    );
    assert.equal(
      negotiate(nova, { 'openstack-api-version': 'compute 2.0' }),
      '406 Version 2.0 is not supported by the API. Minimum is 2.1 and maximum is 2.93.',
    );
    try {
      negotiateMicroversion({ 'openstack-api-version': 'compute 3.0' }, nova);
      assert.fail('expected a 406');
    } catch (error) {
      assert.deepEqual((error as ApiError).headers, {
        'OpenStack-API-Version': 'compute 3.0',
        'X-OpenStack-Nova-API-Version': '3.0',
        Vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
      });
    }
  });
});

describe('negotiation as Placement (microversion_parse)', () => {
  const placement = PLACEMENT_MICROVERSIONS;

  test('reads the header as Python int() would', () => {
    assert.equal(negotiate(placement, {}), '1.0');
    assert.equal(negotiate(placement, { 'openstack-api-version': 'placement latest' }), '1.39');
    assert.equal(negotiate(placement, { 'openstack-api-version': 'placement 1.05' }), '1.5');
    assert.equal(negotiate(placement, { 'openstack-api-version': 'placement +1.1_0' }), '1.10');
    assert.equal(negotiate(placement, { 'openstack-api-version': 'compute 2.5, placement 1.20' }), '1.20');
  });

  test('ignores the compute legacy header', () => {
    assert.equal(negotiate(placement, { 'x-openstack-nova-api-version': '1.5' }), '1.0');
  });

  test('malformed versions are a 400 with microversion_parse message', () => {
    assert.equal(
      negotiate(placement, { 'openstack-api-version': 'placement pony.horse' }),
      "400 Invalid microversion: invalid version string: pony.horse; invalid literal for int() with base 10: 'pony'",
    );
    assert.equal(
      negotiate(placement, { 'openstack-api-version': 'placement 1.2.3' }),
      "400 Invalid microversion: invalid version string: 1.2.3; invalid literal for int() with base 10: '2.3'",
    );
    assert.equal(
      negotiate(placement, { 'openstack-api-version': 'placement 1' }),
      "400 Invalid microversion: invalid version string: 1; Version.__new__() missing 1 required positional argument: 'minor'",
    );
    assert.equal(
      negotiate(placement, { 'openstack-api-version': "placement it's.1" }),
      `400 Invalid microversion: invalid version string: it's.1; invalid literal for int() with base 10: "it's"`,
    );
  });

  test('versions out of range are a 406 without version headers', () => {
    assert.equal(
      negotiate(placement, { 'openstack-api-version': 'placement 0.5' }),
      '406 Invalid microversion: Unacceptable version header: 0.5',
    );
    assert.equal(
      negotiate(placement, { 'openstack-api-version': 'placement 1.40' }),
      '406 Invalid microversion: Unacceptable version header: 1.40',
    );
    try {
      negotiateMicroversion({ 'openstack-api-version': 'placement 2.0' }, placement);
      assert.fail('expected a 406');
    } catch (error) {
      assert.deepEqual((error as ApiError).headers, {});
    }
  });
});

describe('negotiation as Cinder', () => {
  const cinder = BLOCK_STORAGE_MICROVERSIONS;

  test('takes the first entry naming volume', () => {
    assert.equal(negotiate(cinder, {}), '3.0');
    assert.equal(negotiate(cinder, { 'openstack-api-version': 'volume 3.50' }), '3.50');
    assert.equal(negotiate(cinder, { 'openstack-api-version': 'compute 2.1, volume 3.5' }), '3.5');
    assert.equal(negotiate(cinder, { 'openstack-api-version': 'volume 3.5, volume 3.6' }), '3.5');
    assert.equal(negotiate(cinder, { 'openstack-api-version': 'volume latest' }), '3.70');
  });

  test('a header that does not name volume is a 400', () => {
    assert.equal(
      negotiate(cinder, { 'openstack-api-version': 'compute 2.1' }),
      '400 The server could not comply with the request since it is either malformed or otherwise incorrect.',
    );
    assert.equal(
      negotiate(cinder, { 'openstack-api-version': 'volume 3.0x' }),
      '400 API Version String 3.0x is of invalid format. Must be of format MajorNum.MinorNum.',
    );
  });

  test('versions out of range are a 406 naming the version asked', () => {
    assert.equal(
      negotiate(cinder, { 'openstack-api-version': 'volume 3.71' }),
      '406 Version 3.71 is not supported by the API. Minimum is 3.0 and maximum is 3.70.',
    );
    try {
      negotiateMicroversion({ 'openstack-api-version': 'volume 2.0' }, cinder);
      assert.fail('expected a 406');
    } catch (error) {
      assert.deepEqual((error as ApiError).headers, {
        'OpenStack-API-Version': 'volume 2.0',
        Vary: 'OpenStack-API-Version',
      });
    }
  });
});

/** A service with Nova's error body, microversioned routes under /compute and a plain root. */
async function computeApp(settings: MicroversionSettings = COMPUTE_MICROVERSIONS): Promise<FastifyInstance> {
  const app = createApp({ logger: createLogger('silent'), bodyLimit: 1024 });
  await app.register(
    async (scope) => {
      installErrorHandling(scope, (error) => ({ fault: { code: error.status, message: error.message } }));
      scope.get('/', async () => ({ versions: [] }));
      await scope.register(async (versioned) => {
        // As authentication would, before the microversion is negotiated.
        versioned.addHook('onRequest', async (_request, reply) => {
          reply.header('vary', 'X-Auth-Token');
        });
        useMicroversions(versioned, settings);
        versioned.get('/v2.1/version', async (request) => ({ version: String(request.microversion) }));
        versioned.get('/v2.1/missing', async () => {
          throw new NotFound('Instance x could not be found.');
        });
        versioned.get('/v2.1/new-thing', async (request) => {
          requireMicroversion(request, '2.50');
          return { ok: true };
        });
      });
    },
    { prefix: '/compute' },
  );
  await app.ready();
  return app;
}

describe('useMicroversions', () => {
  test('sets request.microversion and answers with the version headers', async () => {
    const app = await computeApp();
    try {
      const response = await app.inject({
        url: '/compute/v2.1/version',
        headers: { 'openstack-api-version': 'compute 2.47' },
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { version: '2.47' });
      assert.equal(response.headers['openstack-api-version'], 'compute 2.47');
      assert.equal(response.headers['x-openstack-nova-api-version'], '2.47');
      const vary = String(response.headers.vary).split(/,\s*/);
      assert.deepEqual(
        vary.sort(),
        ['OpenStack-API-Version', 'X-Auth-Token', 'X-OpenStack-Nova-API-Version'].sort(),
      );
    } finally {
      await app.close();
    }
  });

  test('errors of the routes carry the version headers too', async () => {
    const app = await computeApp();
    try {
      const response = await app.inject({ url: '/compute/v2.1/missing' });
      assert.equal(response.statusCode, 404);
      assert.equal(response.headers['openstack-api-version'], 'compute 2.1');
    } finally {
      await app.close();
    }
  });

  test('a bad version is answered in the service error format', async () => {
    const app = await computeApp();
    try {
      const response = await app.inject({
        url: '/compute/v2.1/version',
        headers: { 'openstack-api-version': 'compute 2.95' },
      });
      assert.equal(response.statusCode, 406);
      assert.deepEqual(response.json(), {
        fault: {
          code: 406,
          message: 'Version 2.95 is not supported by the API. Minimum is 2.1 and maximum is 2.93.',
        },
      });
      assert.equal(response.headers['openstack-api-version'], 'compute 2.95');
      const malformed = await app.inject({
        url: '/compute/v2.1/version',
        headers: { 'openstack-api-version': 'compute 2.x' },
      });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.headers['openstack-api-version'], undefined);
    } finally {
      await app.close();
    }
  });

  test('routes outside the scope are not microversioned', async () => {
    const app = await computeApp();
    try {
      const response = await app.inject({
        url: '/compute/',
        headers: { 'openstack-api-version': 'compute 9.9' },
      });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['openstack-api-version'], undefined);
    } finally {
      await app.close();
    }
  });

  test('requireMicroversion hides a route below its version', async () => {
    const app = await computeApp();
    try {
      const old = await app.inject({
        url: '/compute/v2.1/new-thing',
        headers: { 'openstack-api-version': 'compute 2.49' },
      });
      assert.equal(old.statusCode, 404);
      assert.deepEqual(old.json(), { fault: { code: 404, message: 'The resource could not be found.' } });
      const current = await app.inject({
        url: '/compute/v2.1/new-thing',
        headers: { 'openstack-api-version': 'compute latest' },
      });
      assert.equal(current.statusCode, 200);
      assert.equal(current.headers['openstack-api-version'], 'compute 2.93');
    } finally {
      await app.close();
    }
  });

  test('a service without a legacy header sends only the standard one', async () => {
    const app = await computeApp(PLACEMENT_MICROVERSIONS);
    try {
      const response = await app.inject({
        url: '/compute/v2.1/version',
        headers: { 'openstack-api-version': 'placement latest' },
      });
      assert.deepEqual(response.json(), { version: '1.39' });
      assert.equal(response.headers['openstack-api-version'], 'placement 1.39');
      assert.equal(response.headers['x-openstack-nova-api-version'], undefined);
      assert.match(String(response.headers.vary), /OpenStack-API-Version/);
    } finally {
      await app.close();
    }
  });
});
