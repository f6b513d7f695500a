import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { InstanceNotFound, InstanceRepo, systemMetadataOf } from '../instances/instance-repo.js';
import { loadServerForCaller } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import { serverPasswordParams, serverPasswordResponse } from './schemas/server-password.js';

type PasswordRequest = FastifyRequest<{ Params: { server_id: string } }>;

const POLICY = (action: string) => `os_compute_api:os-server-password:${action}`;

/**
 * Nova's `nova.api.metadata.password`: the guest posts its encrypted password to the metadata
 * service, which keeps it in the system metadata as chunks `password_0` to `password_3`.
 */
const PASSWORD_KEYS = ['password_0', 'password_1', 'password_2', 'password_3'];

/** `extract_password`: the `password_*` chunks joined in key order; null when there are none or all are empty. */
function extractPassword(systemMetadata: Record<string, string>): string | null {
  const keys = Object.keys(systemMetadata)
    .filter((key) => key.startsWith('password_'))
    .sort();
  return keys.map((key) => systemMetadata[key]).join('') || null;
}

/**
 * `/servers/{server_id}/os-server-password`: the encrypted password the guest left with the
 * metadata service (`''` when there is none), and its clearing. Clearing does not change the
 * password inside the guest.
 */
export function serverPasswordRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const repo = new InstanceRepo(deps.db, deps.now);

  app.get(
    '/servers/:server_id/os-server-password',
    { schema: { params: serverPasswordParams, response: { 200: serverPasswordResponse } } },
    async (request: PasswordRequest) => {
      const instance = await loadServerForCaller(deps, request, request.params.server_id);
      authorize(deps.policy, POLICY('show'), { project_id: instance.project_id }, request.context);
      return { password: extractPassword(systemMetadataOf(instance)) ?? '' };
    },
  );

  app.delete(
    '/servers/:server_id/os-server-password',
    { schema: { params: serverPasswordParams, response: { 204: { type: 'null' } } } },
    async (request: PasswordRequest, reply) => {
      const instance = await loadServerForCaller(deps, request, request.params.server_id);
      authorize(deps.policy, POLICY('clear'), { project_id: instance.project_id }, request.context);
      // `convert_password(None)`: every chunk emptied, as Nova stores no password.
      const cleared = Object.fromEntries(PASSWORD_KEYS.map((key) => [key, '']));
      const systemMetadata = { ...systemMetadataOf(instance), ...cleared };
      await repo
        .save(instance.uuid, { system_metadata: JSON.stringify(systemMetadata) })
        .catch((error: unknown) => {
          if (error instanceof InstanceNotFound)
            throw new NotFound(`Instance ${request.params.server_id} could not be found.`);
          throw error;
        });
      return reply.status(204).send();
    },
  );
}
