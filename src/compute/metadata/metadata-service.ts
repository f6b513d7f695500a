import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { NetworkClient } from '../../common/clients/network-client.js';
import { installErrorHandling } from '../../common/http/error-handling.js';
import { ApiError, BadRequest, Conflict, NotFound, statusTitle } from '../../common/http/errors.js';
import type { Logger } from '../../common/logging.js';
import type { ComputeSchema } from '../db/schema.js';
import { InstanceRepo, systemMetadataOf } from '../instances/instance-repo.js';
import { lookupMetadata, TEXT_PLAIN } from './instance-metadata.js';
import type { InstanceMetadataSource } from './metadata-source.js';
import { EC2_VERSIONS, LATEST } from './metadata-versions.js';
import { MAX_PASSWORD_BYTES, passwordChunks, passwordOf } from './password.js';
import { proxiedInstance } from './proxied-instance.js';
import { storedMetadataSource } from './stored-metadata-source.js';

export interface MetadataServiceDeps {
  db: Kysely<ComputeSchema>;
  /** The secret the network service's metadata proxy signs instance ids with. */
  sharedSecret: string;
  /** The network service as compute's service user; without one, the instance's cached network info. */
  network: NetworkClient | undefined;
  logger: Logger;
  now: () => Date;
}

type MetadataRequest = FastifyRequest<{ Params: { '*'?: string }; Body: string | undefined }>;

/**
 * Webob's default for a body a handler returns as is: the password answers are HTML by type,
 * as Nova's are.
 */
const PASSWORD_CONTENT_TYPE = 'text/html; charset=UTF-8';

/** Nova's messages for the statuses it raises without one of its own (webob's explanations). */
const DEFAULT_MESSAGES: Record<number, string> = {
  404: 'The resource could not be found.',
  409: 'There was a conflict when trying to complete your request.',
  500: 'An unknown error has occurred. Please try your request again.',
};

/** An error as webob writes it in plain text: the status line, then the explanation. */
function errorText(error: ApiError, _request: FastifyRequest, reply: FastifyReply): string {
  reply.type(TEXT_PLAIN);
  const message = error.status >= 500 ? DEFAULT_MESSAGES[500] : error.message;
  return `${error.status} ${statusTitle(error.status)}\n\n${message}\n\n`;
}

/** Every answer is text (JSON documents too, written as they are); a body is any text. */
const READ_SCHEMA = { response: { '2xx': { type: 'string' } } };
const POST_SCHEMA = { ...READ_SCHEMA, body: { type: 'string' } };

/**
 * Nova's metadata API (`nova.api.metadata.handler`), mounted by the gateway under `/metadata`:
 * the EC2 tree at `/` and `/<version>/...`, the OpenStack tree at `/openstack/...`. Every request
 * but the version list at `/` must come through the network service's metadata proxy, which
 * names and signs the instance; a guest reads only its own metadata, and posts its password once.
 */
export function metadataService(deps: MetadataServiceDeps): FastifyPluginAsync {
  const repo = new InstanceRepo(deps.db, deps.now);

  /** The caller's instance, if it is live and in the project the proxy names (404 otherwise, as Nova). */
  async function callerSource(request: FastifyRequest) {
    const caller = proxiedInstance(request.raw.rawHeaders, deps.sharedSecret);
    const row = await repo.find(caller.instanceId);
    if (!row || row.project_id !== caller.projectId) {
      request.log.warn(
        { instance: caller.instanceId, project: caller.projectId },
        'no such instance for metadata',
      );
      throw new NotFound(DEFAULT_MESSAGES[404]);
    }
    return { caller, source: await storedMetadataSource(deps.db, deps.network, row) };
  }

  /** `handle_password`: GET reads the password, POST stores it once. */
  async function password(request: MetadataRequest, reply: FastifyReply, source: InstanceMetadataSource) {
    reply.type(PASSWORD_CONTENT_TYPE);
    if (request.method !== 'POST') return reply.send(source.password ?? '');
    if (source.password) throw new Conflict(DEFAULT_MESSAGES[409]);
    const body = request.body ?? '';
    if (Buffer.byteLength(body) > MAX_PASSWORD_BYTES) throw new BadRequest('Request is too large.');
    const row = await repo.find(source.uuid);
    if (!row) throw new BadRequest(`Instance ${source.uuid} could not be found.`);
    // Read again just before writing: a post that came in meanwhile wins (Nova checks cached metadata only).
    if (passwordOf(systemMetadataOf(row))) throw new Conflict(DEFAULT_MESSAGES[409]);
    const systemMetadata = { ...systemMetadataOf(row), ...passwordChunks(body) };
    await repo.save(row.uuid, { system_metadata: JSON.stringify(systemMetadata) });
    return reply.send('');
  }

  async function serve(request: MetadataRequest, reply: FastifyReply) {
    const path = request.params['*'] ?? '';
    // The EC2 version list is the one answer given to anyone.
    if (path.replace(/\/+/g, '') === '')
      return reply.type(TEXT_PLAIN).send([...EC2_VERSIONS, LATEST].join('\n'));
    const { caller, source } = await callerSource(request);
    const answer = lookupMetadata(source, path, { randomBytes, address: caller.address });
    if (answer === null) throw new NotFound(DEFAULT_MESSAGES[404]);
    if (answer.kind === 'password') return password(request, reply, source);
    return reply.type(answer.contentType).send(answer.body);
  }

  return async (app: FastifyInstance) => {
    installErrorHandling(app, errorText);
    // Guests post their password as whatever type they like (or none): every body is text here.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.get('/', { schema: READ_SCHEMA }, serve);
    app.get('/*', { schema: READ_SCHEMA }, serve);
    // Only the password takes a post; Nova answers a post elsewhere as a read, and so does this.
    app.post('/*', { schema: POST_SCHEMA }, serve);
  };
}
