import type { FastifyRequest } from 'fastify';
import { BadRequest, Forbidden } from '../../common/http/errors.js';
import { parsePageRequest } from '../../common/http/pagination.js';
import type { ComputeDeps } from '../deps.js';
import { getFlavor } from '../flavors/flavors-repo.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import {
  listInstances,
  REGEX_COLUMNS,
  type InstanceFilters,
  type InstanceSort,
} from '../instances/list-instances.js';
import { callerIsAdmin } from '../instances/lookup.js';
import { statesForStatuses, VmState } from '../instances/states.js';
import { authorize } from '../policies.js';
import { boolFromString } from '../python-values.js';
import {
  IGNORED_SORT_KEYS,
  IGNORED_SORT_KEYS_V273,
  JOINED_TABLE_PARAMETERS,
  serverQuerySchema,
  userSearchOptions,
} from './schemas/servers-query.js';
import { parseIsoTime, queryLists, validateQuery } from './schemas/servers-validation.js';

const POLICY = (action: string) => `os_compute_api:servers:${action}`;
const PAGING_AND_SORTING = ['sort_key', 'sort_dir', 'limit', 'marker'];
const TAG_FILTERS = ['tags', 'tags-any', 'not-tags', 'not-tags-any'] as const;

/** oslo's `bool_from_string(strict=True)` failure, as Nova's InvalidInput words it. */
function strictBool(value: string): boolean {
  const parsed = boolFromString(value);
  if (parsed === undefined) {
    throw new BadRequest(
      `Invalid input received: Unrecognized value '${value}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`,
    );
  }
  return parsed;
}

/** `get_sort_params` then `process_sort_params`: keys and directions, created_at and id last. */
function sortOf(query: Record<string, string[]>, blacklist: readonly string[]): InstanceSort[] {
  const keys = (query.sort_key ?? []).map((key) => key.trim());
  const dirs = (query.sort_dir ?? []).map((dir) => dir.trim());
  if (keys.length === 0) keys.push('created_at');
  if (dirs.length === 0) dirs.push('desc');
  // Ignored keys go with their direction, when there is one at their place.
  for (let i = keys.length - 1; i >= 0; i--) {
    if (blacklist.includes(keys[i])) {
      if (dirs.length > i) dirs.splice(i, 1);
      keys.splice(i, 1);
    }
  }
  const defaultDir = dirs[0] ?? 'desc';
  for (const dir of dirs) {
    if (dir !== 'asc' && dir !== 'desc') {
      throw new BadRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'");
    }
  }
  while (dirs.length < keys.length) dirs.push(defaultDir);
  if (dirs.length > keys.length)
    throw new BadRequest('Invalid input received: Sort direction size exceeds sort key size');
  for (const key of ['created_at', 'id']) {
    if (!keys.includes(key)) {
      keys.push(key);
      dirs.push(defaultDir);
    }
  }
  return keys.map((key, i) => ({ key, dir: dirs[i] as 'asc' | 'desc' }));
}

/** A regular expression from a filter value; Nova's REGEXP searches anywhere in the value. */
function regexOf(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    throw new BadRequest(`Invalid regular expression: ${pattern}`);
  }
}

/**
 * `_get_servers`: the filters, sorting and page of `GET /servers(/detail)` as Nova reads them
 * for the caller, then the rows. Returns null rows for Nova's early empty answers.
 */
export async function listServers(deps: ComputeDeps, request: FastifyRequest, isDetail: boolean) {
  const version = request.microversion;
  const query = queryLists(request.query);
  validateQuery(serverQuerySchema(version), query);
  const context = request.context;
  const isAdmin = callerIsAdmin(deps, request);
  const page = parsePageRequest(
    { limit: query.limit?.at(-1), marker: query.marker?.at(-1) },
    { maxLimit: deps.settings.maxLimit },
  );

  // webob's `req.GET` read into a dict: the last value of each parameter.
  const search = new Map<string, string>(
    Object.entries(query).map(([key, values]) => [key, values.at(-1) ?? '']),
  );
  if (deps.policy.check(POLICY('allow_all_filters'), { project_id: context.projectId }, context)) {
    for (const key of PAGING_AND_SORTING) search.delete(key);
  } else {
    const allowed = userSearchOptions(version);
    for (const key of [...search.keys()]) if (!allowed.includes(key)) search.delete(key);
  }
  for (const key of search.keys()) {
    if (JOINED_TABLE_PARAMETERS.includes(key) || key.startsWith('_')) {
      throw new BadRequest(`Invalid filter field: ${key}.`);
    }
  }

  const filters: InstanceFilters = { regex: {} };
  let vmStates: string[] | undefined;
  const statuses = query.status;
  search.delete('status');
  if (statuses) {
    const states = statesForStatuses(statuses);
    if (states.vmStates.length === 0) {
      if (version.atLeast('2.38')) throw new BadRequest('Invalid status value');
      return { rows: [] as InstanceRow[], limit: page.limit };
    }
    vmStates = states.vmStates;
    if (states.taskStates !== null) filters.taskStates = states.taskStates;
  }
  for (const name of ['changes-since', 'changes-before'] as const) {
    const text = search.get(name);
    if (text === undefined) continue;
    const parsed = parseIsoTime(text);
    if (!parsed) throw new BadRequest(`Invalid filter field: ${name}.`);
    if (name === 'changes-since') filters.changesSince = parsed;
    else filters.changesBefore = parsed;
  }
  if (filters.changesSince && filters.changesBefore && filters.changesBefore < filters.changesSince) {
    throw new BadRequest('The value of changes-since must be less than or equal to changes-before.');
  }
  if (search.has('deleted')) filters.deleted = boolFromString(search.get('deleted')) ?? false;
  else if (!filters.changesSince && !filters.changesBefore) filters.deleted = false;
  if (vmStates?.length === 1 && vmStates[0] === VmState.DELETED) {
    if (!isAdmin) throw new Forbidden('Only administrators may list deleted instances');
    filters.deleted = true;
  }
  if (search.has('soft_deleted')) filters.softDeleted = boolFromString(search.get('soft_deleted')) ?? true;
  if (version.atLeast('2.26')) {
    const tagFilters = {
      tags: 'tags',
      'tags-any': 'tagsAny',
      'not-tags': 'notTags',
      'not-tags-any': 'notTagsAny',
    } as const;
    for (const name of TAG_FILTERS) {
      const value = search.get(name);
      if (value !== undefined) filters[tagFilters[name]] = value.split(',');
    }
  }
  for (const name of TAG_FILTERS) search.delete(name);

  const allTenantsText = search.get('all_tenants');
  const allTenants =
    allTenantsText === undefined ? false : allTenantsText === '' || strictBool(allTenantsText);
  search.delete('all_tenants');
  if (search.has('locked')) filters.locked = strictBool(search.get('locked') as string);
  if (allTenants) {
    authorize(
      deps.policy,
      POLICY(isDetail ? 'detail:get_all_tenants' : 'index:get_all_tenants'),
      {},
      context,
    );
    const projectId = search.get('project_id') ?? search.get('tenant_id');
    if (projectId !== undefined) filters.projectId = projectId;
  } else if (context.projectId) {
    filters.projectId = context.projectId;
  } else {
    filters.userId = context.userId;
  }
  for (const key of [
    'project_id',
    'tenant_id',
    'deleted',
    'soft_deleted',
    'locked',
    'changes-since',
    'changes-before',
  ]) {
    search.delete(key);
  }

  // Exact filters, then every other one that names a column is a regular expression.
  const take = (key: string) => {
    const value = search.get(key);
    search.delete(key);
    return value;
  };
  const userId = take('user_id');
  if (userId !== undefined && filters.userId === undefined) filters.userId = userId;
  const imageRef = take('image_ref');
  const image = take('image') ?? imageRef;
  if (image !== undefined) filters.imageRef = image;
  const uuid = take('uuid');
  if (uuid !== undefined) filters.uuids = [uuid];
  const host = take('host');
  if (host !== undefined) filters.host = host;
  const vmState = take('vm_state');
  if (vmStates) filters.vmStates = vmStates;
  else if (vmState !== undefined) filters.vmStates = [vmState];
  const taskState = take('task_state');
  if (!statuses && taskState !== undefined) filters.taskStates = [taskState];
  const flavor = take('flavor');
  if (flavor !== undefined) {
    const viewer = { isAdmin, projectId: context.projectId };
    // A flavor the caller cannot see matches nothing.
    const found = await getFlavor(deps.db, viewer, flavor).catch(() => null);
    if (!found) return { rows: [] as InstanceRow[], limit: page.limit };
    filters.flavorId = found.flavorid;
  }
  const ip = take('ip');
  const ip6 = take('ip6');
  if (ip !== undefined || ip6 !== undefined) {
    // Nova compiles the absent one from the text 'None', which no address starts with.
    filters.ip = regexOf(`^(?:${ip ?? 'None'})`);
    filters.ip6 = regexOf(`^(?:${ip6 ?? 'None'})`);
  }
  const aliases: Record<string, string> = { name: 'display_name', description: 'display_description' };
  for (const [key, value] of search) {
    const column = aliases[key] ?? key;
    if (REGEX_COLUMNS[column]) filters.regex![column] = regexOf(value);
  }

  const blacklist = version.atLeast('2.73') ? IGNORED_SORT_KEYS_V273 : IGNORED_SORT_KEYS;
  const sort = sortOf(query, blacklist);
  for (const { key } of sort) {
    if ((key === 'host' || key === 'node') && !isAdmin) {
      throw new Forbidden(`Only administrators can sort servers by ${key}`);
    }
  }
  const rows = await listInstances(deps.db, { filters, sort, limit: page.limit, marker: page.marker });
  return { rows, limit: page.limit };
}
