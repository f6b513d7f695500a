import type { Generated } from 'kysely';

/**
 * Identity's tables. Booleans are 0/1 integers and times ISO-8601 strings so the same rows work
 * on SQLite and PostgreSQL; free-form attributes a client may add live in `extra` (JSON text).
 */
export interface IdentitySchema {
  domain: DomainTable;
  project: ProjectTable;
  project_tag: ProjectTagTable;
  user: UserTable;
  password: PasswordTable;
  group: GroupTable;
  user_group_membership: MembershipTable;
  role: RoleTable;
  implied_role: ImpliedRoleTable;
  assignment: AssignmentTable;
  region: RegionTable;
  service: ServiceTable;
  endpoint: EndpointTable;
  credential: CredentialTable;
  application_credential: ApplicationCredentialTable;
  application_credential_role: ApplicationCredentialRoleTable;
  access_rule: AccessRuleTable;
  application_credential_access_rule: ApplicationCredentialAccessRuleTable;
  revocation_event: RevocationEventTable;
  policy: PolicyTable;
  consumer: ConsumerTable;
  domain_config: DomainConfigTable;
  endpoint_group: EndpointGroupTable;
  project_endpoint: ProjectEndpointTable;
  project_endpoint_group: ProjectEndpointGroupTable;
  trust: TrustTable;
  trust_role: TrustRoleTable;
}

export interface DomainTable {
  id: string;
  name: string;
  description: string;
  enabled: number;
  extra: string;
  created_at: string;
}

export interface ProjectTable {
  id: string;
  name: string;
  domain_id: string;
  /** Null for a top-level project; the API shows the domain id as its parent then. */
  parent_id: string | null;
  description: string;
  enabled: number;
  extra: string;
  created_at: string;
}

export interface ProjectTagTable {
  project_id: string;
  name: string;
}

export interface UserTable {
  id: string;
  name: string;
  domain_id: string;
  enabled: number;
  default_project_id: string | null;
  extra: string;
  /** Keystone's user options (ignore_lockout_failure_attempts, ...), JSON. */
  options: string;
  failed_auth_count: number;
  failed_auth_at: string | null;
  last_active_at: string | null;
  created_at: string;
}

/** Every password a user has had; the newest row is the current one. */
export interface PasswordTable {
  id: Generated<number>;
  user_id: string;
  hash: string;
  created_at: string;
  expires_at: string | null;
  self_service: number;
}

export interface GroupTable {
  id: string;
  name: string;
  domain_id: string;
  description: string;
  extra: string;
}

export interface MembershipTable {
  user_id: string;
  group_id: string;
}

export interface RoleTable {
  id: string;
  name: string;
  /** Null for a global role; a domain-specific role belongs to one domain. */
  domain_id: string | null;
  description: string;
  options: string;
  extra: string;
}

export interface ImpliedRoleTable {
  prior_role_id: string;
  implied_role_id: string;
}

export type AssignmentType =
  'UserProject' | 'GroupProject' | 'UserDomain' | 'GroupDomain' | 'UserSystem' | 'GroupSystem';

export interface AssignmentTable {
  type: AssignmentType;
  actor_id: string;
  /** A project or domain id, or `system` for system assignments. */
  target_id: string;
  role_id: string;
  inherited: number;
}

export interface RegionTable {
  id: string;
  description: string;
  parent_region_id: string | null;
  extra: string;
}

export interface ServiceTable {
  id: string;
  type: string;
  enabled: number;
  /** name, description and any other attribute, JSON. */
  extra: string;
}

export interface EndpointTable {
  id: string;
  service_id: string;
  interface: string;
  url: string;
  region_id: string | null;
  enabled: number;
  extra: string;
}

export interface CredentialTable {
  id: string;
  user_id: string;
  project_id: string | null;
  type: string;
  blob: string;
  extra: string;
}

export interface ApplicationCredentialTable {
  id: string;
  name: string;
  user_id: string;
  project_id: string | null;
  secret_hash: string;
  description: string | null;
  expires_at: string | null;
  unrestricted: number;
  created_at: string;
}

export interface ApplicationCredentialRoleTable {
  application_credential_id: string;
  role_id: string;
}

/**
 * An access rule of a user's application credentials: one row per (user, service, path, method),
 * shared by every credential of the user that names it. `external_id` is the id the API shows.
 */
export interface AccessRuleTable {
  id: Generated<number>;
  external_id: string;
  user_id: string;
  service: string;
  path: string;
  method: string;
}

export interface ApplicationCredentialAccessRuleTable {
  application_credential_id: string;
  access_rule_id: number;
}

/**
 * A revocation: every token issued at or before `issued_before` that matches all the non-null
 * fields is invalid. Rows are kept until `expires_at` (the longest token lifetime) passes.
 */
export interface RevocationEventTable {
  id: Generated<number>;
  user_id: string | null;
  project_id: string | null;
  domain_id: string | null;
  role_id: string | null;
  audit_id: string | null;
  audit_chain_id: string | null;
  /** Set by migration 002: tokens scoped to this trust. */
  trust_id: string | null;
  issued_before: string;
  revoked_at: string;
}

/** A policy blob (/v3/policies): Keystone stores it and never reads it. */
export interface PolicyTable {
  id: string;
  type: string;
  blob: string;
  extra: string;
}

/** An OAuth1 consumer; the secret is kept as given out, since OAuth1 signs with it. */
export interface ConsumerTable {
  id: string;
  description: string | null;
  secret: string;
  extra: string;
}

/** One option of a domain's configuration; `value` is JSON, `sensitive` ones are never shown. */
export interface DomainConfigTable {
  domain_id: string;
  group_name: string;
  option_name: string;
  value: string;
  sensitive: number;
}

/** OS-EP-FILTER: a set of endpoints chosen by `filters` (JSON: service_id, interface, region_id). */
export interface EndpointGroupTable {
  id: string;
  name: string;
  description: string | null;
  filters: string;
}

export interface ProjectEndpointTable {
  endpoint_id: string;
  project_id: string;
}

export interface ProjectEndpointGroupTable {
  endpoint_group_id: string;
  project_id: string;
}

/**
 * A trust (OS-TRUST): the trustor lets the trustee act with some of its roles on a project.
 * Deleting one sets `deleted_at`, as Keystone does. `expires_at` is kept at microsecond
 * precision (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, so it compares as text) and shown to the second.
 */
export interface TrustTable {
  id: string;
  trustor_user_id: string;
  trustee_user_id: string;
  project_id: string | null;
  impersonation: number;
  expires_at: string | null;
  /** Null for unlimited; decremented by each token issued with the trust. */
  remaining_uses: number | null;
  /** The trust this one was redelegated from. */
  redelegated_trust_id: string | null;
  redelegation_count: number | null;
  deleted_at: string | null;
  extra: string;
}

export interface TrustRoleTable {
  trust_id: string;
  role_id: string;
}
