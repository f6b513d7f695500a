import { BadRequest, NotFound } from '../../../common/http/errors.js';
import { acceptServerAction, checkServerAction } from '../../instances/accept-action.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import { systemMetadataOf } from '../../instances/instance-repo.js';
import { MigrationsRepo } from '../../instances/migrations-repo.js';
import { boolFromString } from '../../python-values.js';
import { AUTO_DISK_CONFIG_KEY } from '../views/servers.js';
import { conductor, loadAndAuthorize, type ActionTable } from './action-table.js';
import { computeServiceIsUp, hasComputeNode, hasComputeService, requireComputeUp } from './hosts.js';
import { generatePassword } from '../servers-create.js';
import { evacuateSchemas, migrateLiveSchemas, migrateSchemaV256 } from './schemas.js';

/** `strutils.bool_from_string(value, strict=True)`; the schemas let only boolean words through. */
const bool = (value: unknown) => boolFromString(value) ?? false;

/** `_get_force_param_for_live_migration` and evacuate's twin: forcing needs a host. */
function forced(value: unknown, host: string | null): boolean {
  const force = bool(value ?? false);
  if (force && !host) throw new BadRequest("Can't force to a non-provided destination");
  return force;
}

interface LiveMigrateArgs {
  host: string | null;
  block_migration: boolean | string;
  force?: boolean | string;
}

interface EvacuateArgs {
  host?: string;
  adminPass?: string;
  onSharedStorage?: boolean | string;
  force?: boolean | string;
}

/** The admin's moves: migrate (cold, a host from 2.56), os-migrateLive and evacuate. */
export const moveActions: ActionTable = {
  migrate: {
    schemas: [{ min: '2.56', schema: migrateSchemaV256 }],
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-migrate-server:migrate');
      const args = call.args as { host?: string | null } | null;
      const host = (request.microversion.atLeast('2.56') && args?.host) || null;
      checkServerAction(deps, request, instance, 'migrate');
      await requireComputeUp(deps, instance.host!);
      if (host !== null) {
        if (host === instance.host)
          throw new BadRequest('Cannot migrate to the host where the server exists.');
        if (!(await hasComputeNode(deps, host)))
          throw new BadRequest(`Compute host ${host} could not be found.`);
      }
      const accepted = await acceptServerAction(deps, request, instance, 'migrate', {
        record: InstanceAction.MIGRATE,
        changes: {
          progress: 0,
          system_metadata: JSON.stringify({
            ...systemMetadataOf(instance),
            image_base_image_ref: instance.image_ref,
            [AUTO_DISK_CONFIG_KEY]: 'False',
          }),
        },
      });
      await conductor(deps).cast('migrate_server', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        newFlavorId: null,
        host,
      });
      return { status: 202 };
    },
  },
  'os-migrateLive': {
    schemas: migrateLiveSchemas,
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-migrate-server:migrate_live');
      const args = call.args as LiveMigrateArgs;
      const host = args.host ?? null;
      if (request.microversion.matches('2.30', '2.67')) forced(args.force, host);
      // From 2.25 'auto' leaves it to the hosts; their disks are never shared in Stratus, so it
      // is a block migration, as libvirt would decide.
      const blockMigration = args.block_migration === 'auto' ? true : bool(args.block_migration);
      checkServerAction(deps, request, instance, 'liveMigrate');
      if (host !== null && !(await hasComputeNode(deps, host))) {
        throw new BadRequest(`Compute host ${host} could not be found.`);
      }
      const accepted = await acceptServerAction(deps, request, instance, 'liveMigrate', {
        record: InstanceAction.LIVE_MIGRATION,
      });
      await conductor(deps).cast('live_migrate_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        host,
        blockMigration,
      });
      return { status: 202 };
    },
  },
  evacuate: {
    schemas: evacuateSchemas,
    async handle(call) {
      const { deps, request } = call;
      const version = request.microversion;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-evacuate', true);
      const args = call.args as EvacuateArgs;
      const host = args.host ?? null;
      const onSharedStorage = version.below('2.14') ? bool(args.onSharedStorage) : null;
      if (version.matches('2.29', '2.67')) forced(args.force, host);
      let password: string | null;
      if (version.atLeast('2.14')) password = args.adminPass ?? generatePassword();
      else if (args.adminPass !== undefined) {
        if (onSharedStorage) throw new BadRequest("admin password can't be changed on existing disk");
        password = args.adminPass;
      } else password = onSharedStorage ? null : generatePassword();
      if (host !== null && !(await hasComputeService(deps, host))) {
        throw new NotFound(`Compute host ${host} not found.`);
      }
      if (instance.host === host) throw new BadRequest("The target host can't be the same one.");
      checkServerAction(deps, request, instance, 'evacuate');
      if (instance.host && (await computeServiceIsUp(deps, instance.host))) {
        throw new BadRequest(`Compute service of ${instance.host} is still in use.`);
      }
      const accepted = await acceptServerAction(deps, request, instance, 'evacuate', {
        record: InstanceAction.EVACUATE,
      });
      // The source host finds this record when it comes back to clean up, as in Nova.
      await new MigrationsRepo(deps.db, deps.now).create({
        instanceUuid: instance.uuid,
        type: 'evacuation',
        status: 'accepted',
        sourceCompute: instance.host,
        sourceNode: instance.node,
        destCompute: host,
        oldFlavorId: null,
        newFlavorId: null,
        userId: request.context.userId,
        projectId: request.context.projectId ?? '',
      });
      await conductor(deps).cast('evacuate_instance', {
        context: accepted.context,
        instanceUuid: instance.uuid,
        host,
        adminPassword: password,
      });
      // 200, with the password before 2.14 (`[api] enable_instance_password` is on).
      return version.below('2.14') ? { status: 200, body: { adminPass: password } } : { status: 200 };
    },
  },
};
