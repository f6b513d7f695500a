import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { InjectTransport } from '../../../../src/common/clients/http-transport.js';
import { ImageClient } from '../../../../src/common/clients/image-client.js';
import { ServiceError } from '../../../../src/common/clients/service-error.js';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

async function readAll(data: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of data) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('ImageClient against the image service', () => {
  let image: ImageTestApp;
  let client: ImageClient;

  before(async () => {
    image = await imageTestApp();
    client = new ImageClient(
      new InjectTransport(image.app, '/image', { service: 'image', token: async () => 'member' }),
    );
  });
  after(() => image.close());

  test('a snapshot round trip: create, upload a stream, show, download', async () => {
    const created = await client.createImage({
      name: 'snap',
      disk_format: 'raw',
      container_format: 'bare',
      image_type: 'snapshot',
    });
    assert.equal(created.status, 'queued');
    assert.equal(created.image_type, 'snapshot');
    const data = Buffer.alloc(200_000, 7);
    await client.upload(created.id, Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]));
    const shown = await client.getImage(created.id);
    assert.equal(shown?.status, 'active');
    assert.equal(shown?.size, data.length);
    const downloaded = await client.download(created.id);
    assert.equal(downloaded.size, data.length);
    assert.equal(downloaded.checksum, shown?.checksum);
    assert.deepEqual(await readAll(downloaded.data), data);
  });

  test('updateImage changes properties with a JSON patch', async () => {
    const created = await client.createImage({ name: 'base', disk_format: 'raw', container_format: 'bare' });
    const updated = await client.updateImage(created.id, [
      { op: 'add', path: '/instance_uuid', value: 'i-1' },
      { op: 'replace', path: '/name', value: 'renamed' },
    ]);
    assert.equal(updated.instance_uuid, 'i-1');
    assert.equal(updated.name, 'renamed');
    await assert.rejects(client.updateImage(created.id, [{ op: 'remove', path: '/missing' }]), (error) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.service, 'image');
      assert.ok(error.status >= 400 && error.status < 500);
      return true;
    });
  });

  test('an image of another project is not found; delete removes an image once', async () => {
    const foreign = await image.createImage('other', { name: 'private' });
    assert.equal(await client.getImage(String(foreign.id)), null);
    const created = await client.createImage({
      name: 'doomed',
      disk_format: 'raw',
      container_format: 'bare',
    });
    assert.equal(await client.deleteImage(created.id), true);
    assert.equal(await client.getImage(created.id), null);
    assert.equal(await client.deleteImage(randomUUID()), false);
  });

  test('listImages filters by properties and follows every page, newest first', async () => {
    const server = randomUUID();
    const ids: string[] = [];
    // More than a page of Glance's default 25.
    for (let i = 0; i < 27; i++) {
      const created = await client.createImage({
        name: `b${i}`,
        instance_uuid: server,
        backup_type: 'daily',
      });
      ids.push(created.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await client.createImage({ name: 'weekly', instance_uuid: server, backup_type: 'weekly' });
    const listed = await client.listImages({ instance_uuid: server, backup_type: 'daily' });
    assert.deepEqual(
      listed.map((image) => image.id),
      ids.reverse(),
    );
    const oldestFirst = await client.listImages(
      { instance_uuid: server, backup_type: 'daily' },
      { key: 'created_at', dir: 'asc' },
    );
    assert.equal(oldestFirst[0].name, 'b0');
  });

  test('a download of an unknown image throws the 404 with Glance’s message', async () => {
    const id = randomUUID();
    await assert.rejects(client.download(id), (error) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.status, 404);
      assert.match(error.detail, /could not be found|No image found/);
      return true;
    });
  });
});
