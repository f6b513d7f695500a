import { BadRequest } from '../../../common/http/errors.js';
import { acceptServerAction, checkServerAction } from '../../instances/accept-action.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import { systemMetadataOf } from '../../instances/instance-repo.js';
import { ACCEPTED, agentOf, loadAndAuthorize, type ActionTable } from './action-table.js';
import { generatePassword } from '../servers-create.js';
import { rescueSchema } from './schemas.js';

interface RescueArgs {
  adminPass?: string;
  rescue_image_ref?: string;
}

/**
 * rescue (200 with the rescue adminPass, generated unless given; a rescue image from the
 * caller's images) and unrescue.
 */
export const rescueActions: ActionTable = {
  rescue: {
    schemas: [{ schema: rescueSchema }],
    async handle(call) {
      const { deps, request } = call;
      const args = call.args as RescueArgs | null;
      const password = args && args.adminPass !== undefined ? args.adminPass : generatePassword();
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-rescue', true);
      checkServerAction(deps, request, instance, 'rescue');
      const rescueImageRef = args?.rescue_image_ref ?? null;
      let imageProperties: Record<string, unknown>;
      if (rescueImageRef) {
        const image = await deps.imagesFor(request.context.token).getImage(rescueImageRef);
        // Nova cannot rescue from a volume snapshot image either.
        if (!image || image.img_block_device_mapping !== undefined) {
          throw new BadRequest(`Requested rescue image '${rescueImageRef}' is not supported`);
        }
        imageProperties = image;
      } else {
        imageProperties = Object.fromEntries(
          Object.entries(systemMetadataOf(instance))
            .filter(([key]) => key.startsWith('image_'))
            .map(([key, value]) => [key.slice('image_'.length), value]),
        );
      }
      if (!instance.image_ref) {
        // A volume-backed rescue needs the 2.87 image properties and a host with the
        // COMPUTE_RESCUE_BFV trait, which no Stratus driver reports yet.
        const bfvRequested =
          request.microversion.atLeast('2.87') &&
          'hw_rescue_bus' in imageProperties &&
          'hw_rescue_device' in imageProperties;
        const reason = bfvRequested
          ? 'Host unable to rescue a volume-backed instance'
          : 'Cannot rescue a volume-backed instance';
        throw new BadRequest(`Instance ${instance.uuid} cannot be rescued: ${reason}`);
      }
      const accepted = await acceptServerAction(deps, request, instance, 'rescue', {
        record: InstanceAction.RESCUE,
        needsHost: true,
      });
      await agentOf(deps, accepted.instance).cast('rescue_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        rescueImageRef,
        rescuePassword: password,
      });
      // `[api] enable_instance_password` is on by default.
      return { status: 200, body: { adminPass: password } };
    },
  },
  unrescue: {
    async handle(call) {
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-unrescue');
      const accepted = await acceptServerAction(call.deps, call.request, instance, 'unrescue', {
        record: InstanceAction.UNRESCUE,
        needsHost: true,
      });
      await agentOf(call.deps, accepted.instance).cast('unrescue_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
      });
      return ACCEPTED;
    },
  },
};
