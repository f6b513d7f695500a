import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  FetchTransport,
  InjectTransport,
  type ServiceTransport,
} from '../../../../src/common/clients/http-transport.js';
import { ServiceError } from '../../../../src/common/clients/service-error.js';

/** A service that echoes what it was sent and fails in placement's and Glance's formats. */
function echoService(): FastifyInstance {
  const app = Fastify();
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
  app.get('/svc/echo', async (request) => ({
    token: request.headers['x-auth-token'],
    version: request.headers['openstack-api-version'] ?? null,
    query: request.url.split('?')[1] ?? '',
  }));
  app.put('/svc/data', async (request, reply) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request.body as Readable) chunks.push(Buffer.from(chunk as Buffer));
    return reply.status(200).send({ received: Buffer.concat(chunks).toString() });
  });
  app.get('/svc/data', async (_request, reply) =>
    reply.type('application/octet-stream').send(Buffer.from('bytes')),
  );
  app.delete('/svc/nothing', async (_request, reply) => reply.status(204).send());
  app.put('/svc/conflict', async (_request, reply) =>
    reply
      .status(409)
      .header('x-openstack-request-id', 'req-1')
      .send({
        errors: [
          {
            status: 409,
            title: 'Conflict',
            detail:
              'There was a conflict when trying to complete your request.\n\n resource provider generation conflict  ',
            code: 'placement.concurrent_update',
            request_id: 'req-1',
          },
        ],
      }),
  );
  app.get('/svc/missing', async (_request, reply) =>
    reply.status(404).send({
      message: 'The resource could not be found.<br /><br />\n\n\n',
      code: '404 Not Found',
      title: 'Not Found',
    }),
  );
  return app;
}

async function exercise(transport: ServiceTransport): Promise<void> {
  const echo = await transport.request<{ token: string; version: string; query: string }>('GET', '/echo', {
    microversion: '1.36',
    query: { resources: 'VCPU:1', member_of: ['in:a', 'in:b'], skipped: undefined },
  });
  assert.equal(echo.status, 200);
  assert.deepEqual(echo.body, {
    token: 'tok',
    version: 'placement 1.36',
    query: 'resources=VCPU%3A1&member_of=in%3Aa&member_of=in%3Ab',
  });
  assert.equal((await transport.request('GET', '/echo')).body && true, true);
  const upload = await transport.request<{ received: string }>('PUT', '/data', {
    body: Readable.from(['str', 'eamed']),
    headers: { 'content-type': 'application/octet-stream' },
  });
  assert.deepEqual(upload.body, { received: 'streamed' });
  const download = await transport.stream('GET', '/data');
  const chunks: Buffer[] = [];
  for await (const chunk of download.body) chunks.push(Buffer.from(chunk as Buffer));
  assert.equal(Buffer.concat(chunks).toString(), 'bytes');
  const empty = await transport.request('DELETE', '/nothing');
  assert.equal(empty.status, 204);
  assert.equal(empty.body, undefined);
  await assert.rejects(transport.request('PUT', '/conflict', { body: {} }), (error) => {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.status, 409);
    assert.equal(error.code, 'placement.concurrent_update');
    assert.equal(error.isConcurrentUpdate, true);
    assert.equal(error.detail, 'resource provider generation conflict');
    assert.equal(error.requestId, 'req-1');
    return true;
  });
  await assert.rejects(transport.stream('GET', '/missing'), (error) => {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.status, 404);
    assert.equal(error.code, undefined);
    assert.equal(error.detail, 'The resource could not be found.');
    return true;
  });
}

describe('service transports', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  const options = { service: 'placement', token: async () => 'tok' };

  before(async () => {
    app = echoService();
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/svc/`;
  });
  after(() => app.close());

  test('FetchTransport talks HTTP to a listening service', () =>
    exercise(new FetchTransport(baseUrl, options)));

  test('InjectTransport reaches the same service in process', () =>
    exercise(new InjectTransport(app, '/svc', options)));
});
