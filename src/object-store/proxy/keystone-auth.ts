import type { RequestContext } from '../../common/auth/context.js';
import { parseAcl, referrerAllowed } from './acl.js';
import type { SwiftPath } from './swift-path.js';

/** The account prefix of projects' accounts (`AUTH_<project_id>`), Swift's reseller prefix. */
export const RESELLER_PREFIX = 'AUTH_';

/** Roles that own their project's account (keystoneauth's `operator_roles`, as DevStack sets them). */
const OPERATOR_ROLES = ['admin', 'member'];

/** The role that owns every account (keystoneauth's `reseller_admin_role`). */
const RESELLER_ADMIN_ROLE = 'reselleradmin';

/** What keystoneauth decides: allowed (as owner or not), or refused with 401/403. */
export type Authorization = { allowed: true; owner: boolean } | { allowed: false; status: 401 | 403 };

export interface AuthorizationRequest {
  method: string;
  path: SwiftPath;
  /** The container ACL that applies (read ACL for GET/HEAD, write ACL for writes), when one does. */
  acl?: string;
  referer?: string;
}

const ALLOWED_NOT_OWNER: Authorization = { allowed: true, owner: false };
const denied = (caller: RequestContext | null): Authorization => ({
  allowed: false,
  status: caller ? 403 : 401,
});

/**
 * Whether the ACL lets a caller in without confirming who it is (keystoneauth's
 * `_authorize_unconfirmed_identity`): a referrer ACL opens objects, and listings with `.rlistings`;
 * null when no referrer designation matches.
 */
function referrerDecision(
  request: AuthorizationRequest,
  referrers: string[],
  groups: string[],
): boolean | null {
  if (!referrerAllowed(request.referer, referrers)) return null;
  return Boolean(request.path.object) || groups.includes('.rlistings');
}

/** keystoneauth's `_authorize_cross_tenant`: `<project>:<user>` entries, by id or `*` (and names in the default domain). */
function crossTenantMatch(caller: RequestContext, groups: string[]): boolean {
  const namesAllowed = caller.userDomainId === 'default' && caller.projectDomainId === 'default';
  const projects = [caller.projectId, '*', ...(namesAllowed ? [caller.projectName] : [])];
  const users = [caller.userId, '*', ...(namesAllowed ? [caller.userName] : [])];
  return projects.some((project) => users.some((user) => groups.includes(`${project}:${user}`)));
}

/**
 * Swift's keystoneauth `authorize` (and `authorize_anonymous` when there is no caller): the
 * account `AUTH_<project_id>` belongs to its project, whose operator roles own it; the
 * ResellerAdmin role owns every account; anyone else gets in only through the container's ACL,
 * else 403 (401 when anonymous).
 */
export function authorize(caller: RequestContext | null, request: AuthorizationRequest): Authorization {
  const { path, method } = request;
  const { referrers, groups } = parseAcl(request.acl);
  if (!caller) {
    if (!path.account.startsWith(RESELLER_PREFIX)) return denied(caller);
    return referrerDecision(request, referrers, groups) ? ALLOWED_NOT_OWNER : denied(caller);
  }
  const roles = caller.roles.map((role) => role.toLowerCase());
  if (roles.includes(RESELLER_ADMIN_ROLE)) return { allowed: true, owner: true };
  if (!path.container && !path.object && method === 'DELETE') return denied(caller);
  if (groups.length > 0 && crossTenantMatch(caller, groups)) return ALLOWED_NOT_OWNER;
  const byReferrer = referrerDecision(request, referrers, groups);
  if (byReferrer) return ALLOWED_NOT_OWNER;
  if (caller.projectId === null || path.account !== `${RESELLER_PREFIX}${caller.projectId}`)
    return denied(caller);
  if (OPERATOR_ROLES.some((role) => roles.includes(role))) return { allowed: true, owner: true };
  if (byReferrer === false) return denied(caller);
  const aclRoles = groups.map((group) => group.toLowerCase());
  return roles.some((role) => aclRoles.includes(role)) ? ALLOWED_NOT_OWNER : denied(caller);
}
