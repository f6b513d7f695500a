import type { Readable } from 'node:stream';
import { ApiError } from '../../common/http/errors.js';
import type { IncomingHeaders } from '../proxy/headers.js';
import { SwiftError } from '../proxy/swob.js';
import type { SwiftAnswer, SwiftCall } from '../proxy/swift-call.js';
import { answerText } from '../proxy/whole-body.js';
import type { S3Context } from './s3-context.js';
import type { S3Error } from './s3-error.js';
import { s3Errors } from './s3-errors.js';
import type { S3Request } from './s3-request.js';
import { isSwiftSuccess, s3ErrorOf, type SwiftTarget } from './error-map.js';

/** One Swift call an S3 request makes on the caller's account (s3api's `get_response`). */
export interface SwiftCallSpec {
  method: string;
  /** The container; the request's bucket by default, none for the account. */
  container?: string | null;
  /** The object; none by default (bucket calls). */
  object?: string;
  query?: Record<string, string>;
  headers?: IncomingHeaders;
  body?: Readable;
  /** System metadata the call's object write stores (see SwiftCall.sysmeta). */
  sysmeta?: Record<string, string>;
  /** Errors of this call that differ from the usual mapping (BadDigest carrying the client's digest...). */
  errors?: Partial<Record<number, () => S3Error>>;
}

/**
 * The Swift pipeline's answer to a call, its errors included: the controllers throw Swift's
 * errors (`SwiftError`, and `ApiError` from shared code) that its HTTP edge renders.
 */
async function swiftAnswer(s3: S3Context, call: SwiftCall): Promise<SwiftAnswer> {
  try {
    return await s3.swift(call);
  } catch (error) {
    if (error instanceof SwiftError)
      return {
        status: error.status,
        headers: error.headers,
        ...(error.body !== undefined ? { body: error.body } : {}),
      };
    if (error instanceof ApiError)
      return { status: error.status, headers: error.headers, body: error.message };
    throw error;
  }
}

/** Drops an answer's body that nobody will read, so its stream does not hang open. */
function discard(answer: SwiftAnswer): void {
  if (answer.body !== undefined && typeof answer.body !== 'string' && !Buffer.isBuffer(answer.body))
    answer.body.destroy();
}

/**
 * Makes a Swift call through the whole Swift pipeline as the request's caller, on its account,
 * and answers Swift's answer when it is a success for that kind of call; otherwise throws the
 * S3 error s3api maps it to. A read of a missing object is NoSuchKey when the bucket is there and
 * NoSuchBucket when it is not, as s3api tells them apart.
 */
export async function callSwift(
  s3: S3Context,
  request: S3Request,
  spec: SwiftCallSpec,
): Promise<SwiftAnswer> {
  const container = spec.container === null ? undefined : (spec.container ?? request.bucket);
  const call: SwiftCall = {
    method: spec.method,
    path: {
      version: 'v1',
      account: request.account,
      ...(container !== undefined ? { container } : {}),
      ...(spec.object !== undefined ? { object: spec.object } : {}),
    },
    query: spec.query ?? {},
    headers: spec.headers ?? {},
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.sysmeta ? { sysmeta: spec.sysmeta } : {}),
    caller: request.caller,
    transId: request.transId,
    scriptName: s3.scriptName,
    now: request.now,
  };
  const answer = await swiftAnswer(s3, call);
  const target: SwiftTarget = {
    method: spec.method,
    container,
    object: spec.object,
    signed: request.caller !== null,
  };
  if (isSwiftSuccess(answer.status, target)) return answer;
  const special = spec.errors?.[answer.status];
  if (special) {
    discard(answer);
    throw special();
  }
  if (
    answer.status === 404 &&
    spec.object !== undefined &&
    spec.method !== 'PUT' &&
    spec.method !== 'DELETE'
  ) {
    discard(answer);
    const bucket = await swiftAnswer(s3, {
      ...call,
      method: 'HEAD',
      path: { ...call.path, object: undefined },
      body: undefined,
    });
    discard(bucket);
    throw bucket.status >= 200 && bucket.status < 300
      ? s3Errors.noSuchKey(spec.object)
      : s3Errors.noSuchBucket(container ?? '');
  }
  if (answer.status === 400) throw s3ErrorOf(400, target, (await answerText(answer)).trim());
  discard(answer);
  throw s3ErrorOf(answer.status, target, '');
}
