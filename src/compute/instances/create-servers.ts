import { randomInt, randomUUID } from 'node:crypto';
import { canonicalIpv6 } from './access-ip.js';
import type { Transaction } from 'kysely';
import { Forbidden } from '../../common/http/errors.js';
import type { ComputeSchema } from '../db/schema.js';
import type { ComputeDeps } from '../deps.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import type { RpcContext } from '../rpc/context.js';
import { CONDUCTOR_TOPIC, type ConductorMethods } from '../rpc/conductor-api.js';
import type { StoredRequestSpec } from '../rpc/request-spec.js';
import { RpcClient } from '../../common/bus/index.js';
import type { ServerGroup } from '../server-groups/server-groups-repo.js';
import type { FlavorSpec } from '../virt/types.js';
import { sizedBdm, validateBdms, type BlockDeviceRequest } from './block-device-requests.js';
import { InstanceAction, InstanceActionsRepo } from './instance-actions-repo.js';
import { flavorColumns, type InstanceRow, type NewInstanceRow } from './instance-repo.js';
import { projectLocksOf } from './project-lock.js';
import { checkInstanceQuota } from './instance-quota.js';
import { PowerState, TaskState, VmState } from './states.js';

/**
 * The API side of creating servers (Nova's `_provision_instances` and the cast to the conductor):
 * under the project's lock, the instances/cores/ram quota (which may lower the count between
 * min and max), the block device checks, the server group member quota, and every row of every
 * server in one transaction; then `build_instances` to the conductor.
 */
export interface CreateServersRequest {
  context: RpcContext;
  /** Kept in system metadata (`owner_user_name`, `owner_project_name`). */
  owner: { userName: string | null; projectName: string | null };
  /** Base name; several servers get `-1`, `-2`... */
  name: string;
  description: string | null;
  /** The hostname asked for (2.90), or null to derive one from the name. */
  hostname: string | null;
  imageRef: string;
  flavor: FlavorSpec;
  keyPair: { name: string; publicKey: string } | null;
  userData: string | null;
  configDrive: boolean;
  availabilityZone: string | null;
  accessIpV4: string | null;
  accessIpV6: string | null;
  rootDeviceName: string | null;
  metadata: Record<string, string>;
  systemMetadata: Record<string, string>;
  bdms: BlockDeviceRequest[];
  /** Whether an image exists, for images other than `imageRef` that BDMs name (looked up before). */
  imageExists: (imageId: string) => boolean;
  minCount: number;
  maxCount: number;
  tags: string[];
  group: ServerGroup | null;
  trustedCertificates: string[] | null;
  adminPassword: string | null;
  /** The request spec every server shares, but for its count. */
  spec: Omit<StoredRequestSpec, 'numInstances'>;
}

export interface CreatedServers {
  instances: InstanceRow[];
  reservationId: string;
}

/** `utils.generate_uid('r')`: `r-` and 8 of Nova's characters. */
export function reservationId(): string {
  const characters = '01234567890abcdefghijklmnopqrstuvwxyz';
  let id = 'r-';
  for (let i = 0; i < 8; i++) id += characters[randomInt(characters.length)];
  return id;
}

/** `utils.sanitize_hostname` (without the default: callers fall back themselves). */
export function sanitizeHostname(name: string): string {
  const latin1 = [...name].filter((c) => c.charCodeAt(0) <= 0xff).join('');
  return (
    latin1
      .slice(0, 63)
      .replace(/[ _.]/g, '-')
      // Python's \w knows every letter and digit, not only ASCII ones.
      .replace(/[^\p{L}\p{N}\p{Mn}_.-]+/gu, '')
      .toLowerCase()
      .replace(/^[.-]+|[.-]+$/g, '')
  );
}

/** `_populate_instance_names`: the display name and hostname of server `index` of `count`. */
function namesOf(request: CreateServersRequest, uuid: string, index: number, count: number) {
  let hostname = request.hostname;
  if (!hostname) {
    const sanitized = sanitizeHostname(request.name);
    hostname = !sanitized ? `Server-${uuid}` : count > 1 ? `${sanitized}-${index + 1}` : sanitized;
  }
  return { displayName: count > 1 ? `${request.name}-${index + 1}` : request.name, hostname };
}

/** `server_group_members`: a user's live servers in the group, checked before each joins. */
async function checkGroupMembers(
  trx: Transaction<ComputeSchema>,
  group: ServerGroup,
  context: RpcContext,
  limit: number,
): Promise<number> {
  const groupRow = await trx
    .selectFrom('server_groups')
    .select('id')
    .where('uuid', '=', group.uuid)
    .executeTakeFirst();
  if (!groupRow) throw new Forbidden('Quota exceeded, too many servers in group');
  const { count } = await trx
    .selectFrom('server_group_members')
    .innerJoin('instances', 'instances.uuid', 'server_group_members.instance_uuid')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('server_group_members.group_id', '=', groupRow.id)
    .where('instances.user_id', '=', context.userId)
    .where('instances.deleted', '=', 0)
    .executeTakeFirstOrThrow();
  if (limit >= 0 && Number(count) + 1 > limit)
    throw new Forbidden('Quota exceeded, too many servers in group');
  return groupRow.id;
}

function instanceRow(
  request: CreateServersRequest,
  uuid: string,
  index: number,
  count: number,
  resId: string,
  now: string,
) {
  const names = namesOf(request, uuid, index, count);
  const row: NewInstanceRow = {
    uuid,
    display_name: names.displayName,
    display_description: request.description,
    project_id: request.context.projectId,
    user_id: request.context.userId,
    image_ref: request.imageRef,
    ...flavorColumns(request.flavor),
    old_flavor: null,
    new_flavor: null,
    key_name: request.keyPair?.name ?? null,
    key_data: request.keyPair?.publicKey ?? null,
    user_data: request.userData,
    config_drive: request.configDrive ? 1 : 0,
    availability_zone: request.availabilityZone,
    host: null,
    node: null,
    launched_on: null,
    vm_state: VmState.BUILDING,
    task_state: TaskState.SCHEDULING,
    power_state: PowerState.NOSTATE,
    locked: 0,
    locked_by: null,
    locked_reason: null,
    reservation_id: resId,
    launch_index: index,
    hostname: names.hostname,
    access_ip_v4: request.accessIpV4,
    access_ip_v6: request.accessIpV6 && canonicalIpv6(request.accessIpV6),
    progress: 0,
    root_device_name: request.rootDeviceName,
    system_metadata: JSON.stringify({
      ...request.systemMetadata,
      owner_user_name: request.owner.userName ?? '',
      owner_project_name: request.owner.projectName ?? '',
    }),
    network_info: '[]',
    security_groups: JSON.stringify(request.spec.securityGroups),
    trusted_image_certificates: request.trustedCertificates
      ? JSON.stringify(request.trustedCertificates)
      : null,
    created_at: now,
    updated_at: now,
    scheduled_at: null,
    launched_at: null,
    terminated_at: null,
    deleted_at: null,
    deleted: 0,
  };
  return row;
}

async function insertServer(
  trx: Transaction<ComputeSchema>,
  deps: ComputeDeps,
  request: CreateServersRequest,
  row: NewInstanceRow,
  count: number,
  groupId: number | null,
): Promise<void> {
  const uuid = row.uuid;
  const now = row.created_at;
  await trx.insertInto('instances').values(row).execute();
  const metadata = Object.entries(request.metadata);
  if (metadata.length > 0) {
    await trx
      .insertInto('instance_metadata')
      .values(metadata.map(([key, value]) => ({ instance_uuid: uuid, key, value })))
      .execute();
  }
  const tags = [...new Set(request.tags)];
  if (tags.length > 0) {
    await trx
      .insertInto('instance_tags')
      .values(tags.map((tag) => ({ instance_uuid: uuid, tag })))
      .execute();
  }
  const bdms = request.bdms.map((bdm) => sizedBdm(bdm, request.flavor)).filter((bdm) => !bdm.noDevice);
  if (bdms.length > 0) {
    await trx
      .insertInto('block_device_mappings')
      .values(
        bdms.map((bdm) => ({
          uuid: randomUUID(),
          instance_uuid: uuid,
          source_type: bdm.sourceType ?? '',
          destination_type: bdm.destinationType ?? '',
          device_name: bdm.deviceName,
          boot_index: bdm.bootIndex,
          image_id: bdm.imageId,
          volume_id: bdm.volumeId,
          snapshot_id: bdm.snapshotId,
          volume_size: bdm.volumeSize,
          volume_type: bdm.volumeType,
          delete_on_termination: bdm.deleteOnTermination ? 1 : 0,
          guest_format: bdm.guestFormat,
          disk_bus: bdm.diskBus,
          device_type: bdm.deviceType,
          tag: bdm.tag,
          attachment_id: null,
          connection_info: null,
          created_at: now,
          updated_at: null,
        })),
      )
      .execute();
  }
  const spec: StoredRequestSpec = { ...request.spec, numInstances: count };
  await trx
    .insertInto('request_specs')
    .values({ instance_uuid: uuid, spec: JSON.stringify(spec) })
    .execute();
  if (groupId !== null)
    await trx.insertInto('server_group_members').values({ group_id: groupId, instance_uuid: uuid }).execute();
  await new InstanceActionsRepo(trx, deps.now).start({
    instanceUuid: uuid,
    action: InstanceAction.CREATE,
    requestId: request.context.requestId,
    userId: request.context.userId,
    projectId: request.context.projectId,
  });
}

/** Writes the servers of one create request and asks the conductor to build them. */
export async function createServers(
  deps: ComputeDeps,
  request: CreateServersRequest,
): Promise<CreatedServers> {
  const { context } = request;
  const resId = reservationId();
  const rows = await projectLocksOf(deps.db).run(context.projectId, async () => {
    const count = await checkInstanceQuota(deps, context.projectId, context.userId, request.flavor, {
      min: request.minCount,
      max: request.maxCount,
    });
    validateBdms(request.bdms, request.flavor, request.imageExists);
    const groupLimit = request.group
      ? (await computeQuotas(deps).userQuotas(context.projectId, context.userId)).server_group_members
      : -1;
    const stamp = deps.now().toISOString();
    // Reads inside go through `trx`: on SQLite the transaction holds the one connection.
    return deps.db.transaction().execute(async (trx) => {
      for (let index = 0; index < count; index++) {
        const groupId = request.group
          ? await checkGroupMembers(trx, request.group, context, groupLimit)
          : null;
        const row = instanceRow(request, randomUUID(), index, count, resId, stamp);
        await insertServer(trx, deps, request, row, count, groupId);
      }
      return trx
        .selectFrom('instances')
        .selectAll()
        .where('reservation_id', '=', resId)
        .orderBy('launch_index')
        .execute();
    });
  });
  try {
    await new RpcClient<ConductorMethods>(deps.bus, CONDUCTOR_TOPIC).cast('build_instances', {
      context,
      instanceUuids: rows.map((row) => row.uuid),
      adminPassword: request.adminPassword,
    });
  } catch (error) {
    deps.logger.error(
      { err: error, instances: rows.map((row) => row.uuid) },
      'could not ask the conductor to build',
    );
  }
  return { instances: rows, reservationId: resId };
}
