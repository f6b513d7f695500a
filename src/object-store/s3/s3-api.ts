import type { FastifyRequest } from 'fastify';
import type { SwiftAnswer } from '../proxy/swift-call.js';
import type { S3Context } from './s3-context.js';

/**
 * Answers one S3 request (a path under the object store's mount point outside `/v1` and
 * `/info`): checks its signature, maps it to Swift calls on the caller's account and renders
 * S3's XML answer or error. Placeholder until the S3 API lands.
 */
export async function s3Answer(_s3: S3Context, _request: FastifyRequest): Promise<SwiftAnswer> {
  return { status: 501, headers: {} };
}
