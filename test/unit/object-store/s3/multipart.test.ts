import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { S3Error } from '../../../../src/object-store/s3/s3-error.js';
import { multipartWorld, type MultipartWorld } from './multipart-world.js';

const MIB = 1024 * 1024;
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const elements = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((match) => match[1]);
const completion = (parts: [number, string][]) =>
  `<CompleteMultipartUpload>${parts
    .map(([number, etag]) => `<Part><PartNumber>${number}</PartNumber><ETag>"${etag}"</ETag></Part>`)
    .join('')}</CompleteMultipartUpload>`;

describe('S3 multipart uploads', () => {
  let world: MultipartWorld;
  const bucket = 'photos';
  before(async () => {
    world = await multipartWorld();
    assert.equal((await world.swift.request('PUT', `/${bucket}`)).statusCode, 201);
  });
  after(() => world.close());

  const initiate = async (key: string, headers: Record<string, string> = {}) => {
    const answer = await world.s3('POST', { bucket, key }, { query: { uploads: '' }, headers });
    assert.equal(answer.status, 200);
    return element(answer.text, 'UploadId')!;
  };
  const putPart = async (key: string, uploadId: string, partNumber: number, data: Buffer) => {
    const answer = await world.s3(
      'PUT',
      { bucket, key },
      { query: { partNumber: String(partNumber), uploadId }, body: data },
    );
    assert.equal(answer.status, 200);
    return answer.headers.etag!;
  };
  const s3Code = (code: string) => (error: unknown) => error instanceof S3Error && error.code === code;

  test('initiate, upload parts, list them, complete: the object is the parts joined', async () => {
    const key = 'albums/2026/big.bin';
    const uploadId = await initiate(key, { 'content-type': 'image/png', 'x-amz-meta-camera': 'pinhole' });
    assert.match(uploadId, /^[A-Za-z0-9_-]{48}$/);

    const listed = await world.s3('GET', { bucket }, { query: { uploads: '' } });
    assert.deepEqual(elements(listed.text, 'Key'), [key]);
    assert.deepEqual(elements(listed.text, 'UploadId'), [uploadId]);

    const first = Buffer.alloc(5 * MIB, 'a');
    const second = Buffer.from('the end');
    // Parts may come in any order.
    assert.equal(await putPart(key, uploadId, 2, second), `"${md5(second)}"`);
    assert.equal(await putPart(key, uploadId, 1, first), `"${md5(first)}"`);

    const parts = await world.s3('GET', { bucket, key }, { query: { uploadId } });
    assert.deepEqual(elements(parts.text, 'PartNumber'), ['1', '2']);
    assert.deepEqual(elements(parts.text, 'Size'), [String(first.length), String(second.length)]);
    assert.deepEqual(
      elements(parts.text, 'ETag'),
      [`"${md5(first)}"`, `"${md5(second)}"`].map((e) => e.replaceAll('"', '&quot;')),
    );

    const done = await world.s3(
      'POST',
      { bucket, key },
      {
        query: { uploadId },
        body: completion([
          [1, md5(first)],
          [2, md5(second)],
        ]),
      },
    );
    assert.equal(done.status, 200, done.text);
    const binary = Buffer.concat([Buffer.from(md5(first), 'hex'), Buffer.from(md5(second), 'hex')]);
    assert.equal(element(done.text, 'ETag'), `&quot;${md5(binary)}-2&quot;`);
    assert.equal(element(done.text, 'Location'), `http://s3.test/object-store/${bucket}/albums/2026/big.bin`);

    const object = await world.swift.request('GET', `/${bucket}/${key}`);
    assert.equal(object.statusCode, 200);
    assert.ok(object.rawPayload.equals(Buffer.concat([first, second])));
    assert.equal(object.headers['content-type'], 'image/png');
    assert.equal(object.headers['x-object-meta-camera'], 'pinhole');
    assert.equal(object.headers['x-static-large-object'], 'True');

    const after = await world.s3('GET', { bucket }, { query: { uploads: '' } });
    assert.deepEqual(elements(after.text, 'UploadId'), []);
  });

  test('completing checks part order, ETags and the 5 MiB minimum of all but the last part', async () => {
    const key = 'checked';
    const uploadId = await initiate(key);
    const small = Buffer.from('small');
    const etag = md5(small);
    await putPart(key, uploadId, 1, small);
    await putPart(key, uploadId, 2, small);
    const complete = (body: string) => world.s3('POST', { bucket, key }, { query: { uploadId }, body });

    await assert.rejects(
      complete(
        completion([
          [2, etag],
          [1, etag],
        ]),
      ),
      s3Code('InvalidPartOrder'),
    );
    await assert.rejects(complete(completion([[1, md5(Buffer.from('other'))]])), s3Code('InvalidPart'));
    await assert.rejects(complete(completion([[3, etag]])), s3Code('InvalidPart'));
    await assert.rejects(
      complete(
        completion([
          [1, etag],
          [2, etag],
        ]),
      ),
      (error: unknown) => {
        assert.ok(error instanceof S3Error);
        assert.equal(error.code, 'EntityTooSmall');
        assert.equal(error.status, 400);
        return true;
      },
    );
    await assert.rejects(complete('<CompleteMultipartUpload/>'), s3Code('MalformedXML'));
    await assert.rejects(complete('not xml <'), s3Code('MalformedXML'));

    // A single small part is a whole object.
    const done = await complete(completion([[2, etag]]));
    assert.equal(done.status, 200);
    const object = await world.swift.request('GET', `/${bucket}/${key}`);
    assert.equal(object.body, 'small');
    // Part 1, left out, went with the upload.
    const segments = await world.swift.request('GET', `/${bucket}+segments?format=json&prefix=${key}/`);
    assert.deepEqual(
      segments.json().map((entry: { name: string }) => entry.name),
      [`${key}/${uploadId}/2`],
    );
  });

  test('abort removes the parts; the upload is then NoSuchUpload', async () => {
    const key = 'aborted';
    const uploadId = await initiate(key);
    await putPart(key, uploadId, 1, Buffer.from('data'));
    const aborted = await world.s3('DELETE', { bucket, key }, { query: { uploadId } });
    assert.equal(aborted.status, 204);
    const segments = await world.swift.request('GET', `/${bucket}+segments?format=json&prefix=${key}/`);
    assert.deepEqual(segments.json(), []);
    await assert.rejects(world.s3('GET', { bucket, key }, { query: { uploadId } }), (error: unknown) => {
      assert.ok(error instanceof S3Error);
      assert.deepEqual(
        [error.status, error.code, error.extra],
        [404, 'NoSuchUpload', { UploadId: uploadId }],
      );
      return true;
    });
    await assert.rejects(
      world.s3('PUT', { bucket, key }, { query: { partNumber: '1', uploadId: 'unknown' }, body: 'x' }),
      s3Code('NoSuchUpload'),
    );
  });

  test('UploadPartCopy makes a part of an existing object', async () => {
    const source = Buffer.from('copied bytes');
    assert.equal(
      (await world.swift.request('PUT', `/${bucket}/source.txt`, { body: source })).statusCode,
      201,
    );
    const uploadId = await initiate('copy');
    const copied = await world.s3(
      'PUT',
      { bucket, key: 'copy' },
      { query: { partNumber: '1', uploadId }, headers: { 'x-amz-copy-source': `/${bucket}/source.txt` } },
    );
    assert.equal(copied.status, 200);
    assert.equal(element(copied.text, 'ETag'), `&quot;${md5(source)}&quot;`);
    await world.s3(
      'POST',
      { bucket, key: 'copy' },
      { query: { uploadId }, body: completion([[1, md5(source)]]) },
    );
    assert.equal((await world.swift.request('GET', `/${bucket}/copy`)).body, 'copied bytes');
  });

  test('bad requests get their S3 errors', async () => {
    const uploadId = await initiate('numbers');
    for (const partNumber of ['0', '10001', 'one']) {
      await assert.rejects(
        world.s3('PUT', { bucket, key: 'numbers' }, { query: { partNumber, uploadId }, body: 'x' }),
        s3Code('InvalidArgument'),
      );
    }
    await assert.rejects(
      world.s3('POST', { bucket, key: 'k' }, { query: { uploads: '' }, anonymous: true }),
      s3Code('AccessDenied'),
    );
    await assert.rejects(
      world.s3('POST', { bucket: 'nowhere', key: 'k' }, { query: { uploads: '' } }),
      s3Code('NoSuchBucket'),
    );
    await assert.rejects(
      world.s3('PUT', { bucket, key: 'k' }, { query: { uploads: '' } }),
      s3Code('MethodNotAllowed'),
    );
  });

  test('ListMultipartUploads filters by prefix and rolls keys up at the delimiter', async () => {
    const other = 'listing';
    assert.equal((await world.swift.request('PUT', `/${other}`)).statusCode, 201);
    const start = (key: string) => world.s3('POST', { bucket: other, key }, { query: { uploads: '' } });
    for (const key of ['a/one', 'a/two', 'b', 'c/deep/three']) await start(key);
    const list = (query: Record<string, string>) =>
      world.s3('GET', { bucket: other }, { query: { uploads: '', ...query } });

    const rolled = await list({ delimiter: '/' });
    assert.deepEqual(elements(rolled.text, 'Key'), ['b']);
    assert.deepEqual(elements(rolled.text, 'Prefix'), ['a/', 'c/']);
    const prefixed = await list({ prefix: 'a/' });
    assert.deepEqual(elements(prefixed.text, 'Key'), ['a/one', 'a/two']);
    const paged = await list({ 'max-uploads': '1', 'key-marker': 'a/one' });
    assert.deepEqual(elements(paged.text, 'Key'), ['a/two']);
    assert.equal(element(paged.text, 'IsTruncated'), 'true');
  });
});
