import { BadRequest } from '../../../common/http/errors.js';
import { canonicalIpv6 } from '../../instances/access-ip.js';
import type { ComputeDeps } from '../../deps.js';
import { acceptServerAction, checkServerAction } from '../../instances/accept-action.js';
import {
  checkFlavorImage,
  checkMetadataQuota,
  imageProperties,
  systemMetadataFromImage,
} from '../../instances/create-checks.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import {
  flavorOf,
  systemMetadataOf,
  type InstanceChanges,
  type InstanceRow,
} from '../../instances/instance-repo.js';
import { getKeyPair } from '../../keypairs/keypairs-repo.js';
import { authorize } from '../../policies.js';
import { boolFromString } from '../../python-values.js';
import { detailedServers } from '../servers-detail.js';
import { generatePassword } from '../servers-create.js';
import { AUTO_DISK_CONFIG_KEY } from '../views/servers.js';
import { agentOf, loadAndAuthorize, targetOf, type ActionCall, type ActionResult } from './action-table.js';

interface RebuildArgs {
  imageRef: string;
  name?: string;
  adminPass?: string;
  metadata?: Record<string, string>;
  preserve_ephemeral?: boolean | string;
  'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL';
  accessIPv4?: string;
  accessIPv6?: string;
  description?: string | null;
  key_name?: string | null;
  user_data?: string | null;
  trusted_image_certificates?: string[] | null;
  hostname?: string;
}

/** The metadata of a rebuild replaces the server's. */
async function replaceMetadata(
  deps: ComputeDeps,
  uuid: string,
  metadata: Record<string, string>,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('instance_metadata').where('instance_uuid', '=', uuid).execute();
    const rows = Object.entries(metadata).map(([key, value]) => ({ instance_uuid: uuid, key, value }));
    if (rows.length > 0) await trx.insertInto('instance_metadata').values(rows).execute();
  });
}

/**
 * What the request changes on the instance besides the image: Nova's `instance.update(kwargs)`
 * of the fields each microversion lets through.
 */
async function requestedChanges(call: ActionCall, args: RebuildArgs): Promise<InstanceChanges> {
  const { deps, request } = call;
  const version = request.microversion;
  const changes: InstanceChanges = {};
  if (args.name !== undefined) changes.display_name = args.name.trim();
  if (args.description !== undefined) changes.display_description = args.description;
  if (args.accessIPv4 !== undefined) changes.access_ip_v4 = args.accessIPv4;
  if (args.accessIPv6 !== undefined) changes.access_ip_v6 = args.accessIPv6 && canonicalIpv6(args.accessIPv6);
  if (version.atLeast('2.54') && args.key_name !== undefined) {
    // The caller's key pair, not the owner's: users own keys, projects own servers.
    const keyPair = args.key_name
      ? await getKeyPair(deps.db, request.context.userId, args.key_name).catch(() => {
          throw new BadRequest('Invalid key_name provided.');
        })
      : null;
    changes.key_name = keyPair?.name ?? null;
    changes.key_data = keyPair?.public_key ?? null;
  }
  if (version.atLeast('2.57') && args.user_data !== undefined) changes.user_data = args.user_data;
  if (version.atLeast('2.63') && args.trusted_image_certificates !== undefined) {
    changes.trusted_image_certificates = args.trusted_image_certificates
      ? JSON.stringify(args.trusted_image_certificates)
      : null;
  }
  if (version.atLeast('2.90') && args.hostname !== undefined) changes.hostname = args.hostname;
  return changes;
}

/**
 * rebuild: the server again from `imageRef` (the caller's image), with the changes asked for;
 * the agent re-creates the guest on its host. 202 with the server as show gives it, its new
 * adminPass (generated unless given) and, from 2.57, its user data.
 */
export async function rebuild(call: ActionCall): Promise<ActionResult> {
  const { deps, request } = call;
  const version = request.microversion;
  const args = call.args as RebuildArgs;
  const password = args.adminPass !== undefined ? args.adminPass : generatePassword();
  const instance = await loadAndAuthorize(call, 'os_compute_api:servers:rebuild', true);
  if (version.atLeast('2.63') && args.trusted_image_certificates !== undefined) {
    authorize(
      deps.policy,
      'os_compute_api:servers:rebuild:trusted_certs',
      targetOf(instance, true),
      request.context,
    );
  }
  checkServerAction(deps, request, instance, 'rebuild');
  const changes = await requestedChanges(call, args);
  const image = await deps.imagesFor(request.context.token).getImage(args.imageRef);
  if (!image) throw new BadRequest('Cannot find image for rebuild');
  if (!instance.image_ref) {
    // The root volume's image is Cinder's to know, and its reimage (2.93) Cinder's to do.
    throw new BadRequest(
      `Image ${args.imageRef} is unacceptable: Unable to rebuild with a different image for a volume-backed server.`,
    );
  }
  const flavor = flavorOf(instance);
  await checkMetadataQuota(deps, instance.project_id, request.context.userId, args.metadata ?? {});
  checkFlavorImage(image, args.imageRef, flavor, null, () =>
    deps.policy.check('os_compute_api:servers:create:zero_disk_flavor', {}, request.context),
  );
  const properties = imageProperties(image);
  const diskConfig = args['OS-DCF:diskConfig'];
  if (diskConfig === 'AUTO' && properties.auto_disk_config?.trim().toLowerCase() === 'disabled') {
    throw new BadRequest(`Requested image ${image.id} has automatic disk resize disabled.`);
  }
  const autoDiskConfig =
    diskConfig === undefined
      ? (boolFromString(properties.auto_disk_config ?? 'false') ?? false)
      : diskConfig === 'AUTO';
  // The image's properties replace the old image's in the system metadata.
  const kept = Object.entries(systemMetadataOf(instance)).filter(([key]) => !key.startsWith('image_'));
  const systemMetadata = {
    ...Object.fromEntries(kept),
    ...systemMetadataFromImage(image, flavor, image.id),
    image_base_image_ref: image.id,
    [AUTO_DISK_CONFIG_KEY]: autoDiskConfig ? 'True' : 'False',
  };
  const accepted = await acceptServerAction(deps, request, instance, 'rebuild', {
    record: InstanceAction.REBUILD,
    needsHost: true,
    changes: {
      ...changes,
      image_ref: args.imageRef,
      progress: 0,
      system_metadata: JSON.stringify(systemMetadata),
    },
  });
  if (args.metadata !== undefined) await replaceMetadata(deps, instance.uuid, args.metadata);
  await agentOf(deps, accepted.instance).cast('rebuild_instance', {
    context: accepted.context,
    instanceUuid: instance.uuid,
    imageRef: args.imageRef,
    adminPassword: password,
    preserveEphemeral: boolFromString(args.preserve_ephemeral ?? false) ?? false,
    evacuatedFrom: null,
  });
  return { status: 202, ...(await rebuildAnswer(call, accepted.instance, password)) };
}

/** The server as show gives it (all of it from 2.75, as PUT), with adminPass and user data. */
async function rebuildAnswer(call: ActionCall, instance: InstanceRow, password: string) {
  const { deps, request } = call;
  const version = request.microversion;
  const [server] = await detailedServers(deps, request, [instance], {
    single: true,
    full: version.atLeast('2.75'),
    showServerGroups: version.atLeast('2.71'),
  });
  if (version.atLeast('2.54')) server.key_name = instance.key_name;
  // Nova's rebuild view is built with `show_user_data=False`: the user data is `user_data` below
  // (2.57), never the extended attribute an admin's full view (2.75) would otherwise carry.
  delete server['OS-EXT-SRV-ATTR:user_data'];
  server.adminPass = password;
  if (version.atLeast('2.57')) server.user_data = instance.user_data;
  const self = (server.links as { rel: string; href: string }[]).find((link) => link.rel === 'self');
  return { body: { server }, ...(self ? { headers: { location: self.href } } : {}) };
}
