import type { RequestContext } from '../../common/auth/context.js';
import { RESELLER_PREFIX } from '../proxy/keystone-auth.js';

/**
 * The caller of a request a middleware vouches for itself (Swift's `make_pre_authed_env`, or a
 * valid temporary URL): the account's owner, as keystoneauth sees an operator of its project.
 * `userId` names who vouches (`.wsgi.tempurl`, `.wsgi.formpost`).
 */
export function preAuthedCaller(account: string, now: number, userId: string): RequestContext {
  const projectId = account.slice(RESELLER_PREFIX.length);
  return {
    token: '',
    userId,
    userName: userId,
    userDomainId: 'default',
    userDomainName: 'Default',
    projectId,
    projectName: null,
    projectDomainId: null,
    projectDomainName: null,
    domainId: null,
    domainName: null,
    system: false,
    roles: ['member'],
    roleIds: [],
    isAdminProject: false,
    applicationCredentialId: null,
    accessRules: null,
    trustId: null,
    methods: [userId.slice('.wsgi.'.length)],
    auditIds: [],
    expiresAt: new Date(now + 60_000),
    serviceRoles: [],
  };
}
