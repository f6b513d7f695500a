import { randomInt } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Image } from '../../common/clients/image-client.js';
import { ApiError, BadRequest } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { flavorSpecOf, getFlavor } from '../flavors/flavors-repo.js';
import {
  completeBdms,
  fromApi,
  fromLegacy,
  rootBdm,
  stripDev,
  type BlockDeviceRequest,
} from '../instances/block-device-requests.js';
import {
  checkFlavorImage,
  checkInjectedFiles,
  checkMetadataQuota,
  checkRequestedDestination,
  checkZoneAvailable,
  imageMetaOf,
  imageProperties,
  parseAvailabilityZone,
  systemMetadataFromImage,
  zoneForForcedHost,
} from '../instances/create-checks.js';
import { createServers, type CreatedServers } from '../instances/create-servers.js';
import { callerIsAdmin, rpcContextOf } from '../instances/lookup.js';
import { networkServiceFor } from '../instances/network-service.js';
import { volumeServiceFor } from '../instances/volume-service.js';
import { checkRequestedVolumes } from '../volumes/requested-volumes.js';
import { PortLimitExceeded } from '../networking/errors.js';
import { getKeyPair } from '../keypairs/keypairs-repo.js';
import { authorize } from '../policies.js';
import { boolFromString } from '../python-values.js';
import type { RequestedNetwork } from '../rpc/request-spec.js';
import { ServerGroupsRepo, type ServerGroup } from '../server-groups/server-groups-repo.js';
import type { FlavorSpec } from '../virt/types.js';
import { createServerSchema } from './schemas/servers.js';
import { isUuidLike, validateBody } from './schemas/servers-validation.js';
import { AUTO_DISK_CONFIG_KEY } from './views/servers.js';

/** The body of `POST /servers` once its microversion's schema has passed. */
export interface CreateBody {
  server: {
    name: string;
    imageRef?: string;
    flavorRef: string | number;
    adminPass?: string;
    metadata?: Record<string, string>;
    networks?: 'auto' | 'none' | { uuid?: string; port?: string | null; fixed_ip?: string; tag?: string }[];
    'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL';
    accessIPv4?: string;
    accessIPv6?: string;
    personality?: { path?: string; contents?: string }[];
    availability_zone?: string;
    block_device_mapping?: Record<string, unknown>[];
    block_device_mapping_v2?: Record<string, unknown>[];
    config_drive?: boolean | string;
    key_name?: string;
    min_count?: number | string;
    max_count?: number | string;
    return_reservation_id?: boolean | string;
    security_groups?: { name?: string }[];
    user_data?: string;
    description?: string | null;
    tags?: string[];
    trusted_image_certificates?: string[] | null;
    host?: string;
    hypervisor_hostname?: string;
    hostname?: string;
  };
  'os:scheduler_hints'?: Record<string, unknown>;
  'OS-SCH-HNT:scheduler_hints'?: Record<string, unknown>;
}

const POLICY = (action: string) => `os_compute_api:servers:${action}`;

/** `utils.generate_password`: 12 characters, one of each group at least, none easily confused. */
export function generatePassword(length = 12): string {
  const groups = ['23456789', 'ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz'];
  const all = groups.join('');
  const chars = groups.map((group) => group[randomInt(group.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** `_get_requested_networks`: the list form checked as Nova's controller checks it. */
function requestedNetworks(
  networks: CreateBody['server']['networks'],
): 'none' | 'auto' | RequestedNetwork[] | null {
  if (networks === undefined) return null;
  if (typeof networks === 'string') return networks;
  const ports = new Set<string>();
  return networks.map((network) => {
    const fixedIp = network.fixed_ip ?? null;
    const port = network.port ?? null;
    if (port) {
      if (ports.has(port)) {
        throw new BadRequest(
          `Port ID '${port}' was specified twice: you cannot attach a port multiple times.`,
        );
      }
      if (fixedIp !== null) {
        throw new BadRequest(
          `Specified Fixed IP '${fixedIp}' cannot be used with port '${port}': the two cannot be specified together.`,
        );
      }
      ports.add(port);
      return { networkId: null, portId: port, fixedIp, tag: network.tag ?? null };
    }
    if (network.uuid === undefined) throw new BadRequest("Bad network format: missing 'uuid'");
    if (!isUuidLike(network.uuid)) {
      throw new BadRequest(`Bad networks format: network uuid is not in proper format (${network.uuid})`);
    }
    return { networkId: network.uuid, portId: null, fixedIp, tag: network.tag ?? null };
  });
}

/** Scheduler hints with each value as a list of strings, as the filters read them. */
function hintLists(hints: Record<string, unknown>): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(hints)) {
    lists[key] = (Array.isArray(value) ? value : [value]).map((item) =>
      typeof item === 'string' ? item : JSON.stringify(item),
    );
  }
  return lists;
}

/** `common.get_id_from_href`: the last path segment of a link, or the id itself. */
function idFromHref(href: string | number): string {
  const text = String(href);
  try {
    return decodeURIComponent(new URL(text).pathname.split('/').at(-1) ?? '');
  } catch {
    return text.split('?')[0].split('/').at(-1) ?? '';
  }
}

async function flavorFor(
  deps: ComputeDeps,
  request: FastifyRequest,
  ref: string | number,
): Promise<FlavorSpec> {
  const flavorId = idFromHref(ref);
  const viewer = { isAdmin: callerIsAdmin(deps, request), projectId: request.context.projectId };
  const row = await getFlavor(deps.db, viewer, flavorId).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) throw new BadRequest(error.message);
    throw error;
  });
  // A disabled flavor is Nova's FlavorNotFound of its internal id.
  if (row.disabled) throw new BadRequest(`Flavor ${row.id} could not be found.`);
  return flavorSpecOf(deps.db, row);
}

/** The block device mappings of the request, before the image and flavor disks are added. */
function requestedBdms(deps: ComputeDeps, request: FastifyRequest, server: CreateBody['server']) {
  const legacy = server.block_device_mapping ?? [];
  const v2 = server.block_device_mapping_v2 ?? [];
  if (legacy.length > 0 && v2.length > 0) {
    throw new BadRequest('Using different block_device_mapping syntaxes is not allowed in the same request.');
  }
  const bdms = v2.map((entry) => fromApi(entry, server.imageRef !== undefined));
  if (legacy.length > 0 || bdms.length > 0) {
    const { projectId, userId } = request.context;
    authorize(
      deps.policy,
      POLICY('create:attach_volume'),
      { project_id: projectId, user_id: userId },
      request.context,
    );
  }
  return { legacy, v2: bdms, isLegacy: v2.length === 0 };
}

/** `POST /servers`: checks the request as Nova's controller and compute API do, then provisions. */
export async function createServersFromRequest(
  deps: ComputeDeps,
  request: FastifyRequest,
): Promise<{ created: CreatedServers; server: CreateBody['server']; adminPass: string }> {
  const version = request.microversion;
  const body = validateBody<CreateBody>(createServerSchema(version), request.body);
  const { server } = body;
  const context = request.context;
  const projectId = context.projectId ?? '';
  const adminPass = server.adminPass ?? generatePassword();
  const name = server.name.trim();
  const description = version.atLeast('2.19') ? (server.description ?? null) : name;
  const hostname = version.atLeast('2.90') ? (server.hostname ?? null) : null;
  const minCount = Number(server.min_count ?? 1);
  const maxCount = Number(server.max_count ?? minCount);
  if (minCount > maxCount) throw new BadRequest('min_count must be <= max_count');
  const hints = body['os:scheduler_hints'] ?? body['OS-SCH-HNT:scheduler_hints'] ?? {};
  const target = {
    project_id: projectId,
    user_id: context.userId,
    availability_zone: server.availability_zone,
  };
  authorize(deps.policy, POLICY('create'), target, context);
  const trustedCertificates = server.trusted_image_certificates ?? null;
  if (trustedCertificates) authorize(deps.policy, POLICY('create:trusted_certs'), target, context);

  const parsedZone = parseAvailabilityZone(server.availability_zone);
  let zone = parsedZone.zone;
  const { host: forcedHost, node: forcedNode } = parsedZone;
  if (forcedHost || forcedNode) {
    authorize(deps.policy, POLICY('create:forced_host'), target, context);
    zone = await zoneForForcedHost(deps, zone, forcedHost);
  }
  const requestedHost = server.host ?? null;
  const requestedNode = server.hypervisor_hostname ?? null;
  if (requestedHost || requestedNode) {
    authorize(deps.policy, 'compute:servers:create:requested_destination', target, context);
    if (forcedHost || forcedNode) {
      throw new BadRequest(
        'One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.',
      );
    }
  }
  const bdmRequest = requestedBdms(deps, request, server);
  const hasBdms = bdmRequest.legacy.length > 0 || bdmRequest.v2.length > 0;
  if (!server.imageRef && !hasBdms) throw new BadRequest('Missing imageRef attribute');
  const imageRef = server.imageRef ?? '';
  const networks = requestedNetworks(server.networks);
  if (networks !== null && networks !== 'none' && (networks === 'auto' || networks.length > 0)) {
    authorize(deps.policy, POLICY('create:attach_network'), target, context);
  }
  const flavor = await flavorFor(deps, request, server.flavorRef);

  // nova.compute.api.API.create
  if (Array.isArray(networks) && maxCount > 1) {
    if (networks.some((network) => network.networkId && network.fixedIp)) {
      throw new BadRequest(
        'Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.',
      );
    }
    if (networks.some((network) => network.portId)) {
      throw new BadRequest(
        'Failed to launch instances: Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.',
      );
    }
  }
  if (hostname && maxCount > 1)
    throw new BadRequest('Unable to allocate a single hostname to multiple instances');
  if (zone && forcedHost === null) await checkZoneAvailable(deps, zone);

  const images = deps.imagesFor(context.token);
  let image: Image | null = null;
  if (imageRef) {
    image = await images.getImage(imageRef);
    if (!image) throw new BadRequest('Can not find requested image');
  } else {
    if (trustedCertificates) {
      throw new BadRequest('Image certificate validation is not supported when booting from volume');
    }
    // Booted from a volume made of an image: that image's metadata stands for the server's.
    const root = bdmRequest.isLegacy ? null : rootBdm(bdmRequest.v2);
    if (root?.imageId) {
      image = await images.getImage(root.imageId);
      if (!image)
        throw new BadRequest(`Block Device Mapping is Invalid: failed to get image ${root.imageId}.`);
    }
  }
  const properties = image ? imageProperties(image) : {};
  const diskConfig = server['OS-DCF:diskConfig'];
  const autoDiskConfig =
    diskConfig === undefined
      ? (boolFromString(properties.auto_disk_config ?? 'false') ?? false)
      : diskConfig === 'AUTO';
  if (diskConfig === 'AUTO' && properties.auto_disk_config?.trim().toLowerCase() === 'disabled') {
    throw new BadRequest(`Requested image ${image?.id} has automatic disk resize disabled.`);
  }
  const securityGroups = server.security_groups
    ? [...new Set(server.security_groups.map((group) => group.name).filter((n): n is string => !!n))]
    : [];
  // `_check_requested_secgroups` and `_check_requested_networks`: the port quota may lower max_count.
  const validated = await networkServiceFor(deps).validateServerCreate(
    { context, rpc: rpcContextOf(deps, request) },
    networks,
    securityGroups,
    {
      maxCount: maxCount || minCount || 1,
      mayAttachExternal: () => deps.policy.check('network:attach_external_network', target, context),
    },
  );
  if (validated.maxCount < (minCount || 1)) throw new PortLimitExceeded();
  let keyPair: { name: string; publicKey: string } | null = null;
  if (server.key_name !== undefined) {
    const row = await getKeyPair(deps.db, context.userId, server.key_name).catch(() => {
      throw new BadRequest('Invalid key_name provided.');
    });
    keyPair = { name: row.name, publicKey: row.public_key };
  }
  const rootDeviceName = properties.root_device_name ? `/dev/${stripDev(properties.root_device_name)}` : null;

  const completed: BlockDeviceRequest[] = completeBdms(
    bdmRequest.isLegacy ? fromLegacy(bdmRequest.legacy, imageRef, rootDeviceName ?? 'vda') : bdmRequest.v2,
    { imageRef, rootDeviceName, flavor, multiple: minCount > 1 || maxCount > 1 },
  );
  // Without a block storage service nothing can be looked up: the build finds no volume.
  const bdms = deps.volume
    ? await checkRequestedVolumes(volumeServiceFor(deps), rpcContextOf(deps, request), completed)
    : completed;
  const root = rootBdm(bdms);
  const metadata = server.metadata ?? {};
  await checkMetadataQuota(deps, projectId, context.userId, metadata);
  const files = (server.personality ?? []).map((file) => ({
    path: file.path ?? '',
    contents: Buffer.from(file.contents ?? '', 'base64'),
  }));
  await checkInjectedFiles(deps, projectId, context.userId, files);
  checkFlavorImage(image, imageRef, flavor, root, () =>
    deps.policy.check(POLICY('create:zero_disk_flavor'), { project_id: projectId }, context),
  );
  let group: ServerGroup | null = null;
  if (typeof hints.group === 'string') {
    group = await new ServerGroupsRepo(deps.db).get(hints.group).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) throw new BadRequest(error.message);
      throw error;
    });
  }
  if (requestedHost || requestedNode) await checkRequestedDestination(deps, requestedHost, requestedNode);
  // Images other than the server's that BDMs name must exist (Nova's InvalidBDMImage).
  const found = new Set<string>(imageRef ? [imageRef] : []);
  for (const id of new Set(
    bdms.map((bdm) => bdm.imageId).filter((id): id is string => !!id && id !== imageRef),
  )) {
    if (await images.getImage(id)) found.add(id);
  }
  const systemMetadata = {
    ...systemMetadataFromImage(image, flavor, imageRef),
    [AUTO_DISK_CONFIG_KEY]: autoDiskConfig ? 'True' : 'False',
  };
  const created = await createServers(deps, {
    context: rpcContextOf(deps, request),
    owner: { userName: context.userName, projectName: context.projectName },
    name,
    description,
    hostname,
    imageRef,
    flavor,
    keyPair,
    userData: server.user_data ?? null,
    // Nova's configdrive.required_by: asked for, forced by the operator, or the image's demand.
    configDrive:
      (boolFromString(server.config_drive ?? false) ?? false) ||
      deps.settings.forceConfigDrive ||
      properties.img_config_drive === 'mandatory',
    availabilityZone: zone,
    accessIpV4: server.accessIPv4 ?? null,
    accessIpV6: server.accessIPv6 ?? null,
    rootDeviceName,
    metadata,
    systemMetadata,
    bdms,
    imageExists: (id) => found.has(id),
    minCount: minCount || 1,
    maxCount: validated.maxCount,
    tags: version.atLeast('2.52') ? (server.tags ?? []) : [],
    group,
    trustedCertificates,
    adminPassword: adminPass,
    spec: {
      projectId,
      userId: context.userId,
      flavor,
      image: image ? imageMetaOf(image) : null,
      availabilityZone: zone,
      instanceGroupUuid: group?.uuid ?? null,
      schedulerHints: hintLists(hints),
      forceHosts: forcedHost ? [forcedHost] : [],
      forceNodes: forcedNode ? [forcedNode] : [],
      requestedDestination:
        requestedHost || requestedNode ? { host: requestedHost, node: requestedNode } : null,
      requestedNetworks: validated.networks,
      securityGroups: securityGroups.length > 0 ? securityGroups : ['default'],
      isVolumeBacked: root?.destinationType === 'volume',
    },
  });
  return { created, server, adminPass };
}
