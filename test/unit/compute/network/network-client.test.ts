import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceTransport, TransportRequest } from '../../../../src/common/clients/http-transport.js';
import { NetworkClient } from '../../../../src/common/clients/network-client.js';
import { describeErrorBody, ServiceError } from '../../../../src/common/clients/service-error.js';

/** A transport that answers from a table of paths and records what it was asked. */
function fakeTransport(answers: Record<string, unknown>) {
  const asked: { method: string; path: string; query?: unknown; body?: unknown }[] = [];
  const transport: ServiceTransport = {
    async request<Body>(method: string, path: string, request: TransportRequest = {}) {
      asked.push({ method, path, query: request.query, body: request.body });
      const answer = answers[`${method} ${path}`];
      if (answer instanceof Error) throw answer;
      return { status: 200, headers: {}, body: answer as Body };
    },
    async stream() {
      throw new Error('not used');
    },
  };
  return { transport, asked };
}

test("lists follow Neutron's next links, with the filters as neutronclient sends them", async () => {
  const { transport, asked } = fakeTransport({
    'GET /v2.0/ports': {
      ports: [{ id: 'a' }],
      ports_links: [{ rel: 'next', href: 'http://cloud/network/v2.0/ports?limit=1&marker=a' }],
    },
    'GET /v2.0/ports?limit=1&marker=a': { ports: [{ id: 'b' }], ports_links: [] },
  });
  const ports = await new NetworkClient(transport).listPorts({
    device_id: 'vm',
    shared: true,
    id: ['x', 'y'],
  });
  assert.deepEqual(
    ports.map((port) => port.id),
    ['a', 'b'],
  );
  assert.deepEqual(asked[0].query, { device_id: 'vm', shared: 'True', id: ['x', 'y'] });
  assert.equal(asked[1].path, '/v2.0/ports?limit=1&marker=a');
});

test('a missing resource is null on a read and false on a delete; other errors are thrown', async () => {
  const notFound = new ServiceError(
    'network',
    'GET',
    '/',
    404,
    'PortNotFound',
    'Port x could not be found.',
    {},
    undefined,
  );
  const conflict = new ServiceError('network', 'DELETE', '/', 409, 'PortInUse', 'in use', {}, undefined);
  const { transport } = fakeTransport({
    'GET /v2.0/ports/x': notFound,
    'DELETE /v2.0/ports/x': notFound,
    'DELETE /v2.0/ports/y': conflict,
  });
  const client = new NetworkClient(transport);
  assert.equal(await client.getPort('x'), null);
  assert.equal(await client.deletePort('x'), false);
  await assert.rejects(client.deletePort('y'), conflict);
});

test("Neutron's error bodies give their type as the code", () => {
  assert.deepEqual(
    describeErrorBody({ NeutronError: { type: 'IpAddressAlreadyAllocated', message: 'taken', detail: '' } }),
    { code: 'IpAddressAlreadyAllocated', detail: 'taken' },
  );
});
