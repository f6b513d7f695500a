import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  MEMBER_ACCOUNT,
  objectStoreTestApp,
  type ObjectStoreTestApp,
} from '../../../../helpers/object-store-app.js';

const KEY = 'form-key';
const BOUNDARY = '--boundary--';

interface FormOptions {
  expires?: number;
  key?: string;
  redirect?: string;
  maxFileCount?: number;
  files?: [string, string][];
  digest?: string;
}

/** A form as a browser posts it, signed over `/object-store/v1/<account>/uploads/<prefix>`. */
function form(prefix: string, options: FormOptions = {}): { body: string; contentType: string } {
  const expires = options.expires ?? Math.floor(Date.now() / 1000) + 600;
  const redirect = options.redirect ?? '';
  const maxFileSize = '1024';
  const maxFileCount = String(options.maxFileCount ?? 10);
  const path = `/object-store/v1/${MEMBER_ACCOUNT}/uploads/${prefix}`;
  const signature = createHmac(options.digest ?? 'sha1', options.key ?? KEY)
    .update(`${path}\n${redirect}\n${maxFileSize}\n${maxFileCount}\n${expires}`)
    .digest('hex');
  const fields = {
    redirect,
    max_file_size: maxFileSize,
    max_file_count: maxFileCount,
    expires: String(expires),
    signature,
  };
  const lines: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    lines.push(`--${BOUNDARY}`, `Content-Disposition: form-data; name="${name}"`, '', value);
  }
  for (const [filename, data] of options.files ?? [['a.txt', 'hello world']]) {
    lines.push(
      `--${BOUNDARY}`,
      `Content-Disposition: form-data; name="file"; filename="${filename}"`,
      'Content-Type: text/plain',
      '',
      data,
    );
  }
  lines.push(`--${BOUNDARY}--`, '');
  return { body: lines.join('\r\n'), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

describe('formpost middleware', () => {
  let swift: ObjectStoreTestApp;
  const post = (prefix: string, { body, contentType }: { body: string; contentType: string }) =>
    swift.request('POST', `/uploads/${prefix}`, {
      caller: null,
      body,
      headers: { 'content-type': contentType },
    });

  before(async () => {
    swift = await objectStoreTestApp();
    await swift.request('POST', '', { headers: { 'x-account-meta-temp-url-key': KEY } });
    await swift.request('PUT', '/uploads');
  });
  after(() => swift.close());

  it('stores each file of a signed form below the path posted to, without a token', async () => {
    const response = await post(
      'in-',
      form('in-', {
        files: [
          ['a.txt', 'hello world'],
          ['b.txt', 'bye'],
        ],
      }),
    );
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.body, '201 Created');
    const stored = await swift.request('GET', '/uploads/in-a.txt');
    assert.equal(stored.body, 'hello world');
    assert.equal(stored.headers['content-type'], 'text/plain');
    assert.equal((await swift.request('GET', '/uploads/in-b.txt')).body, 'bye');
  });

  it('takes sha256 signatures too', async () => {
    const response = await post('sha256-', form('sha256-', { digest: 'sha256' }));
    assert.equal(response.statusCode, 201, response.body);
  });

  it('sends the browser to the redirect with the status, when the form names one', async () => {
    const response = await post('r-', form('r-', { redirect: 'https://example.test/done' }));
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, 'https://example.test/done?status=201&message=');
  });

  it('refuses an expired form and a wrong signature with 401 and the reason', async () => {
    const expired = await post('x-', form('x-', { expires: Math.floor(Date.now() / 1000) - 1 }));
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.body, 'FormPost: Form Expired');
    const forged = await post('x-', form('x-', { key: 'wrong' }));
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.body, 'FormPost: Invalid Signature');
    assert.equal((await swift.request('HEAD', '/uploads/x-a.txt')).statusCode, 404);
  });

  it('stops at max_file_count, and refuses a body that does not start with its boundary', async () => {
    const many = await post(
      'm-',
      form('m-', {
        maxFileCount: 1,
        files: [
          ['1', 'a'],
          ['2', 'b'],
        ],
      }),
    );
    assert.equal(many.statusCode, 400);
    assert.equal(many.body, '400 Bad Request\r\nFormPost: Max File Count Exceeded');
    assert.equal((await swift.request('GET', '/uploads/m-1')).body, 'a');
    const garbled = await post('g-', {
      body: 'nonsense',
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    });
    assert.equal(garbled.statusCode, 400);
    assert.equal(garbled.body, 'FormPost: invalid starting boundary');
  });
});
