import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { SwiftAnswer } from '../proxy/swift-call.js';
import { newTransId } from '../proxy/trans-id.js';
import { authenticate } from './auth/authenticate.js';
import { payloadHashCheck } from './auth/payload-hash-check.js';
import { checkRequestHeaders } from './request-checks.js';
import type { S3Context } from './s3-context.js';
import { S3Error } from './s3-error.js';
import { s3Errors } from './s3-errors.js';
import { parseS3Path } from './s3-path.js';
import type { S3Request } from './s3-request.js';
import { routeS3 } from './s3-router.js';
import { s3Xml } from './s3-xml.js';

/** The decoded query of a raw URL; a name without `=` (a sub-resource such as `?acl`) has an empty value. */
function queryOf(url: string): Record<string, string> {
  const at = url.indexOf('?');
  const query: Record<string, string> = {};
  if (at < 0) return query;
  for (const [name, value] of new URLSearchParams(url.slice(at + 1))) query[name] ??= value;
  return query;
}

/** S3's XML error answer (s3api's `ErrorResponse`): Code, Message, RequestId, then the error's own elements. */
function errorAnswer(error: S3Error, transId: string): SwiftAnswer {
  return {
    status: error.status,
    headers: { 'content-type': 'application/xml' },
    body: s3Xml(
      'Error',
      { Code: error.code, Message: error.message, RequestId: transId, ...error.extra },
      false,
    ),
  };
}

/**
 * Answers one S3 request (a path under the object store's mount point outside `/v1` and
 * `/info`) as Swift's s3api does: the path-style bucket and key are parsed, the signature (V4 or
 * V2, header or presigned) checked by the credential check, the request routed to the handler
 * that maps it to Swift calls on the signer's account, and errors rendered as S3 XML. Every
 * answer carries the transaction id as `x-amz-request-id` and `x-amz-id-2`.
 */
export async function s3Answer(s3: S3Context, request: FastifyRequest): Promise<SwiftAnswer> {
  const now = Date.now();
  const transId = request.swiftTransId || newTransId(now);
  let hashCheck: ReturnType<typeof payloadHashCheck> | undefined;
  let answer: SwiftAnswer;
  try {
    // Empty when the mount point itself is asked for (`/object-store`, ListBuckets).
    const rawPath = request.url.split('?')[0].slice(s3.scriptName.length);
    const query = queryOf(request.url);
    const path = parseS3Path(rawPath || '/');
    checkRequestHeaders(request.method, request.headers);
    const { caller, payloadHash } = await authenticate(s3.credentials, {
      method: request.method,
      rawPath,
      scriptName: s3.scriptName,
      query,
      headers: request.headers,
      now,
    });
    let body = request.body instanceof Readable ? request.body : undefined;
    if (body && payloadHash && /^[0-9a-fA-F]{64}$/.test(payloadHash)) {
      hashCheck = payloadHashCheck(body, payloadHash);
      body = hashCheck.body;
    }
    const account = path.account ?? (caller?.projectId ? `AUTH_${caller.projectId}` : undefined);
    if (!account) throw s3Errors.accessDenied();
    const s3Request: S3Request = {
      method: request.method,
      ...(path.bucket !== undefined ? { bucket: path.bucket } : {}),
      ...(path.key !== undefined ? { key: path.key } : {}),
      query,
      headers: request.headers,
      ...(body ? { body } : {}),
      caller,
      account,
      transId,
      now,
    };
    answer = await routeS3(s3Request)(s3, s3Request);
  } catch (error) {
    const reported = hashCheck?.mismatch ?? error;
    if (!(reported instanceof S3Error)) s3.logger.error({ err: error }, 'S3 API error');
    answer = errorAnswer(reported instanceof S3Error ? reported : s3Errors.internalError(), transId);
  }
  return { ...answer, headers: { ...answer.headers, 'x-amz-request-id': transId, 'x-amz-id-2': transId } };
}
