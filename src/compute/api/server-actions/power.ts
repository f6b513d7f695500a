import type { ServerAction } from '../../instances/actions.js';
import { acceptServerAction } from '../../instances/accept-action.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import {
  ACCEPTED,
  agentOf,
  loadAndAuthorize,
  type ActionCall,
  type ActionTable,
  type ServerActionHandler,
} from './action-table.js';
import { rebootSchema } from './schemas.js';

type SimpleMethod =
  'start_instance' | 'pause_instance' | 'unpause_instance' | 'suspend_instance' | 'resume_instance';

/**
 * An action that checks its policy, takes the instance through ACTION_RULES and casts one
 * argument-less method to the instance's agent (Nova's pause, unpause, suspend, resume, start).
 */
function powerAction(
  policy: string,
  withUser: boolean,
  action: ServerAction,
  record: string,
  method: SimpleMethod,
): ServerActionHandler {
  return {
    async handle(call: ActionCall) {
      const instance = await loadAndAuthorize(call, policy, withUser);
      const accepted = await acceptServerAction(call.deps, call.request, instance, action, {
        record,
        needsHost: true,
      });
      await agentOf(call.deps, accepted.instance).cast(method, {
        context: accepted.context,
        instanceUuid: instance.uuid,
      });
      return ACCEPTED;
    },
  };
}

/** reboot, os-stop, os-start, pause, unpause, suspend, resume. */
export const powerActions: ActionTable = {
  reboot: {
    schemas: [{ schema: rebootSchema }],
    async handle(call) {
      const rebootType = (call.args as { type: string }).type.toUpperCase() as 'SOFT' | 'HARD';
      const instance = await loadAndAuthorize(call, 'os_compute_api:servers:reboot');
      const accepted = await acceptServerAction(
        call.deps,
        call.request,
        instance,
        rebootType === 'SOFT' ? 'rebootSoft' : 'rebootHard',
        { record: InstanceAction.REBOOT, needsHost: true },
      );
      await agentOf(call.deps, accepted.instance).cast('reboot_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        rebootType,
      });
      return ACCEPTED;
    },
  },
  'os-stop': {
    async handle(call) {
      const instance = await loadAndAuthorize(call, 'os_compute_api:servers:stop', true);
      const accepted = await acceptServerAction(call.deps, call.request, instance, 'stop', {
        record: InstanceAction.STOP,
        changes: { progress: 0 },
        needsHost: true,
      });
      await agentOf(call.deps, accepted.instance).cast('stop_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        cleanShutdown: true,
      });
      return ACCEPTED;
    },
  },
  'os-start': powerAction(
    'os_compute_api:servers:start',
    true,
    'start',
    InstanceAction.START,
    'start_instance',
  ),
  pause: powerAction(
    'os_compute_api:os-pause-server:pause',
    true,
    'pause',
    InstanceAction.PAUSE,
    'pause_instance',
  ),
  unpause: powerAction(
    'os_compute_api:os-pause-server:unpause',
    false,
    'unpause',
    InstanceAction.UNPAUSE,
    'unpause_instance',
  ),
  suspend: powerAction(
    'os_compute_api:os-suspend-server:suspend',
    true,
    'suspend',
    InstanceAction.SUSPEND,
    'suspend_instance',
  ),
  resume: powerAction(
    'os_compute_api:os-suspend-server:resume',
    false,
    'resume',
    InstanceAction.RESUME,
    'resume_instance',
  ),
};
