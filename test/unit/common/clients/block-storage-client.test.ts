import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { BlockStorageClient, connectionInfoOf } from '../../../../src/common/clients/block-storage-client.js';
import { InjectTransport } from '../../../../src/common/clients/http-transport.js';
import { ServiceError } from '../../../../src/common/clients/service-error.js';

const PROJECT = 'b1111111111111111111111111111111';
const VOLUME = '6f1c8a2e-5b3d-4c1e-9f0a-1b2c3d4e5f60';
const ATTACHMENT = '0d8e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a';

interface Seen {
  method: string;
  url: string;
  version: string | undefined;
  token: string | undefined;
  body: unknown;
}

/** A stand-in for Cinder at `/volume` that records requests and answers as Cinder does. */
async function cinderStub() {
  const app = Fastify();
  const seen: Seen[] = [];
  app.addHook('onRequest', async (request) => {
    seen.push({
      method: request.method,
      url: request.url,
      version: request.headers['openstack-api-version'] as string | undefined,
      token: request.headers['x-auth-token'] as string | undefined,
      body: undefined,
    });
  });
  app.addHook('preHandler', async (request) => {
    seen.at(-1)!.body = request.body;
  });
  const prefix = `/volume/v3/${PROJECT}`;
  app.get(`${prefix}/volumes/:id`, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (id !== VOLUME) {
      return reply
        .status(404)
        .send({ itemNotFound: { code: 404, message: `Volume ${id} could not be found.` } });
    }
    return { volume: { id, status: 'available', size: 1, attachments: [], multiattach: false } };
  });
  app.post(`${prefix}/volumes`, async (_request, reply) =>
    reply.status(202).send({ volume: { id: VOLUME, status: 'creating', size: 1 } }),
  );
  app.post(`${prefix}/volumes/:id/action`, async (_request, reply) => reply.status(202).send());
  app.delete(`${prefix}/volumes/:id`, async (_request, reply) =>
    reply.status(400).send({
      badRequest: { code: 400, message: 'Invalid volume: Volume status must be available or error.' },
    }),
  );
  const attachment = (connectionInfo: unknown) => ({
    attachment: {
      id: ATTACHMENT,
      status: connectionInfo ? 'attaching' : 'reserved',
      instance: 'srv',
      volume_id: VOLUME,
      attach_mode: 'rw',
      attached_at: null,
      detached_at: null,
      connection_info: connectionInfo,
    },
  });
  app.post(`${prefix}/attachments`, async () => attachment(null));
  app.put(`${prefix}/attachments/:id`, async () =>
    attachment({
      driver_volume_type: 'nbd',
      host: '192.0.2.7',
      port: 10809,
      name: `volume-${VOLUME}`,
      format: 'raw',
      attachment_id: ATTACHMENT,
    }),
  );
  app.post(`${prefix}/attachments/:id/action`, async (_request, reply) => reply.status(204).send());
  app.delete(`${prefix}/attachments/:id`, async (request, reply) =>
    (request.params as { id: string }).id === ATTACHMENT
      ? reply.status(200).send()
      : reply.status(404).send({ itemNotFound: { code: 404, message: 'gone' } }),
  );
  const client = new BlockStorageClient(
    new InjectTransport(app, '/volume', { service: 'volume', token: async () => 'tok' }),
    PROJECT,
  );
  return { app, seen, client };
}

describe('BlockStorageClient: Cinder v3 as Nova calls it', () => {
  test("volumes: read at 3.48 under the project's path; a missing one is null", async () => {
    const { seen, client } = await cinderStub();
    const volume = await client.getVolume(VOLUME);
    assert.equal(volume?.status, 'available');
    assert.deepEqual(seen[0], {
      method: 'GET',
      url: `/volume/v3/${PROJECT}/volumes/${VOLUME}`,
      version: 'volume 3.48',
      token: 'tok',
      body: undefined,
    });
    assert.equal(await client.getVolume('nope'), null);
  });

  test("create sends Cinder's fields; Cinder's 400 is a ServiceError with its fault and message", async () => {
    const { seen, client } = await cinderStub();
    await client.createVolume({ size: 1, name: '', description: '', imageRef: 'img', snapshotId: null });
    assert.deepEqual(seen[0].body, { volume: { size: 1, name: '', description: '', imageRef: 'img' } });
    const refused = await client.deleteVolume(VOLUME).catch((error: unknown) => error);
    assert.ok(refused instanceof ServiceError);
    assert.equal(refused.status, 400);
    assert.equal(refused.code, 'badRequest');
    assert.equal(refused.detail, 'Invalid volume: Volume status must be available or error.');
  });

  test('attachments: reserve, connect with the connector, complete, delete (a missing one is false)', async () => {
    const { seen, client } = await cinderStub();
    const reserved = await client.createAttachment(VOLUME, 'srv');
    assert.equal(reserved.status, 'reserved');
    const connector = {
      ip: '192.0.2.1',
      host: 'node1',
      initiator: 'iqn.x',
      multipath: false,
      platform: 'x86_64',
      os_type: 'linux',
      do_local_attach: false,
      mountpoint: '/dev/vdb',
    };
    const connected = await client.updateAttachment(ATTACHMENT, connector);
    assert.deepEqual(connectionInfoOf(connected), {
      driver_volume_type: 'nbd',
      data: { host: '192.0.2.7', port: 10809, name: `volume-${VOLUME}`, format: 'raw' },
    });
    await client.completeAttachment(ATTACHMENT);
    assert.equal(await client.deleteAttachment(ATTACHMENT), true);
    assert.equal(await client.deleteAttachment('other'), false);
    await client.beginDetaching(VOLUME);
    assert.deepEqual(
      seen.map((request) => [
        request.method,
        request.url.replace(`/volume/v3/${PROJECT}`, ''),
        request.version,
        request.body,
      ]),
      [
        [
          'POST',
          '/attachments',
          'volume 3.44',
          { attachment: { volume_uuid: VOLUME, instance_uuid: 'srv' } },
        ],
        ['PUT', `/attachments/${ATTACHMENT}`, 'volume 3.44', { attachment: { connector } }],
        ['POST', `/attachments/${ATTACHMENT}/action`, 'volume 3.44', { 'os-complete': null }],
        ['DELETE', `/attachments/${ATTACHMENT}`, 'volume 3.44', undefined],
        ['DELETE', '/attachments/other', 'volume 3.44', undefined],
        ['POST', `/volumes/${VOLUME}/action`, undefined, { 'os-begin_detaching': {} }],
      ],
    );
  });

  test('an attachment without connection info yet has none', () => {
    assert.equal(
      connectionInfoOf({
        id: 'a',
        status: 'reserved',
        instance: null,
        volume_id: 'v',
        attach_mode: null,
        attached_at: null,
        detached_at: null,
        connection_info: {},
      }),
      null,
    );
  });
});
