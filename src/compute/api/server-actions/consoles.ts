import type { FastifyRequest } from 'fastify';
import { ApiError, BadRequest, Conflict, NotFound } from '../../../common/http/errors.js';
import { CONSOLE_TOKEN_TTL_SECONDS, ConsoleAuthTokens } from '../../console/console-auth-tokens.js';
import { novncAccessUrl, novncBaseUrl } from '../../console/novnc-url.js';
import type { ComputeDeps } from '../../deps.js';
import { checkServerAction } from '../../instances/accept-action.js';
import { InstanceInvalidState, InstanceNotReady } from '../../instances/actions.js';
import type { InstanceRow } from '../../instances/instance-repo.js';
import { loadServerForCaller, rpcContextOf } from '../../instances/lookup.js';
import { TaskState } from '../../instances/states.js';
import { authorize, defaultTarget } from '../../policies.js';
import {
  agentOf,
  cloudUrl,
  fromRemote,
  loadAndAuthorize,
  type ActionTable,
  type ServerActionHandler,
} from './action-table.js';
import { consoleOutputSchema, LEGACY_CONSOLE_ACTIONS, legacyConsoleSchema } from './schemas.js';

/** What the agents may answer a console call with, as the API shows it (Nova's expected_errors). */
const CONSOLE_ERRORS: Record<string, (message: string) => ApiError> = {
  InstanceNotFound: (message) => new NotFound(message),
  ConsoleNotAvailable: (message) => new NotFound(message),
  InstanceNotReady: (message) => new Conflict(message),
  ConsoleTypeInvalid: (message) => new BadRequest(message),
  ConsoleTypeUnavailable: (message) => new BadRequest(message),
  NotImplementedError: () => new ApiError(501, 'The requested functionality is not supported.'),
};

/** Characters Nova strips from console output (once for XML, still done). */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x08\x0B-\x1F]/g;

/** Console types Stratus serves: VNC through the noVNC proxy, which the QEMU driver brings. */
const SERVED_PROTOCOL = 'vnc';
const SERVED_TYPE = 'novnc';

/**
 * A console URL for the server (`compute_api.get_<protocol>_console`): the server must be on a
 * host and not being deleted or migrated; only noVNC is enabled (Nova answers the others as
 * unavailable); the agent is asked where the guest's VNC listens, a console auth token for that
 * address is stored (Nova's `ConsoleAuthToken.authorize`), and the URL is the console proxy's
 * noVNC page at the cloud's public address, the token in its `path`.
 */
export async function consoleUrl(
  deps: ComputeDeps,
  request: FastifyRequest,
  instance: InstanceRow,
  protocol: string,
  consoleType: string,
): Promise<string> {
  if (!instance.host) throw new InstanceNotReady(instance.uuid);
  if (instance.task_state === TaskState.DELETING || instance.task_state === TaskState.MIGRATING) {
    throw new InstanceInvalidState(
      instance.uuid,
      `get_${protocol}_console`,
      'task_state',
      instance.task_state,
    );
  }
  if (protocol !== SERVED_PROTOCOL) throw new BadRequest(`Unavailable console type ${consoleType}.`);
  if (consoleType !== SERVED_TYPE) throw new BadRequest(`Invalid console type ${consoleType}`);
  let vnc: { host: string; port: number };
  try {
    vnc = await agentOf(deps, instance).call('get_vnc_console', {
      context: rpcContextOf(deps, request),
      instanceUuid: instance.uuid,
    });
  } catch (error) {
    fromRemote(error, CONSOLE_ERRORS);
  }
  const accessUrlBase = novncBaseUrl(cloudUrl(deps));
  const token = await new ConsoleAuthTokens(deps.db, deps.now).authorize(
    { instanceUuid: instance.uuid, consoleType, host: vnc.host, port: vnc.port, accessUrlBase },
    CONSOLE_TOKEN_TTL_SECONDS,
  );
  return novncAccessUrl(accessUrlBase, token);
}

/** A legacy console action (2.1 to 2.5): the policy first, then `{"console": {type, url}}`. */
function legacyConsole(action: keyof typeof LEGACY_CONSOLE_ACTIONS): ServerActionHandler {
  return {
    max: '2.5',
    schemas: [{ schema: legacyConsoleSchema(action) }],
    async handle(call) {
      const { deps, request } = call;
      authorize(
        deps.policy,
        'os_compute_api:os-remote-consoles',
        defaultTarget(request.context),
        request.context,
      );
      const consoleType = (call.args as { type: string }).type;
      const instance = await loadServerForCaller(deps, request, call.serverId);
      const url = await consoleUrl(
        deps,
        request,
        instance,
        LEGACY_CONSOLE_ACTIONS[action].protocol,
        consoleType,
      );
      return { status: 200, body: { console: { type: consoleType, url } } };
    },
  };
}

/** os-getConsoleOutput (a call to the agent) and the legacy console URL actions. */
export const consoleActions: ActionTable = {
  'os-getConsoleOutput': {
    schemas: [{ schema: consoleOutputSchema }],
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-console-output');
      const length = (call.args as { length?: number | string | null }).length ?? null;
      // jsonschema's `minimum` reads digit strings as numbers in Nova's validator.
      if (length !== null && Number(length) < -1) {
        throw new BadRequest(
          `Invalid input for field/attribute length. Value: ${length}. ${Number(length)} is less than the minimum of -1`,
        );
      }
      checkServerAction(deps, request, instance, 'getConsoleOutput');
      // -1 asks for all of it, as null does.
      const tailLength = length === null || Number(length) === -1 ? null : Number(length);
      let output: string;
      try {
        output = await agentOf(deps, instance).call('get_console_output', {
          context: rpcContextOf(deps, request),
          instanceUuid: instance.uuid,
          tailLength,
        });
      } catch (error) {
        fromRemote(error, CONSOLE_ERRORS);
      }
      return { status: 200, body: { output: output.replace(CONTROL_CHARACTERS, '') } };
    },
  },
  'os-getVNCConsole': legacyConsole('os-getVNCConsole'),
  'os-getSPICEConsole': legacyConsole('os-getSPICEConsole'),
  'os-getRDPConsole': legacyConsole('os-getRDPConsole'),
  'os-getSerialConsole': legacyConsole('os-getSerialConsole'),
};
