import { Readable } from 'node:stream';
import { createLogger } from '../../../../src/common/logging.js';
import { multipartAnswer } from '../../../../src/object-store/s3/multipart/multipart-api.js';
import type { S3Context } from '../../../../src/object-store/s3/s3-context.js';
import type { S3Request } from '../../../../src/object-store/s3/s3-request.js';
import type { SwiftAnswer, SwiftCall } from '../../../../src/object-store/proxy/swift-call.js';
import { contextFor } from '../../../helpers/fixed-callers.js';
import {
  MEMBER_ACCOUNT,
  objectStoreTestApp,
  type ObjectStoreTestApp,
} from '../../../helpers/object-store-app.js';

export interface MultipartWorld {
  swift: ObjectStoreTestApp;
  /** Answers one S3 request of the member (or of nobody, with `anonymous`) through multipartAnswer. */
  s3(
    method: string,
    path: { bucket: string; key?: string },
    options?: {
      query?: Record<string, string>;
      headers?: Record<string, string>;
      body?: Buffer | string;
      anonymous?: boolean;
    },
  ): Promise<SwiftAnswer & { text: string }>;
  close(): Promise<void>;
}

const encodePath = (call: SwiftCall) =>
  [call.path.container, ...(call.path.object?.split('/') ?? [])]
    .filter((part) => part !== undefined)
    .map((part) => encodeURIComponent(part!))
    .join('/');

async function bytesOf(body: Readable | undefined): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The Swift API of the object-store test app, and multipartAnswer on top of it: its Swift calls
 * go through the whole pipeline (SLO included) as the member, over Fastify's inject.
 */
export async function multipartWorld(): Promise<MultipartWorld> {
  const swift = await objectStoreTestApp();
  const context: S3Context = {
    scriptName: '/object-store',
    logger: createLogger('silent'),
    credentials: { check: () => Promise.reject(new Error('requests here are not signed')) },
    async swift(call) {
      const payload = await bytesOf(call.body);
      const headers = Object.fromEntries(
        Object.entries(call.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(',') : (value ?? ''),
        ]),
      );
      const answer = await swift.app.inject({
        method: call.method as 'GET',
        url: `/object-store/v1/${call.path.account}/${encodePath(call)}`,
        query: call.query,
        headers: { ...headers, ...(call.caller ? { 'x-auth-token': 'member' } : {}) },
        ...(payload ? { payload } : {}),
      });
      return {
        status: answer.statusCode,
        headers: answer.headers as Record<string, string>,
        body: answer.rawPayload,
      };
    },
  };
  return {
    swift,
    async s3(method, path, { query = {}, headers = {}, body, anonymous = false } = {}) {
      const data = body === undefined ? undefined : Buffer.from(body);
      const request: S3Request = {
        method,
        ...path,
        query,
        headers: { host: 's3.test', ...(data ? { 'content-length': String(data.length) } : {}), ...headers },
        ...(data ? { body: Readable.from([data]) } : {}),
        caller: anonymous ? null : contextFor({}),
        account: MEMBER_ACCOUNT,
        transId: 'tx-multipart-test',
        now: Date.now(),
      };
      const answer = await multipartAnswer(context, request);
      const text =
        answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : String(answer.body);
      return { ...answer, text };
    },
    close: () => swift.close(),
  };
}
