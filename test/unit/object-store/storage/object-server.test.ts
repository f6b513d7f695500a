import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { hashPath, storageDirectory } from '../../../../src/object-store/storage/hash-path.js';
import { bodyOf, failingBody, nextTimestamp, request, SALT, storageNode } from './storage-fixtures.js';

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

describe('object server', () => {
  let fixture: Awaited<ReturnType<typeof storageNode>>;
  let now = 1_800_000_000;
  before(async () => {
    fixture = await storageNode({ now: () => now });
  });
  after(() => fixture.dispose());

  const put = (name: string, body: Buffer | Readable, headers: Record<string, string> = {}) =>
    fixture.node.handle(
      request('PUT', `d1/3/AUTH_a/c/${name}`, { 'content-type': 'text/plain', ...headers }, { body }),
    );
  const get = (name: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    fixture.node.handle(request(method, `d1/3/AUTH_a/c/${name}`, headers));
  const folderOf = (name: string) =>
    storageDirectory(join(fixture.root, 'd1'), 'objects', 3, hashPath(SALT, 'AUTH_a', 'c', name));

  test('a PUT is answered 201 with its ETag, and a GET gives back the bytes, metadata and timestamps', async () => {
    const timestamp = nextTimestamp();
    const data = Buffer.from('hello world');
    const created = await put('greeting', data, {
      'x-timestamp': timestamp.internal,
      'content-length': String(data.length),
      etag: md5(data),
      'x-object-meta-color': 'blue',
      'x-object-sysmeta-slo-etag': 'abc',
      'content-disposition': 'inline',
      'x-object-meta-ünïcode': 'välue',
    });
    assert.equal(created.status, 201);
    assert.equal(created.headers.etag, `"${md5(data)}"`);

    const got = await get('greeting');
    assert.equal(got.status, 200);
    assert.deepEqual(await bodyOf(got), data);
    assert.equal(got.headers['content-length'], '11');
    assert.equal(got.headers['content-type'], 'text/plain');
    assert.equal(got.headers.etag, `"${md5(data)}"`);
    assert.equal(got.headers['x-timestamp'], timestamp.normal);
    assert.equal(got.headers['x-backend-timestamp'], timestamp.internal);
    assert.equal(got.headers['last-modified'], new Date(Math.ceil(timestamp.seconds) * 1000).toUTCString());
    assert.equal(got.headers['x-object-meta-color'], 'blue');
    assert.equal(got.headers['x-object-meta-ünïcode'], 'välue');
    assert.equal(got.headers['x-object-sysmeta-slo-etag'], 'abc');
    assert.equal(got.headers['content-disposition'], 'inline');

    const head = await get('greeting', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '11');
    assert.equal((await bodyOf(head)).length, 0);
  });

  test('writes need X-Timestamp, a Content-Type and a length; a wrong ETag is 422 and stores nothing', async () => {
    const missing = await put('x', Buffer.from('a'), {});
    assert.equal(missing.status, 400);
    assert.match((await bodyOf(missing)).toString(), /Missing X-Timestamp/);
    const noType = await fixture.node.handle(
      request(
        'PUT',
        'd1/3/AUTH_a/c/x',
        { 'x-timestamp': nextTimestamp().internal },
        { body: Buffer.from('a') },
      ),
    );
    assert.equal(noType.status, 400);
    const noLength = await fixture.node.handle(
      request('PUT', 'd1/3/AUTH_a/c/x', { 'x-timestamp': nextTimestamp().internal, 'content-type': 'a/b' }),
    );
    assert.equal(noLength.status, 411);
    const wrong = await put('x', Buffer.from('abc'), {
      'x-timestamp': nextTimestamp().internal,
      etag: md5('abd'),
    });
    assert.equal(wrong.status, 422);
    assert.equal((await get('x')).status, 404);
    const short = await put('x', Buffer.from('abc'), {
      'x-timestamp': nextTimestamp().internal,
      'content-length': '5',
    });
    assert.equal(short.status, 499);
    assert.equal((await get('x')).status, 404);
  });

  test('newer timestamps win whatever order writes arrive in, and an older one is 409', async () => {
    const [t1, t2, t3, t4] = [nextTimestamp(), nextTimestamp(), nextTimestamp(), nextTimestamp()];
    assert.equal((await put('race', Buffer.from('two'), { 'x-timestamp': t2.internal })).status, 201);
    const late = await put('race', Buffer.from('one'), { 'x-timestamp': t1.internal });
    assert.equal(late.status, 409);
    assert.equal(late.headers['x-backend-timestamp'], t2.internal);
    assert.equal((await bodyOf(await get('race'))).toString(), 'two');

    const deleted = await fixture.node.handle(
      request('DELETE', 'd1/3/AUTH_a/c/race', { 'x-timestamp': t4.internal }),
    );
    assert.equal(deleted.status, 204);
    assert.equal((await put('race', Buffer.from('three'), { 'x-timestamp': t3.internal })).status, 409);
    const gone = await get('race');
    assert.equal(gone.status, 404);
    assert.equal(gone.headers['x-backend-timestamp'], t4.internal);

    const olderDelete = await fixture.node.handle(
      request('DELETE', 'd1/3/AUTH_a/c/race', { 'x-timestamp': t3.internal }),
    );
    assert.equal(olderDelete.status, 404);
    assert.equal(olderDelete.headers['x-backend-timestamp'], t4.internal);
    const newer = nextTimestamp();
    assert.equal((await put('race', Buffer.from('four'), { 'x-timestamp': newer.internal })).status, 201);
    assert.equal((await bodyOf(await get('race'))).toString(), 'four');
    assert.deepEqual(await readdir(folderOf('race')), [`${newer.internal}.data`]);
  });

  test('a body stream that fails halfway leaves no partial object and no stray file', async () => {
    const first = nextTimestamp();
    await put('durable', Buffer.from('old version'), { 'x-timestamp': first.internal });
    const big = randomBytes(3 * 1024 * 1024);
    const broken = await put('durable', failingBody(big), {
      'x-timestamp': nextTimestamp().internal,
      'content-length': String(big.length * 2),
    });
    assert.equal(broken.status, 499);
    assert.equal((await bodyOf(await get('durable'))).toString(), 'old version');
    assert.deepEqual(await readdir(folderOf('durable')), [`${first.internal}.data`]);
    assert.deepEqual(await readdir(join(fixture.root, 'd1', 'tmp')), []);

    const fresh = await put('never-written', failingBody(Buffer.alloc(1000)), {
      'x-timestamp': nextTimestamp().internal,
    });
    assert.equal(fresh.status, 499);
    assert.equal((await get('never-written')).status, 404);
    assert.deepEqual(await readdir(join(fixture.root, 'd1', 'tmp')), []);
  });

  test('a streamed body without Content-Length is stored whole, large ones streamed back', async () => {
    const data = randomBytes(5 * 1024 * 1024 + 17);
    const chunks = Readable.from([
      data.subarray(0, 1000),
      data.subarray(1000, 3_000_000),
      data.subarray(3_000_000),
    ]);
    const created = await put('large', chunks, { 'x-timestamp': nextTimestamp().internal });
    assert.equal(created.status, 201);
    assert.equal(created.headers.etag, `"${md5(data)}"`);
    const got = await get('large');
    assert.ok(got.body instanceof Readable, 'a large object is streamed');
    assert.deepEqual(await bodyOf(got), data);
    const ranged = await get('large', { range: 'bytes=5000000-5000009' });
    assert.equal(ranged.status, 206);
    assert.deepEqual(await bodyOf(ranged), data.subarray(5_000_000, 5_000_010));
  });

  test('ranges: single, suffix, multiple as multipart/byteranges, unsatisfiable 416, invalid ignored', async () => {
    const data = Buffer.from('0123456789abcdefghij');
    await put('ranged', data, { 'x-timestamp': nextTimestamp().internal, 'content-type': 'text/x-digits' });
    const single = await get('ranged', { range: 'bytes=2-5' });
    assert.equal(single.status, 206);
    assert.equal(single.headers['content-range'], 'bytes 2-5/20');
    assert.equal((await bodyOf(single)).toString(), '2345');
    const suffix = await get('ranged', { range: 'bytes=-3' });
    assert.equal((await bodyOf(suffix)).toString(), 'hij');
    const open = await get('ranged', { range: 'bytes=18-' });
    assert.equal((await bodyOf(open)).toString(), 'ij');

    const multi = await get('ranged', { range: 'bytes=0-1,10-12' });
    assert.equal(multi.status, 206);
    const boundary = /^multipart\/byteranges;boundary=(\w+)$/.exec(multi.headers['content-type'])![1];
    const body = (await bodyOf(multi)).toString();
    assert.equal(Number(multi.headers['content-length']), Buffer.byteLength(body));
    assert.equal(
      body,
      `--${boundary}\r\nContent-Type: text/x-digits\r\nContent-Range: bytes 0-1/20\r\n\r\n01\r\n` +
        `--${boundary}\r\nContent-Type: text/x-digits\r\nContent-Range: bytes 10-12/20\r\n\r\nabc\r\n--${boundary}--`,
    );

    const unsatisfiable = await get('ranged', { range: 'bytes=30-40' });
    assert.equal(unsatisfiable.status, 416);
    assert.equal(unsatisfiable.headers['content-range'], 'bytes */20');
    const invalid = await get('ranged', { range: 'bytes=5-2' });
    assert.equal(invalid.status, 200);
    assert.equal((await bodyOf(invalid)).length, 20);
  });

  test('conditional GETs as swob judges them', async () => {
    const timestamp = nextTimestamp();
    const data = Buffer.from('conditional');
    await put('cond', data, { 'x-timestamp': timestamp.internal });
    const etag = md5(data);
    const lastModified = new Date(Math.ceil(timestamp.seconds) * 1000);
    const status = async (headers: Record<string, string>) => (await get('cond', headers)).status;
    assert.equal(await status({ 'if-match': `"${etag}"` }), 200);
    assert.equal(await status({ 'if-match': '"other"' }), 412);
    assert.equal(await status({ 'if-match': '*' }), 200);
    assert.equal(await status({ 'if-none-match': etag }), 304);
    assert.equal(await status({ 'if-none-match': '"other", "more"' }), 200);
    assert.equal(await status({ 'if-modified-since': lastModified.toUTCString() }), 304);
    assert.equal(
      await status({ 'if-modified-since': new Date(lastModified.getTime() - 2000).toUTCString() }),
      200,
    );
    assert.equal(
      await status({ 'if-unmodified-since': new Date(lastModified.getTime() - 2000).toUTCString() }),
      412,
    );
    assert.equal(await status({ 'if-unmodified-since': lastModified.toUTCString() }), 200);
    const missing = await get('no-such', { 'if-match': '*' });
    assert.equal(missing.status, 412);
    const notModified = await get('cond', { 'if-none-match': etag });
    assert.equal(notModified.headers.etag, `"${etag}"`);
    assert.equal((await bodyOf(notModified)).length, 0);

    const ifNoneMatchPut = await put('cond', data, {
      'x-timestamp': nextTimestamp().internal,
      'if-none-match': '*',
    });
    assert.equal(ifNoneMatchPut.status, 412);
  });

  test('a POST replaces the user metadata in a .meta, keeps sysmeta, and may change the content type', async () => {
    const created = nextTimestamp();
    await put('posted', Buffer.from('x'), {
      'x-timestamp': created.internal,
      'x-object-meta-old': '1',
      'x-object-sysmeta-keep': 'yes',
    });
    const posted = nextTimestamp();
    const answer = await fixture.node.handle(
      request('POST', 'd1/3/AUTH_a/c/posted', {
        'x-timestamp': posted.internal,
        'x-object-meta-new': '2',
        'content-type': 'application/new',
      }),
    );
    assert.equal(answer.status, 202);
    assert.equal(answer.headers['x-object-sysmeta-keep'], 'yes');
    const got = await get('posted');
    assert.equal(got.headers['x-object-meta-new'], '2');
    assert.equal(got.headers['x-object-meta-old'], undefined);
    assert.equal(got.headers['x-object-sysmeta-keep'], 'yes');
    assert.equal(got.headers['content-type'], 'application/new');
    assert.equal(got.headers['x-timestamp'], posted.normal);
    assert.equal(got.headers['x-backend-data-timestamp'], created.internal);
    assert.deepEqual((await readdir(folderOf('posted'))).sort(), [
      `${created.internal}.data`,
      `${posted.internal}.meta`,
    ]);

    const again = nextTimestamp();
    await fixture.node.handle(request('POST', 'd1/3/AUTH_a/c/posted', { 'x-timestamp': again.internal }));
    const after = await get('posted');
    assert.equal(after.headers['content-type'], 'application/new', 'an earlier POST’s content type is kept');
    assert.equal(after.headers['x-object-meta-new'], undefined);
    assert.deepEqual((await readdir(folderOf('posted'))).sort(), [
      `${created.internal}.data`,
      `${again.internal}.meta`,
    ]);
    const stale = await fixture.node.handle(
      request('POST', 'd1/3/AUTH_a/c/posted', { 'x-timestamp': posted.internal }),
    );
    assert.equal(stale.status, 409);
    const missing = await fixture.node.handle(
      request('POST', 'd1/3/AUTH_a/c/nothing', { 'x-timestamp': again.internal }),
    );
    assert.equal(missing.status, 404);
  });

  test('X-Delete-At: past on a PUT is 400; once passed the object is 404; X-If-Delete-At guards the delete', async () => {
    const past = await put('expiring', Buffer.from('x'), {
      'x-timestamp': nextTimestamp().internal,
      'x-delete-at': '1000',
    });
    assert.equal(past.status, 400);
    const deleteAt = String(now + 100);
    await put('expiring', Buffer.from('x'), {
      'x-timestamp': nextTimestamp().internal,
      'x-delete-at': deleteAt,
    });
    assert.equal((await get('expiring')).headers['x-delete-at'], deleteAt);
    const wrongGuard = await fixture.node.handle(
      request('DELETE', 'd1/3/AUTH_a/c/expiring', {
        'x-timestamp': nextTimestamp().internal,
        'x-if-delete-at': '5',
      }),
    );
    assert.equal(wrongGuard.status, 412);
    now += 200;
    assert.equal((await get('expiring')).status, 404);
    assert.equal((await get('expiring', { 'x-backend-open-expired': 'true' })).status, 200);
    const reaped = await fixture.node.handle(
      request('DELETE', 'd1/3/AUTH_a/c/expiring', {
        'x-timestamp': nextTimestamp().internal,
        'x-if-delete-at': deleteAt,
      }),
    );
    assert.equal(reaped.status, 204);
    assert.equal((await get('expiring', { 'x-backend-open-expired': 'true' })).status, 404);
  });

  test('an unknown device is 507 and an unknown method 405', async () => {
    const missing = await fixture.node.handle(request('GET', 'd9/3/AUTH_a/c/o'));
    assert.equal(missing.status, 507);
    const unknown = await fixture.node.handle(request('COPY' as 'GET', 'd1/3/AUTH_a/c/o'));
    assert.equal(unknown.status, 405);
    // REPLICATE is the replicator's: a path that names no suffix and object hash is refused.
    const replicate = await fixture.node.handle(request('REPLICATE', 'd1/3/AUTH_a/c/o'));
    assert.equal(replicate.status, 400);
  });
});
