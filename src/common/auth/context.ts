import type { AccessRule } from './access-rules.js';

/** Who is calling: what a validated token says, as every service sees it. */
export interface RequestContext {
  /** The token the caller presented (X-Auth-Token). */
  token: string;
  userId: string;
  userName: string;
  userDomainId: string;
  userDomainName: string;
  /** Set on project-scoped tokens. */
  projectId: string | null;
  projectName: string | null;
  projectDomainId: string | null;
  projectDomainName: string | null;
  /** Set on domain-scoped tokens. */
  domainId: string | null;
  domainName: string | null;
  /** True on system-scoped tokens (`"system": {"all": true}`). */
  system: boolean;
  /** Effective role names, implied roles included. */
  roles: string[];
  roleIds: string[];
  /** As Keystone: true for project-scoped tokens when no admin project is configured. */
  isAdminProject: boolean;
  applicationCredentialId: string | null;
  /** The access rules of the token's application credential; null when it is not limited by any. */
  accessRules: AccessRule[] | null;
  /** Set on trust-scoped tokens: the caller acts on a trustor's behalf. */
  trustId: string | null;
  methods: string[];
  auditIds: string[];
  expiresAt: Date;
  /** A valid X-Service-Token presented next to the user token, as keystonemiddleware checks it. */
  serviceRoles: string[];
}

/** Validates a token for a service; throws Unauthorized (or NotFound for identity) when invalid. */
export interface TokenValidator {
  validate(token: string): Promise<RequestContext>;
}
