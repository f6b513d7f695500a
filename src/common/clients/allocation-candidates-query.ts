import type { CandidatesRequest, RequestGroup } from './placement-types.js';

/** `VCPU:2,MEMORY_MB:512`, classes sorted so equal requests give equal URLs. */
const resourceList = (resources: Record<string, number>) =>
  Object.keys(resources)
    .sort()
    .map((name) => `${name}:${resources[name]}`)
    .join(',');

function addGroup(params: URLSearchParams, suffix: string, group: RequestGroup): void {
  if (group.resources && Object.keys(group.resources).length > 0)
    params.append(`resources${suffix}`, resourceList(group.resources));
  const traits = [...(group.required ?? []), ...(group.forbidden ?? []).map((trait) => `!${trait}`)];
  if (traits.length > 0) params.append(`required${suffix}`, traits.join(','));
  for (const aggregates of group.memberOf ?? [])
    params.append(`member_of${suffix}`, `in:${aggregates.join(',')}`);
  if (group.forbiddenAggregates?.length)
    params.append(`member_of${suffix}`, `!in:${group.forbiddenAggregates.join(',')}`);
  if (group.inTree) params.append(`in_tree${suffix}`, group.inTree);
}

/**
 * The query of `GET /allocation_candidates` for a scheduling request, as Nova's
 * ResourceRequest.to_querystring writes it: an unsuffixed group, then granular groups
 * (`resources1`, `required1`, ...), `group_policy`, `root_required`, `same_subtree`, `limit`.
 */
export function allocationCandidatesQuery(request: CandidatesRequest): URLSearchParams {
  const params = new URLSearchParams();
  addGroup(params, '', request);
  for (const suffix of Object.keys(request.groups ?? {}).sort())
    addGroup(params, suffix, request.groups![suffix]);
  if (request.groupPolicy) params.append('group_policy', request.groupPolicy);
  if (request.rootRequired?.length) params.append('root_required', request.rootRequired.join(','));
  for (const suffixes of request.sameSubtree ?? []) params.append('same_subtree', suffixes.join(','));
  if (request.limit !== undefined) params.append('limit', String(request.limit));
  return params;
}
