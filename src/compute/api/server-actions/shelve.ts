import { BadRequest, Conflict } from '../../../common/http/errors.js';
import type { ComputeDeps } from '../../deps.js';
import { acceptServerAction, checkServerAction } from '../../instances/accept-action.js';
import { checkZoneAvailable } from '../../instances/create-checks.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import { systemMetadataOf, type InstanceRow } from '../../instances/instance-repo.js';
import { VmState } from '../../instances/states.js';
import { authorize } from '../../policies.js';
import type { StoredRequestSpec } from '../../rpc/request-spec.js';
import {
  ACCEPTED,
  agentOf,
  conductor,
  loadAndAuthorize,
  targetOf,
  type ActionCall,
  type ActionTable,
} from './action-table.js';
import { hasComputeNode, zoneOfHost } from './hosts.js';
import { unshelveSchemaV277, unshelveSchemaV291 } from './schemas.js';
import { acceptWithImage, createInstanceImage } from './snapshots.js';

/** `[DEFAULT] shelved_offload_time` is 0: a shelved server leaves its host at once. */
const OFFLOAD_AT_ONCE = true;

interface UnshelveArgs {
  availability_zone?: string | null;
  host?: string;
}

async function requestSpecOf(deps: ComputeDeps, instanceUuid: string): Promise<StoredRequestSpec | null> {
  const row = await deps.db
    .selectFrom('request_specs')
    .select('spec')
    .where('instance_uuid', '=', instanceUuid)
    .executeTakeFirst();
  return row ? (JSON.parse(row.spec) as StoredRequestSpec) : null;
}

/**
 * Nova's unshelve preconditions: a zone (2.77) or a host (2.91, admins) only for an offloaded
 * server; the zone must be available, the host must exist and be in the zone the server will
 * have. Returns that zone (null: any) after storing it in the request spec.
 */
async function unshelveTarget(
  deps: ComputeDeps,
  call: ActionCall,
  instance: InstanceRow,
  newZone: string | null | undefined,
  host: string | null,
): Promise<string | null> {
  const zonePassed = newZone !== undefined;
  if ((zonePassed || host) && instance.vm_state !== VmState.SHELVED_OFFLOADED) {
    throw new Conflict(
      `Specifying an availability zone or a host when unshelving server "${instance.uuid}" with status ` +
        `"${instance.vm_state}" is not supported. The server status must be SHELVED_OFFLOADED.`,
    );
  }
  if (zonePassed && newZone) await checkZoneAvailable(deps, newZone);
  const spec = await requestSpecOf(deps, instance.uuid);
  const zone = zonePassed ? newZone : (spec?.availabilityZone ?? null);
  if (host) {
    authorize(
      deps.policy,
      'os_compute_api:os-shelve:unshelve_to_host',
      targetOf(instance, true),
      call.request.context,
    );
    if (!(await hasComputeNode(deps, host))) throw new BadRequest(`Compute host ${host} could not be found.`);
    if (zone !== null && (await zoneOfHost(deps, host)) !== zone) {
      throw new Conflict(`Host "${host}" is not in the availability zone "${zone}".`);
    }
  }
  if (spec) {
    const updated: StoredRequestSpec = {
      ...spec,
      availabilityZone: zone,
      ...(host ? { requestedDestination: { host, node: null } } : {}),
    };
    await deps.db
      .updateTable('request_specs')
      .set({ spec: JSON.stringify(updated) })
      .where('instance_uuid', '=', instance.uuid)
      .execute();
  }
  return zone;
}

/** shelve (a snapshot `<name>-shelved` for an image-backed server, then offload), shelveOffload, unshelve. */
export const shelveActions: ActionTable = {
  shelve: {
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-shelve:shelve', true);
      checkServerAction(deps, request, instance, 'shelve');
      const changes = {
        system_metadata: JSON.stringify({
          ...systemMetadataOf(instance),
          image_base_image_ref: instance.image_ref,
        }),
      };
      if (!instance.image_ref) {
        const accepted = await acceptServerAction(deps, request, instance, 'shelve', {
          record: InstanceAction.SHELVE,
          changes,
          needsHost: true,
        });
        await agentOf(deps, accepted.instance).cast('shelve_instance', {
          context: accepted.context,
          instanceUuid: instance.uuid,
          imageId: null,
          offload: OFFLOAD_AT_ONCE,
        });
        return ACCEPTED;
      }
      const image = await createInstanceImage(
        deps,
        request,
        instance,
        `${instance.display_name}-shelved`,
        'snapshot',
        {},
      );
      const accepted = await acceptWithImage(call, instance, 'shelve', InstanceAction.SHELVE, image, changes);
      await agentOf(deps, accepted.instance).cast('shelve_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        imageId: image.id,
        offload: OFFLOAD_AT_ONCE,
      });
      return ACCEPTED;
    },
  },
  shelveOffload: {
    async handle(call) {
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-shelve:shelve_offload', true);
      const accepted = await acceptServerAction(call.deps, call.request, instance, 'shelveOffload', {
        record: InstanceAction.SHELVE_OFFLOAD,
        needsHost: true,
      });
      await agentOf(call.deps, accepted.instance).cast('shelve_offload_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
      });
      return ACCEPTED;
    },
  },
  unshelve: {
    schemas: [
      { min: '2.77', max: '2.90', schema: unshelveSchemaV277 },
      { min: '2.91', schema: unshelveSchemaV291 },
    ],
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-shelve:unshelve');
      // Before 2.77 the body is not looked at.
      const args = (request.microversion.atLeast('2.77') ? call.args : null) as UnshelveArgs | null;
      const newZone = args && 'availability_zone' in args ? args.availability_zone : undefined;
      const host = (request.microversion.atLeast('2.91') && args?.host) || null;
      checkServerAction(deps, request, instance, 'unshelve');
      const zone = await unshelveTarget(deps, call, instance, newZone, host);
      const accepted = await acceptServerAction(deps, request, instance, 'unshelve', {
        record: InstanceAction.UNSHELVE,
      });
      // The conductor starts a SHELVED server on its host again, and schedules an offloaded one.
      await conductor(deps).cast('unshelve_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        availabilityZone: zone,
        host,
      });
      return ACCEPTED;
    },
  },
};
