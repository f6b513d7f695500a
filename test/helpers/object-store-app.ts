import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createLogger } from '../../src/common/logging.js';
import { ALL_IN_ONE_DEVICES, ensureAllInOneRings, Ring } from '../../src/object-store/ring/index.js';
import { S3Error } from '../../src/object-store/s3/s3-error.js';
import type { PasswordAuth } from '../../src/object-store/proxy/tempauth.js';
import { buildObjectStore } from '../../src/object-store/service.js';
import { InProcessTransport } from '../../src/object-store/storage/in-process-transport.js';
import { LocalStorageNode } from '../../src/object-store/storage/local-storage-node.js';
import type { NodeAddress } from '../../src/object-store/storage/storage-protocol.js';
import { fixedCallers, PROJECTS } from './fixed-callers.js';
import { mountService } from './mount-service.js';

export interface SwiftRequest {
  /** A fixed caller ('member' by default; null for an anonymous request). */
  caller?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The account; that of project one (the member's) by default. */
  account?: string;
}

export interface S3TestRequest {
  /** Whose S3 key signs ('member' by default, 'other' for project two; null for an anonymous request). */
  caller?: 'member' | 'other' | null;
  headers?: Record<string, string>;
  /** The query, decoded (`{ acl: '' }` for a sub-resource). */
  query?: Record<string, string>;
  body?: string | Buffer;
  /** Signature V4 (default) or V2 (`Authorization: AWS access:signature`). */
  signature?: 'v4' | 'v2';
  /** Whether the client signs the mount point in the path (boto3) or in the Host, the path without it (s3cmd). */
  signedPath?: 'public' | 'below-mount';
  /** A secret other than the caller's, to sign wrongly. */
  secret?: string;
}

export interface ObjectStoreTestApp {
  app: FastifyInstance;
  dataDir: string;
  /** The storage node's devices folder (`d1`..`d3`), for tests that take a device away. */
  devicesRoot: string;
  /** The storage node, its address on the rings, the rings and the transport (for the replicators). */
  node: LocalStorageNode;
  nodeAddress: NodeAddress;
  rings: { account: Ring; container: Ring; object: Ring };
  transport: InProcessTransport;
  /** Calls `/object-store/v1/<account><path>`. */
  request(method: string, path: string, options?: SwiftRequest): Promise<LightMyRequestResponse>;
  /** Calls `/object-store<path>` (path-style S3, path percent-encoded as sent), signed with the caller's S3 key. */
  s3request(method: string, path: string, options?: S3TestRequest): Promise<LightMyRequestResponse>;
  as: ReturnType<typeof fixedCallers>['as'];
  close(): Promise<void>;
}

/** The S3 (EC2) credentials of the fixed callers, as identity would hold them. */
export const S3_KEYS = {
  member: { access: 'member-access-key', secret: 'member-secret-key' },
  other: { access: 'other-access-key', secret: 'other-secret-key' },
};

const MOUNT = '/object-store';
const HOST = 'localhost:80';

const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** RFC 3986 encoding as the AWS signing spec asks (written apart from the server's, on purpose). */
const uriEncode = (text: string, slash = true) =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-_.~]/.test(char) || (!slash && char === '/')) return char;
      return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');

/** The signing key of AWS Signature V4 for a secret and a credential scope. */
export function sigV4Key(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** `20261121T151415Z` of a time. */
export const amzDate = (at: number) => new Date(at).toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * A V4 signature over a request as the AWS spec builds it: `path` is the decoded path signed (the
 * spec encodes it once), `query` the decoded query, `headers` the signed ones (lower-case).
 */
export function signV4(
  secret: string,
  request: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    payloadHash: string;
    at: number;
  },
): { signature: string; scope: string; signedHeaders: string } {
  const date = amzDate(request.at);
  const scope = `${date.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const names = Object.keys(request.headers).sort();
  const canonical = [
    request.method,
    uriEncode(request.path, false),
    Object.keys(request.query)
      .sort()
      .map((name) => `${uriEncode(name)}=${uriEncode(request.query[name])}`)
      .join('&'),
    names.map((name) => `${name}:${request.headers[name].trim()}\n`).join(''),
    names.join(';'),
    request.payloadHash,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonical)].join('\n');
  const signature = createHmac('sha256', sigV4Key(secret, date.slice(0, 8), 'us-east-1', 's3'))
    .update(stringToSign)
    .digest('hex');
  return { signature, scope, signedHeaders: names.join(';') };
}

/** A presigned V4 URL (below the test app's host) for `path` (decoded, below the mount point). */
export function presignV4(
  method: string,
  path: string,
  options: { caller?: 'member' | 'other'; expires?: number; at?: number } = {},
): string {
  const key = S3_KEYS[options.caller ?? 'member'];
  const at = options.at ?? Date.now();
  const query: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${key.access}/${amzDate(at).slice(0, 8)}/us-east-1/s3/aws4_request`,
    'X-Amz-Date': amzDate(at),
    'X-Amz-Expires': String(options.expires ?? 3600),
    'X-Amz-SignedHeaders': 'host',
  };
  const { signature } = signV4(key.secret, {
    method,
    path: `${MOUNT}${path}`,
    query,
    headers: { host: HOST },
    payloadHash: 'UNSIGNED-PAYLOAD',
    at,
  });
  const search = Object.entries({ ...query, 'X-Amz-Signature': signature })
    .map(([name, value]) => `${name}=${uriEncode(value)}`)
    .join('&');
  return `${MOUNT}${uriEncode(path, false)}?${search}`;
}

/**
 * Keystone's `/v3/s3tokens` check in memory: the fixed keys' secrets sign the string to sign,
 * V4 (the key derived from the scope in the string's third line) or V2 (HMAC-SHA1, base64).
 */
function fakeS3Credentials(callers: ReturnType<typeof fixedCallers>) {
  return {
    async check(signed: { access: string; stringToSign: string; signature: string }) {
      const owner = Object.entries(S3_KEYS).find(([, key]) => key.access === signed.access);
      if (!owner)
        throw new S3Error(
          403,
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
        );
      const { secret } = owner[1];
      let expected: string;
      if (signed.stringToSign.startsWith('AWS4-HMAC-SHA256\n')) {
        const [date, region, service] = signed.stringToSign.split('\n')[2].split('/');
        expected = createHmac('sha256', sigV4Key(secret, date, region, service))
          .update(signed.stringToSign)
          .digest('hex');
      } else {
        expected = createHmac('sha1', secret).update(signed.stringToSign).digest('base64');
      }
      if (expected !== signed.signature)
        throw new S3Error(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided.',
        );
      return callers.validate(owner[0]);
    },
  };
}

/** The headers of a signed S3 request: V4 (`x-amz-date`, `x-amz-content-sha256`) or V2 (`date`). */
function signedHeaders(
  method: string,
  path: string,
  options: S3TestRequest,
  body: Buffer,
): Record<string, string> {
  const key = S3_KEYS[options.caller ?? 'member'];
  const secret = options.secret ?? key.secret;
  const query = options.query ?? {};
  const signed = options.signedPath === 'below-mount' ? path : `${MOUNT}${path}`;
  const at = Date.now();
  const given = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([n, v]) => [n.toLowerCase(), v]),
  );
  if (options.signature === 'v2') {
    const date = new Date(at).toUTCString();
    const amz = Object.keys(given)
      .filter((name) => name.startsWith('x-amz-'))
      .sort()
      .map((name) => `${name}:${given[name]}`);
    const sub = Object.keys(query)
      .filter((name) =>
        ['acl', 'delete', 'location', 'uploads', 'uploadId', 'partNumber', 'versioning'].includes(name),
      )
      .sort()
      .map((name) => (query[name] ? `${name}=${query[name]}` : name));
    const resource = `${signed}${sub.length ? `?${sub.join('&')}` : ''}`;
    const text = [
      method,
      given['content-md5'] ?? '',
      given['content-type'] ?? '',
      date,
      ...amz,
      resource,
    ].join('\n');
    const signature = createHmac('sha1', secret).update(text).digest('base64');
    return { ...given, date, authorization: `AWS ${key.access}:${signature}` };
  }
  const headers: Record<string, string> = {
    ...given,
    host: HOST,
    'x-amz-date': amzDate(at),
    'x-amz-content-sha256': given['x-amz-content-sha256'] ?? sha256Hex(body),
  };
  // s3cmd, with the mount point in its host_base, signs it as part of the Host rather than the path.
  const belowMount = options.signedPath === 'below-mount';
  const {
    signature,
    scope,
    signedHeaders: names,
  } = signV4(secret, {
    method,
    path: decodeURIComponent(signed),
    query,
    headers: belowMount ? { ...headers, host: `${HOST}${MOUNT}` } : headers,
    payloadHash: headers['x-amz-content-sha256'],
    at,
  });
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${key.access}/${scope}, SignedHeaders=${names}, Signature=${signature}`;
  return headers;
}

export const MEMBER_ACCOUNT = `AUTH_${PROJECTS.one}`;
export const OTHER_ACCOUNT = `AUTH_${PROJECTS.two}`;

const NODE = { ip: '127.0.0.1', port: 6200 };

/** tempauth's users: the member (`one:member`, password `secret`), whose token is the member's. */
export const MEMBER_PASSWORD = 'secret';
const MEMBER_PASSWORD_AUTH: PasswordAuth = {
  authenticate: async (project, user, password) =>
    project === 'one' && user === 'member' && password === MEMBER_PASSWORD
      ? { token: 'member', projectId: PROJECTS.one, expiresAt: new Date(Date.now() + 3_600_000) }
      : null,
};

/**
 * The Swift API over the all-in-one rings (three devices, three replicas) and a storage node in
 * a temporary folder, behind Fastify's inject, with the fixed callers of fixed-callers.ts.
 */
export async function objectStoreTestApp(): Promise<ObjectStoreTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-object-store-'));
  const { salt, paths } = await ensureAllInOneRings(dataDir, NODE);
  const devicesRoot = join(dataDir, 'devices');
  for (const device of ALL_IN_ONE_DEVICES) mkdirSync(join(devicesRoot, device), { recursive: true });
  const transport = new InProcessTransport();
  const node = new LocalStorageNode({ devicesRoot, salt, transport });
  transport.register(NODE, node);
  const rings = {
    account: new Ring(paths.account, salt),
    container: new Ring(paths.container, salt),
    object: new Ring(paths.object, salt),
  };
  const callers = fixedCallers();
  const plugin = buildObjectStore(
    { rings, transport, logger: createLogger('silent'), now: Date.now },
    {
      validator: callers,
      identityUri: 'http://stratus.test/identity/v3',
      s3Credentials: fakeS3Credentials(callers),
      passwords: MEMBER_PASSWORD_AUTH,
    },
  );
  const { app } = await mountService(plugin, '/object-store');
  return {
    app,
    dataDir,
    devicesRoot,
    node,
    nodeAddress: NODE,
    rings,
    transport,
    request: (method, path, { caller = 'member', headers = {}, body, account = MEMBER_ACCOUNT } = {}) =>
      app.inject({
        method: method as 'GET',
        url: `/object-store/v1/${account}${path}`,
        headers: { ...(caller === null ? {} : { 'x-auth-token': caller }), ...headers },
        ...(body === undefined ? {} : { payload: body }),
      }),
    s3request: (method, path, options = {}) => {
      const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(options.body);
      const headers =
        options.caller === null ? { ...options.headers } : signedHeaders(method, path, options, body);
      const search = Object.entries(options.query ?? {})
        .map(([name, value]) => (value === '' ? uriEncode(name) : `${uriEncode(name)}=${uriEncode(value)}`))
        .join('&');
      return app.inject({
        method: method as 'GET',
        url: `${MOUNT}${path}${search ? `?${search}` : ''}`,
        headers,
        ...(options.body === undefined ? {} : { payload: body }),
      });
    },
    as: (name, context) => callers.as(name, context),
    async close() {
      await app.close();
      node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
