import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { loadServerForCaller, rpcContextOf } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import type { InstanceDiagnostics } from '../virt/types.js';
import { serverDiagnosticsParams, serverDiagnosticsResponse } from './schemas/server-diagnostics.js';
import { agentOf, fromRemote } from './server-actions/action-table.js';
import { diagnosticsView, legacyDiagnosticsView } from './views/server-diagnostics.js';

type DiagnosticsRequest = FastifyRequest<{ Params: { server_id: string } }>;

/** From 2.48 every driver answers with the same object. */
const STANDARD_DIAGNOSTICS = '2.48';

/**
 * `GET /servers/{server_id}/diagnostics` (admin): what the hypervisor measures of the server,
 * asked of its host's agent. A server on no host is not ready (409); one that is not running is
 * in an invalid power state (409, from the agent); a driver without diagnostics is a 501.
 */
export function serverDiagnosticsRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.get(
    '/servers/:server_id/diagnostics',
    { schema: { params: serverDiagnosticsParams, response: { 200: serverDiagnosticsResponse } } },
    async (request: DiagnosticsRequest) => {
      const id = request.params.server_id;
      const instance = await loadServerForCaller(deps, request, id);
      authorize(
        deps.policy,
        'os_compute_api:os-server-diagnostics',
        { project_id: instance.project_id },
        request.context,
      );
      let diagnostics: InstanceDiagnostics;
      try {
        diagnostics = await agentOf(deps, instance).call('get_diagnostics', {
          context: rpcContextOf(deps, request),
          instanceUuid: instance.uuid,
        });
      } catch (error) {
        fromRemote(error, {
          InstanceNotFound: () => new NotFound(`Instance ${id} could not be found.`),
          OperationNotSupported: () => new ApiError(501, 'The requested functionality is not supported.'),
        });
      }
      return request.microversion.atLeast(STANDARD_DIAGNOSTICS)
        ? diagnosticsView(diagnostics)
        : legacyDiagnosticsView(diagnostics);
    },
  );
}
