import { entityLinks } from '../links.js';
import type { Project } from '../../resources/projects.js';

/** A project as Keystone shows it, without links: also the policy target. */
export function projectRef(project: Project) {
  return {
    ...project.extra,
    id: project.id,
    name: project.name,
    domain_id: project.domainId,
    description: project.description,
    enabled: project.enabled,
    parent_id: project.parentId,
    is_domain: project.isDomain,
    tags: project.tags,
    options: project.options,
  };
}

/**
 * A project with its links. Keystone's answer to an update also carries the attributes again
 * as `extra`; `withExtra` mirrors that.
 */
export function projectView(baseUrl: string, project: Project, options: { withExtra?: boolean } = {}) {
  return {
    ...projectRef(project),
    ...(options.withExtra ? { extra: project.extra } : {}),
    links: entityLinks(baseUrl, `projects/${project.id}`),
  };
}
