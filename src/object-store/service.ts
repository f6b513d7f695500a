import type { FastifyPluginAsync } from 'fastify';
import type { TokenValidator } from '../common/auth/context.js';
import type { ObjectStoreDeps } from './deps.js';
import type { S3CredentialCheck } from './s3/auth/s3-credential-check.js';
import type { PasswordAuth } from './proxy/tempauth.js';
import { InfoCache } from './proxy/info-cache.js';
import { Replicas } from './proxy/replicas.js';
import { buildSwiftApi } from './proxy/swift-api.js';

/**
 * The object storage service (Swift v1) as a Fastify plugin, mounted under `/object-store`: the
 * proxy over the rings and storage nodes `deps` gives.
 */
export function buildObjectStore(
  deps: ObjectStoreDeps,
  auth: {
    validator: TokenValidator;
    identityUri: string;
    s3Credentials: S3CredentialCheck;
    passwords: PasswordAuth;
  },
): FastifyPluginAsync {
  const replicas = new Replicas(deps.rings, deps.transport);
  const info = new InfoCache(replicas, deps.now);
  return buildSwiftApi({ replicas, info, logger: deps.logger }, auth);
}
