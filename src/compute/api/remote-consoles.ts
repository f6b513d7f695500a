import type { FastifyInstance } from 'fastify';
import { requireMicroversion } from '../../common/http/microversion.js';
import type { ComputeDeps } from '../deps.js';
import { loadServerForCaller } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import { consoleUrl } from './server-actions/consoles.js';
import {
  createRemoteConsoleSchemas,
  remoteConsoleBodyShape,
  remoteConsoleParams,
  remoteConsoleResponse,
} from './schemas/remote-consoles.js';
import { validateBody } from './schemas/servers-validation.js';

interface RemoteConsoleBody {
  remote_console: { protocol: string; type: string };
}

/**
 * `POST /servers/{id}/remote-consoles` (2.6): a URL to the server's console in the protocol and
 * type asked for (`mks` from 2.8). Only VNC through noVNC is served; the others answer as Nova
 * does with their consoles disabled.
 */
export function remoteConsoleRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.post<{ Params: { server_id: string }; Body: RemoteConsoleBody }>(
    '/servers/:server_id/remote-consoles',
    {
      schema: {
        params: remoteConsoleParams,
        body: remoteConsoleBodyShape,
        response: { 200: remoteConsoleResponse },
      },
    },
    async (request) => {
      requireMicroversion(request, '2.6');
      const version = request.microversion;
      validateBody(
        createRemoteConsoleSchemas.find(({ min, max }) => version.matches(min, max))!.schema,
        request.body,
      );
      const instance = await loadServerForCaller(deps, request, request.params.server_id);
      authorize(
        deps.policy,
        'os_compute_api:os-remote-consoles',
        { project_id: instance.project_id },
        request.context,
      );
      const { protocol, type } = request.body.remote_console;
      const url = await consoleUrl(deps, request, instance, protocol, type);
      return { remote_console: { protocol, type, url } };
    },
  );
}
