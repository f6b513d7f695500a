import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import { parsePageRequest } from '../../common/http/pagination.js';
import type { ComputeDeps } from '../deps.js';
import {
  createFlavor,
  deleteFlavor,
  extraSpecsOf,
  getFlavor,
  setFlavorDescription,
  type FlavorRow,
  type FlavorViewer,
} from '../flavors/flavors-repo.js';
import { listFlavors, type FlavorListQuery, type FlavorSortKey } from '../flavors/list-flavors.js';
import { authorize, defaultTarget } from '../policies.js';
import { boolFromString, pythonInt } from '../python-values.js';
import {
  createFlavorBody,
  FLAVOR_LIST_PARAMETERS,
  flavorDetailListResponse,
  flavorIdParams,
  flavorListQuery,
  flavorListResponse,
  flavorResponse,
  updateFlavorBody,
} from './schemas/flavors.js';
import { checkName, lastOf, refuseUnknownQuery, VALID_DESCRIPTION } from './schemas/parameter-types.js';
import { collectionLinks } from './views/links.js';
import { FLAVOR_DESCRIPTION, FLAVOR_EXTRA_SPECS, flavorBrief, flavorDetail } from './views/flavors.js';

type ListQuery = Record<string, string[] | number[] | undefined>;
interface CreateBody {
  flavor: {
    name: string;
    id?: string | number | null;
    ram: number | string;
    vcpus: number | string;
    disk: number | string;
    'OS-FLV-EXT-DATA:ephemeral'?: number | string;
    swap?: number | string;
    rxtx_factor?: number | string;
    'os-flavor-access:is_public'?: boolean | string;
    description?: string | null;
  };
}

/** Nova's `context.is_admin`: the admin role, as the `context_is_admin` rule says. */
export function isAdmin(deps: ComputeDeps, request: FastifyRequest): boolean {
  return deps.policy.check('context_is_admin', {}, request.context);
}

export function viewerOf(deps: ComputeDeps, request: FastifyRequest): FlavorViewer {
  return { isAdmin: isAdmin(deps, request), projectId: request.context.projectId };
}

/** Whether a flavor view embeds extra specs: from 2.61, for callers the index rule allows. */
function showsExtraSpecs(deps: ComputeDeps, request: FastifyRequest): boolean {
  return (
    request.microversion.atLeast(FLAVOR_EXTRA_SPECS) &&
    deps.policy.check(
      'os_compute_api:os-flavor-extra-specs:index',
      defaultTarget(request.context),
      request.context,
    )
  );
}

/** A flavor's full view for this request, with its extra specs when they are shown. */
export async function flavorView(deps: ComputeDeps, request: FastifyRequest, row: FlavorRow) {
  const specs = showsExtraSpecs(deps, request)
    ? (await extraSpecsOf(deps.db, [row.id])).get(row.id)
    : undefined;
  return { flavor: flavorDetail(row, request.microversion, deps.baseUrl, specs) };
}

/** Nova's `_parse_is_public`: admins may ask for public (default), private or `none` (all). */
function parseIsPublic(value: string | undefined): boolean | null {
  if (value === undefined) return true;
  if (value.toLowerCase() === 'none') return null;
  const parsed = boolFromString(value);
  if (parsed === undefined) throw new BadRequest(`Invalid is_public filter [${value}]`);
  return parsed;
}

function minimumFilter(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = pythonInt(value);
  if (parsed === undefined) throw new BadRequest(`Invalid ${name} filter [${value}]`);
  return parsed;
}

async function listPage(deps: ComputeDeps, request: FastifyRequest) {
  const query = request.query as ListQuery;
  if (request.microversion.atLeast('2.75')) refuseUnknownQuery(query, FLAVOR_LIST_PARAMETERS);
  const viewer = viewerOf(deps, request);
  const page = parsePageRequest(
    { limit: lastOf(query.limit as number[]), marker: lastOf(query.marker as string[]) },
    { maxLimit: deps.settings.maxLimit },
  );
  const listQuery: FlavorListQuery = {
    isPublic: viewer.isAdmin ? parseIsPublic(lastOf(query.is_public as string[])) : true,
    enabledOnly: !viewer.isAdmin,
    minMemoryMb: minimumFilter(lastOf(query.minRam as string[]), 'minRam'),
    minRootGb: minimumFilter(lastOf(query.minDisk as string[]), 'minDisk'),
    sortKey: (lastOf(query.sort_key as string[]) || 'flavorid') as FlavorSortKey,
    sortDir: (lastOf(query.sort_dir as string[]) || 'asc') as 'asc' | 'desc',
    limit: page.limit,
    ...(page.marker === undefined ? {} : { marker: page.marker }),
  };
  return { rows: await listFlavors(deps.db, viewer, listQuery), limit: page.limit };
}

function linksOf(
  deps: ComputeDeps,
  request: FastifyRequest,
  collection: string,
  rows: FlavorRow[],
  limit: number,
) {
  const links = collectionLinks(
    deps.baseUrl,
    collection,
    request.url,
    rows.length,
    limit,
    rows.at(-1)?.flavorid,
  );
  return links.length > 0 ? { flavors_links: links } : {};
}

/** Flavor values as Nova's `flavors.create` checks and converts them. */
function newFlavorValues(body: CreateBody['flavor'], withDescription: boolean) {
  const name = body.name.trim();
  const integer = (value: number | string | undefined, field: string, minimum: number) => {
    const parsed = typeof value === 'number' ? value : pythonInt(value ?? '0');
    if (parsed === undefined || !Number.isInteger(parsed)) {
      throw new BadRequest(`Invalid input received: ${field} must be an integer`);
    }
    if (parsed < minimum) throw new BadRequest(`Invalid input received: ${field} must be >= ${minimum}`);
    if (parsed > 0x7fffffff) throw new BadRequest(`Invalid input received: ${field} must be <= 2147483647`);
    return parsed;
  };
  const rxtx = Number(body.rxtx_factor ?? 1);
  if (!(rxtx > 0 && rxtx <= 3.40282e38)) {
    throw new BadRequest(
      "Invalid input received: 'rxtx_factor' argument must be a float between 0 and 3.40282e+38",
    );
  }
  const id = body.id;
  return {
    flavorid: id === undefined || id === null || id === '' || id === 0 ? randomUUID() : String(id),
    name,
    memory_mb: integer(body.ram, 'ram', 1),
    vcpus: integer(body.vcpus, 'vcpus', 1),
    root_gb: integer(body.disk, 'disk', 0),
    ephemeral_gb: integer(body['OS-FLV-EXT-DATA:ephemeral'], 'ephemeral', 0),
    swap: integer(body.swap, 'swap', 0),
    rxtx_factor: rxtx,
    is_public: boolFromString(body['os-flavor-access:is_public'] ?? true) === false ? 0 : 1,
    description: withDescription ? (body.description ?? null) : null,
  };
}

function checkDescription(description: string | null | undefined): void {
  if (typeof description === 'string' && !VALID_DESCRIPTION.test(description)) {
    throw new BadRequest(
      `Invalid input for field/attribute description. Value: ${description}. Description does not match the printable characters pattern`,
    );
  }
}

/** `/flavors`: list, detail, show, and (admin) create, update (2.55) and delete. */
export function flavorRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.get(
    '/flavors',
    { schema: { querystring: flavorListQuery, response: { 200: flavorListResponse } } },
    async (request) => {
      const { rows, limit } = await listPage(deps, request);
      return {
        flavors: rows.map((row) => flavorBrief(row, request.microversion, deps.baseUrl)),
        ...linksOf(deps, request, 'flavors', rows, limit),
      };
    },
  );

  app.get(
    '/flavors/detail',
    { schema: { querystring: flavorListQuery, response: { 200: flavorDetailListResponse } } },
    async (request) => {
      const { rows, limit } = await listPage(deps, request);
      const specs = showsExtraSpecs(deps, request)
        ? await extraSpecsOf(
            deps.db,
            rows.map((row) => row.id),
          )
        : undefined;
      return {
        flavors: rows.map((row) => flavorDetail(row, request.microversion, deps.baseUrl, specs?.get(row.id))),
        ...linksOf(deps, request, 'flavors/detail', rows, limit),
      };
    },
  );

  app.get<{ Params: { flavor_id: string } }>(
    '/flavors/:flavor_id',
    { schema: { params: flavorIdParams, response: { 200: flavorResponse } } },
    async (request) =>
      flavorView(deps, request, await getFlavor(deps.db, viewerOf(deps, request), request.params.flavor_id)),
  );

  app.post<{ Body: CreateBody }>(
    '/flavors',
    { schema: { body: createFlavorBody, response: { 200: flavorResponse } } },
    async (request) => {
      authorize(deps.policy, 'os_compute_api:os-flavor-manage:create', {}, request.context);
      const body = request.body.flavor;
      const withDescription = request.microversion.atLeast(FLAVOR_DESCRIPTION);
      if (!withDescription && 'description' in body) {
        throw new BadRequest("Additional properties are not allowed ('description' was unexpected)");
      }
      checkName(body.name);
      checkDescription(body.description);
      const row = await createFlavor(deps.db, newFlavorValues(body, withDescription), deps.now());
      return flavorView(deps, request, row);
    },
  );

  app.put<{ Params: { flavor_id: string }; Body: { flavor: { description: string | null } } }>(
    '/flavors/:flavor_id',
    { schema: { params: flavorIdParams, body: updateFlavorBody, response: { 200: flavorResponse } } },
    async (request) => {
      requireMicroversion(request, FLAVOR_DESCRIPTION);
      authorize(deps.policy, 'os_compute_api:os-flavor-manage:update', {}, request.context);
      checkDescription(request.body.flavor.description);
      const flavor = await getFlavor(deps.db, viewerOf(deps, request), request.params.flavor_id);
      const row = await setFlavorDescription(deps.db, flavor, request.body.flavor.description, deps.now());
      return flavorView(deps, request, row);
    },
  );

  app.delete<{ Params: { flavor_id: string } }>(
    '/flavors/:flavor_id',
    { schema: { params: flavorIdParams, response: { 202: { type: 'null' } } } },
    async (request, reply) => {
      authorize(deps.policy, 'os_compute_api:os-flavor-manage:delete', {}, request.context);
      await deleteFlavor(deps.db, request.params.flavor_id);
      return reply.status(202).send();
    },
  );
}
