import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { Microversion } from '../../common/http/microversion.js';
import type { ComputeDeps } from '../deps.js';
import { checkServerAction, startInstanceAction } from '../instances/accept-action.js';
import { InstanceAction } from '../instances/instance-actions-repo.js';
import { networkInfoOf } from '../instances/instance-repo.js';
import { loadServerForCaller, rpcContextOf } from '../instances/lookup.js';
import {
  networkServiceFor,
  PortNotFound,
  type Caller,
  type InterfaceAttachment,
} from '../instances/network-service.js';
import { authorize } from '../policies.js';
import {
  createInterfaceSchemas,
  interfaceBodyShape,
  interfaceListResponse,
  interfaceParams,
  interfaceResponse,
} from './schemas/interfaces.js';
import { validateBody } from './schemas/servers-validation.js';

type Params = { server_id: string; port_id?: string };

interface CreateBody {
  interfaceAttachment?: {
    net_id?: string;
    port_id?: string;
    fixed_ips?: { ip_address: string }[];
    tag?: string;
  };
}

const POLICY = (action: string) => `os_compute_api:os-attach-interfaces:${action}`;

/** An attachment as the microversion shows it: the tag from 2.70. */
function interfaceView(attachment: InterfaceAttachment, version: Microversion) {
  const { tag, ...view } = attachment;
  return version.atLeast('2.70') ? { ...view, tag } : view;
}

/**
 * `/servers/{id}/os-interface`: the server's ports as the network service has them; attaching
 * and detaching go through it (`NetworkService`), as actions of the server.
 */
export function interfaceRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const network = networkServiceFor(deps);
  const callerOf = (request: FastifyRequest): Caller => ({
    context: request.context,
    rpc: rpcContextOf(deps, request),
  });
  const load = async (request: FastifyRequest<{ Params: Params }>, action: string) => {
    const instance = await loadServerForCaller(deps, request, request.params.server_id);
    authorize(deps.policy, POLICY(action), { project_id: instance.project_id }, request.context);
    return instance;
  };

  app.get<{ Params: Params }>(
    '/servers/:server_id/os-interface',
    { schema: { params: interfaceParams, response: { 200: interfaceListResponse } } },
    async (request) => {
      const instance = await load(request, 'list');
      const attachments = await network.listInterfaces(callerOf(request), instance);
      return {
        interfaceAttachments: attachments.map((attachment) =>
          interfaceView(attachment, request.microversion),
        ),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/servers/:server_id/os-interface/:port_id',
    { schema: { params: interfaceParams, response: { 200: interfaceResponse } } },
    async (request) => {
      const portId = request.params.port_id!;
      const instance = await load(request, 'show');
      const attachment = await network.showInterface(callerOf(request), instance, portId);
      return { interfaceAttachment: interfaceView(attachment, request.microversion) };
    },
  );

  app.post<{ Params: Params; Body: CreateBody | undefined }>(
    '/servers/:server_id/os-interface',
    { schema: { params: interfaceParams, body: interfaceBodyShape, response: { 200: interfaceResponse } } },
    async (request) => {
      const version = request.microversion;
      const body = request.body;
      if (body !== undefined) {
        validateBody(createInterfaceSchemas.find(({ min, max }) => version.matches(min, max))!.schema, body);
      }
      const instance = await load(request, 'create');
      const attachment = body?.interfaceAttachment ?? {};
      const networkId = attachment.net_id ?? null;
      const portId = attachment.port_id ?? null;
      const fixedIp = attachment.fixed_ips?.[0]?.ip_address ?? null;
      if (networkId && portId) throw new BadRequest('Must not input both network_id and port_id');
      if (fixedIp && !networkId) throw new BadRequest('Must input network_id when request IP address');
      checkServerAction(deps, request, instance, 'attachInterface');
      await startInstanceAction(deps, request, instance.uuid, InstanceAction.ATTACH_INTERFACE);
      const attached = await network.attachInterface(callerOf(request), instance, {
        networkId,
        portId,
        fixedIp,
        tag: attachment.tag ?? null,
      });
      return { interfaceAttachment: interfaceView(attached, version) };
    },
  );

  app.delete<{ Params: Params }>(
    '/servers/:server_id/os-interface/:port_id',
    { schema: { params: interfaceParams, response: { 202: { type: 'null' } } } },
    async (request, reply) => {
      const portId = request.params.port_id!;
      const instance = await load(request, 'delete');
      checkServerAction(deps, request, instance, 'detachInterface');
      // Nova's agent fails a port the server does not have; answered here rather than later.
      if (!networkInfoOf(instance).some((vif) => vif.portId === portId)) throw new PortNotFound(portId);
      await startInstanceAction(deps, request, instance.uuid, InstanceAction.DETACH_INTERFACE);
      await network.detachInterface(callerOf(request), instance, portId);
      return reply.status(202).send();
    },
  );
}
