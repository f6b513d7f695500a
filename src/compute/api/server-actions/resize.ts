import { BadRequest } from '../../../common/http/errors.js';
import type { ComputeDeps } from '../../deps.js';
import { findFlavor, flavorNotFound, flavorSpecOf } from '../../flavors/flavors-repo.js';
import { acceptServerAction, checkServerAction } from '../../instances/accept-action.js';
import { checkFlavorImage } from '../../instances/create-checks.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import { flavorOf, systemMetadataOf, type InstanceRow } from '../../instances/instance-repo.js';
import { MigrationsRepo, type MigrationRow } from '../../instances/migrations-repo.js';
import { computeQuotas } from '../../quotas/compute-quotas.js';
import type { StoredRequestSpec } from '../../rpc/request-spec.js';
import type { FlavorSpec } from '../../virt/types.js';
import { AUTO_DISK_CONFIG_KEY } from '../views/servers.js';
import { agentAt, conductor, loadAndAuthorize, type ActionCall, type ActionTable } from './action-table.js';
import { requireComputeUp, zoneOfHost } from './hosts.js';
import { instanceImage } from './image-meta.js';
import { resizeSchema } from './schemas.js';

/**
 * `_check_quota_for_upsize`: only what grows counts (`upsize_quota_delta`), against the
 * instance's project and user. OverQuota is Nova's 403.
 */
async function checkUpsizeQuota(deps: ComputeDeps, instance: InstanceRow, from: FlavorSpec, to: FlavorSpec) {
  const cores = Math.max(0, to.vcpus - from.vcpus);
  const ram = Math.max(0, to.memoryMb - from.memoryMb);
  if (cores === 0 && ram === 0) return;
  await computeQuotas(deps).checkQuota(instance.project_id, instance.user_id, { cores, ram });
}

const migrationsOf = (deps: ComputeDeps) => new MigrationsRepo(deps.db, deps.now);

/** The resize or migration waiting for the user's confirmation; 400 when there is none. */
async function finishedMigration(deps: ComputeDeps, instance: InstanceRow): Promise<MigrationRow> {
  const migration = await migrationsOf(deps).findInStatus(instance.uuid, 'finished');
  if (!migration) throw new BadRequest('Instance has not been resized.');
  return migration;
}

/** The request spec follows the flavor back on a revert (Nova's `reqspec.flavor = old_flavor`). */
async function restoreSpecFlavor(deps: ComputeDeps, instanceUuid: string, flavor: FlavorSpec): Promise<void> {
  const row = await deps.db
    .selectFrom('request_specs')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .executeTakeFirst();
  if (!row) return;
  const spec = JSON.parse(row.spec) as StoredRequestSpec;
  if (spec.flavor.id === flavor.id) return;
  await deps.db
    .updateTable('request_specs')
    .set({ spec: JSON.stringify({ ...spec, flavor }) })
    .where('instance_uuid', '=', instanceUuid)
    .execute();
}

async function resize(call: ActionCall) {
  const { deps, request } = call;
  const args = call.args as { flavorRef: string | number; 'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL' };
  const flavorId = String(args.flavorRef);
  const instance = await loadAndAuthorize(call, 'os_compute_api:servers:resize', true);
  checkServerAction(deps, request, instance, 'resize');
  await requireComputeUp(deps, instance.host!);
  const current = flavorOf(instance);
  // Flavors the caller cannot see included: Nova reads it as admin.
  const row = await findFlavor(deps.db, flavorId);
  if (!row) throw new BadRequest(flavorNotFound(flavorId).message);
  const newFlavor = await flavorSpecOf(deps.db, row);
  const volumeBacked = !instance.image_ref;
  if (newFlavor.rootGb === 0 && current.rootGb !== 0 && !volumeBacked) {
    throw new BadRequest(
      'Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.',
    );
  }
  const sameFlavor = current.id === newFlavor.id;
  if (!sameFlavor && row.disabled === 1) throw new BadRequest(flavorNotFound(flavorId).message);
  if (sameFlavor) throw new BadRequest('When resizing, instances must change flavor!');
  await checkUpsizeQuota(deps, instance, current, newFlavor);
  // A volume-backed server's new flavor is checked for NUMA and PCI only, which Stratus has not.
  if (!volumeBacked) {
    checkFlavorImage(instanceImage(instance), instance.image_ref, newFlavor, null, () =>
      deps.policy.check('os_compute_api:servers:create:zero_disk_flavor', {}, request.context),
    );
  }
  const systemMetadata = systemMetadataOf(instance);
  const accepted = await acceptServerAction(deps, request, instance, 'resize', {
    record: InstanceAction.RESIZE,
    changes: {
      progress: 0,
      // Nova sets `auto_disk_config` from the request, so a resize without it goes MANUAL.
      system_metadata: JSON.stringify({
        ...systemMetadata,
        image_base_image_ref: instance.image_ref,
        [AUTO_DISK_CONFIG_KEY]: args['OS-DCF:diskConfig'] === 'AUTO' ? 'True' : 'False',
      }),
    },
  });
  await conductor(deps).cast('migrate_server', {
    context: accepted.context,
    instanceUuid: instance.uuid,
    newFlavorId: newFlavor.id,
    host: null,
  });
  return { status: 202 as const };
}

/** resize (to another flavor, through the conductor), confirmResize (204) and revertResize. */
export const resizeActions: ActionTable = {
  resize: { schemas: [{ schema: resizeSchema }], handle: resize },
  confirmResize: {
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:servers:confirm_resize');
      checkServerAction(deps, request, instance, 'confirmResize');
      const migration = await finishedMigration(deps, instance);
      const source = migration.source_compute ?? '';
      await requireComputeUp(deps, source);
      await migrationsOf(deps).setStatus(migration.uuid, 'confirming');
      const accepted = await acceptServerAction(deps, request, instance, 'confirmResize', {
        record: InstanceAction.CONFIRM_RESIZE,
      });
      await agentAt(deps, source).cast('confirm_resize', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        migrationUuid: migration.uuid,
      });
      return { status: 204 };
    },
  },
  revertResize: {
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:servers:revert_resize');
      checkServerAction(deps, request, instance, 'revertResize');
      const migration = await finishedMigration(deps, instance);
      const oldFlavor = instance.old_flavor ? (JSON.parse(instance.old_flavor) as FlavorSpec) : null;
      if (oldFlavor) await checkUpsizeQuota(deps, instance, flavorOf(instance), oldFlavor);
      const accepted = await acceptServerAction(deps, request, instance, 'revertResize', {
        record: InstanceAction.REVERT_RESIZE,
        changes: { availability_zone: await zoneOfHost(deps, migration.source_compute) },
      });
      if (oldFlavor) await restoreSpecFlavor(deps, instance.uuid, oldFlavor);
      await migrationsOf(deps).setStatus(migration.uuid, 'reverting');
      await agentAt(deps, migration.dest_compute ?? '').cast('revert_resize', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        migrationUuid: migration.uuid,
      });
      return { status: 202 };
    },
  },
};
