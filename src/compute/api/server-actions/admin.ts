import { ApiError } from '../../../common/http/errors.js';
import { finishInstanceAction, startInstanceAction } from '../../instances/accept-action.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import { InstanceRepo } from '../../instances/instance-repo.js';
import { VmState } from '../../instances/states.js';
import { ACCEPTED, loadAndAuthorize, type ActionTable } from './action-table.js';
import { resetStateSchema } from './schemas.js';

/** The states os-resetState may set (`state_map`). */
const RESET_STATES = { active: VmState.ACTIVE, error: VmState.ERROR } as const;

/** os-resetState (an action of its own, done in the API) and the removed resetNetwork. */
export const adminActions: ActionTable = {
  'os-resetState': {
    schemas: [{ schema: resetStateSchema }],
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-admin-actions:reset_state');
      const state = RESET_STATES[(call.args as { state: keyof typeof RESET_STATES }).state];
      await startInstanceAction(deps, request, instance.uuid, InstanceAction.RESET_STATE);
      await new InstanceRepo(deps.db, deps.now).save(instance.uuid, { vm_state: state, task_state: null });
      await finishInstanceAction(deps, request, instance.uuid);
      return ACCEPTED;
    },
  },
  resetNetwork: {
    async handle() {
      throw new ApiError(410, 'This resource is no longer available.  No forwarding address is given.');
    },
  },
};
