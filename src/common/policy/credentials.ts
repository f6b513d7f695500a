import type { RequestContext } from '../auth/context.js';

/** The caller as check strings see it (the left side of `user_id:%(user_id)s`). */
export interface PolicyCredentials {
  user_id: string;
  user_domain_id: string;
  project_id: string | null;
  project_domain_id: string | null;
  /** Set on domain-scoped tokens only. */
  domain_id: string | null;
  system_scope: 'all' | null;
  /** Role names; `role:` checks compare them case-insensitively. */
  roles: string[];
  /** Keystone's shared admin token; Stratus has none. */
  is_admin: false;
  is_admin_project: boolean;
  service_roles: string[];
  /** The token as Keystone renders it, for checks such as `token.domain.id:%(target.domain.id)s`. */
  token: RenderedToken;
}

interface IdName {
  id: string;
  name: string;
}

interface RenderedToken {
  methods: string[];
  audit_ids: string[];
  expires_at: string;
  user: IdName & { domain: IdName };
  roles: IdName[];
  project?: IdName & { domain: IdName };
  domain?: IdName;
  system?: { all: true };
  application_credential?: { id: string };
}

/**
 * Credentials from a request context, as Keystone's RequestContext.to_policy_values() builds
 * them: oslo.context's standard values, `domain_id` of a domain-scoped token, and the rendered
 * token under `token`. A domain-scoped token is never on the admin project (Keystone forces
 * is_admin_project off for it, whatever the context says).
 */
export function policyCredentials(context: RequestContext): PolicyCredentials {
  const token: RenderedToken = {
    methods: context.methods,
    audit_ids: context.auditIds,
    expires_at: context.expiresAt.toISOString(),
    user: {
      id: context.userId,
      name: context.userName,
      domain: { id: context.userDomainId, name: context.userDomainName },
    },
    roles: context.roles.map((name, i) => ({ id: context.roleIds[i], name })),
  };
  if (context.projectId !== null) {
    token.project = {
      id: context.projectId,
      name: context.projectName ?? '',
      domain: { id: context.projectDomainId ?? '', name: context.projectDomainName ?? '' },
    };
  }
  if (context.domainId !== null) token.domain = { id: context.domainId, name: context.domainName ?? '' };
  if (context.system) token.system = { all: true };
  if (context.applicationCredentialId !== null) {
    token.application_credential = { id: context.applicationCredentialId };
  }
  return {
    user_id: context.userId,
    user_domain_id: context.userDomainId,
    project_id: context.projectId,
    project_domain_id: context.projectDomainId,
    domain_id: context.domainId,
    system_scope: context.system ? 'all' : null,
    roles: context.roles,
    is_admin: false,
    is_admin_project: context.isAdminProject && context.domainId === null,
    service_roles: context.serviceRoles,
    token,
  };
}
