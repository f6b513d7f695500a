import type { EndpointGroup } from '../../endpoint-filter/endpoint-groups.js';
import { entityLinks } from '../links.js';

export function endpointGroupView(baseUrl: string, group: EndpointGroup) {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    filters: group.filters,
    links: entityLinks(baseUrl, `OS-EP-FILTER/endpoint_groups/${group.id}`),
  };
}

/**
 * An endpoint group's association with a project. Keystone's self link here lacks its base
 * URL (an upstream slip); Stratus gives the full URL, as every other link.
 */
export function projectEndpointGroupView(
  baseUrl: string,
  association: { endpoint_group_id: string; project_id: string },
) {
  const { endpoint_group_id: groupId, project_id: projectId } = association;
  return {
    endpoint_group_id: groupId,
    project_id: projectId,
    links: entityLinks(baseUrl, `OS-EP-FILTER/endpoint_groups/${groupId}/projects/${projectId}`),
  };
}
