import type { Microversion } from '../../../common/http/microversion.js';
import type { CandidateRequest, RequestGroup, RequestWideParams } from '../../candidates/request.js';
import { badRequest, ErrorCode } from '../../errors.js';
import { isUuidLike } from '../../uuid.js';
import { lastValues, parseMemberOf, parseResources, parseTraits, parseTraitValue } from '../query.js';
import { repr } from './python-text.js';
import { queryValidationMessage } from './query-schema.js';

/**
 * Reads the query string of `GET /allocation_candidates` as upstream does (placement/lib.py):
 * schema check, request-wide parameters, request groups by suffix, then the checks that tie
 * them together, in upstream's order so that the first problem found is the one reported.
 */

const { QUERYPARAM_MISSING_VALUE: MISSING_VALUE, QUERYPARAM_BAD_VALUE: BAD_VALUE } = ErrorCode;

function parseLimit(query: URLSearchParams, version: Microversion): number | null {
  const first = query.get('limit');
  if (first === null) return null;
  // The schema checked only the last value; upstream takes the first, so check it too.
  if (!/^\s*[+-]?\d+\s*$/.test(first)) {
    throw badRequest(queryValidationMessage({ ...lastValues(query), limit: first }, version)!);
  }
  return Number(first.trim());
}

function parseRootRequired(
  query: URLSearchParams,
  version: Microversion,
): { required: Set<string>; forbidden: Set<string> } {
  const values = query.getAll('root_required');
  if (values.length === 0) return { required: new Set(), forbidden: new Set() };
  if (values.length > 1) {
    throw badRequest(
      "Query parameter 'root_required' may be specified only once.",
      ErrorCode.ILLEGAL_DUPLICATE_QUERYPARAM,
    );
  }
  // root_required takes no `in:` lists, at any microversion.
  if (values[0].startsWith('in:')) {
    throw badRequest(
      `Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' only supported since microversion 1.39. Got: ${values[0]}`,
    );
  }
  const traits = parseTraitValue(values[0], version);
  const requiredNames = new Set(traits.required.flat());
  const forbidden = new Set(traits.forbidden);
  const conflicts = [...forbidden].filter((name) => requiredNames.has(name));
  if (conflicts.length) {
    throw badRequest(
      `Conflicting required and forbidden traits found in root_required: ${conflicts.sort().join(', ')}`,
      BAD_VALUE,
    );
  }
  return { required: requiredNames, forbidden };
}

function parseSameSubtrees(query: URLSearchParams): Set<string>[] {
  return query.getAll('same_subtree').map((value) => {
    const suffixes = new Set(value.split(',').map((suffix) => suffix.trim()));
    if (suffixes.has('')) {
      throw badRequest('Empty string (unsuffixed group) can not be specified in `same_subtree` ', BAD_VALUE);
    }
    return suffixes;
  });
}

function parseWideParams(query: URLSearchParams, version: Microversion): RequestWideParams {
  const limit = parseLimit(query, version);
  const groupPolicy = query.get('group_policy');
  const root = parseRootRequired(query, version);
  return {
    limit,
    groupPolicy,
    rootRequiredTraits: root.required,
    rootForbiddenTraits: root.forbidden,
    sameSubtrees: parseSameSubtrees(query),
  };
}

function emptyGroup(suffix: string): RequestGroup {
  return {
    suffix,
    useSameProvider: suffix !== '',
    resources: new Map(),
    requiredTraits: [],
    forbiddenTraits: new Set(),
    memberOf: [],
    forbiddenAggregates: new Set(),
    inTree: null,
  };
}

function readTraits(group: RequestGroup, query: URLSearchParams, version: Microversion): void {
  const traits = parseTraits(query, version, group.suffix);
  group.requiredTraits = traits.required.map((anyOf) => new Set(anyOf));
  group.forbiddenTraits = new Set(traits.forbidden);
}

function readMemberOf(group: RequestGroup, query: URLSearchParams, version: Microversion): void {
  const aggregates = parseMemberOf(query, version, group.suffix);
  group.memberOf = aggregates.required.map((anyOf) => new Set(anyOf));
  group.forbiddenAggregates = new Set(aggregates.forbidden);
}

/** The `in_tree` value: the uuid of any provider of the tree. */
function parseInTree(value: string): string {
  const uuid = value.trim();
  if (!isUuidLike(uuid)) {
    throw badRequest(
      `Invalid query string parameters: Expected 'in_tree' parameter to be a format of uuid. Got: ${value}`,
    );
  }
  return uuid;
}

/** The request groups by suffix, in the order the query first names them. */
function parseGroups(query: URLSearchParams, version: Microversion): Map<string, RequestGroup> {
  const suffix = version.atLeast('1.33') ? '[a-zA-Z0-9_-]{1,64}' : '[1-9][0-9]*';
  const pattern = new RegExp(`^(resources|required|member_of|in_tree)(${suffix})?$`);
  const groups = new Map<string, RequestGroup>();
  for (const [key, value] of query) {
    const match = pattern.exec(key);
    if (!match) continue;
    const [, prefix, groupSuffix = ''] = match;
    let group = groups.get(groupSuffix);
    if (!group) groups.set(groupSuffix, (group = emptyGroup(groupSuffix)));
    if (prefix === 'resources') group.resources = parseResources(value);
    else if (prefix === 'required') readTraits(group, query, version);
    else if (prefix === 'member_of') readMemberOf(group, query, version);
    else group.inTree = parseInTree(value);
  }
  return groups;
}

/** From 1.36 a group may have no resources if `same_subtree` names it. */
function checkResourcelessGroups(groups: Map<string, RequestGroup>, sameSubtrees: Set<string>[]): void {
  const resourceless = [...groups.values()]
    .filter((group) => group.resources.size === 0)
    .map((g) => g.suffix);
  if (resourceless.length === groups.size) {
    throw badRequest('There must be at least one resources or resources[$S] parameter.', MISSING_VALUE);
  }
  const inSubtrees = new Set(sameSubtrees.flatMap((suffixes) => [...suffixes]));
  const unnamed = resourceless.filter((suffix) => !inSubtrees.has(suffix));
  if (unnamed.length) {
    throw badRequest(
      `Resourceless suffixed group request should be specified in \`same_subtree\` query param: bad group(s) - ${repr(unnamed)}.`,
      BAD_VALUE,
    );
  }
  const unknown = [...inSubtrees].filter((suffix) => !groups.has(suffix));
  if (unknown.length) {
    throw badRequest(
      `Real suffixes should be specified in \`same_subtree\`: ${repr(unknown)} not found in ${repr([...groups.keys()])}.`,
      BAD_VALUE,
    );
  }
}

/** Before 1.36 every group needs resources; traits or aggregates alone are "orphans". */
function checkOrphans(groups: Map<string, RequestGroup>): void {
  const all = [...groups.values()];
  const orphanTraits = all
    .filter((g) => g.requiredTraits.length && !g.resources.size)
    .map((g) => `required${g.suffix}`);
  if (orphanTraits.length) {
    throw badRequest(
      `All traits parameters must be associated with resources.  Found the following orphaned traits keys: ${orphanTraits.join(', ')}`,
    );
  }
  const orphanAggregates = all
    .filter((g) => !g.resources.size && (g.memberOf.length || g.forbiddenAggregates.size))
    .map((g) => `member_of${g.suffix}`);
  if (orphanAggregates.length) {
    throw badRequest(
      `All member_of parameters must be associated with resources. Found the following orphaned member_of keys: ${orphanAggregates.join(', ')}`,
    );
  }
  if (!all.every((group) => group.resources.size))
    throw badRequest('All request groups must specify resources.');
  if (!all.length) {
    throw badRequest('At least one request group (`resources` or `resources{$S}`) is required.');
  }
}

/** A required set whose every trait is also forbidden can never be met. */
function checkConflictingTraits(groups: Map<string, RequestGroup>): void {
  const conflicts: string[] = [];
  for (const group of groups.values()) {
    for (const anyOf of group.requiredTraits) {
      if ([...anyOf].every((name) => group.forbiddenTraits.has(name))) {
        conflicts.push(`required${group.suffix}: (${[...anyOf].sort().join(', ')})`);
      }
    }
  }
  if (conflicts.length) {
    throw badRequest(
      `Conflicting required and forbidden traits found in the following traits keys: ${conflicts.sort().join(', ')}`,
    );
  }
}

/**
 * The request of a `GET /allocation_candidates` query string at a microversion of at least
 * 1.10; a 400 with upstream's message otherwise.
 */
export function parseCandidateRequest(query: URLSearchParams, version: Microversion): CandidateRequest {
  const invalid = queryValidationMessage(lastValues(query), version);
  if (invalid) throw badRequest(invalid);
  const wide = parseWideParams(query, version);
  const groups = parseGroups(query, version);
  if (version.atLeast('1.36')) checkResourcelessGroups(groups, wide.sameSubtrees);
  else checkOrphans(groups);
  if (version.atLeast('1.22')) checkConflictingTraits(groups);
  const granular = [...groups.values()].filter((group) => group.useSameProvider).length;
  if (!wide.groupPolicy && granular > 1) {
    throw badRequest(
      'The "group_policy" parameter is required when specifying more than one "resources{N}" parameter.',
    );
  }
  return { groups: [...groups.values()], wide };
}
