import type { RequestContext, TokenValidator } from '../../src/common/auth/context.js';
import { Unauthorized } from '../../src/common/http/errors.js';

/** Projects of the fixed callers, for services' route tests. */
export const PROJECTS = {
  admin: 'a0000000000000000000000000000000',
  one: 'b1111111111111111111111111111111',
  two: 'c2222222222222222222222222222222',
};

/** A request context with the given fields; the rest as a project-scoped member would have them. */
export function contextFor(overrides: Partial<RequestContext>): RequestContext {
  return {
    token: 'test',
    userId: 'u0000000000000000000000000000000',
    userName: 'someone',
    userDomainId: 'default',
    userDomainName: 'Default',
    projectId: PROJECTS.one,
    projectName: 'one',
    projectDomainId: 'default',
    projectDomainName: 'Default',
    domainId: null,
    domainName: null,
    system: false,
    roles: ['member', 'reader'],
    roleIds: [],
    isAdminProject: true,
    applicationCredentialId: null,
    accessRules: null,
    trustId: null,
    methods: ['password'],
    auditIds: ['audit'],
    expiresAt: new Date(Date.now() + 3600_000),
    serviceRoles: [],
    ...overrides,
  };
}

/**
 * A validator whose tokens are caller names: 'admin' (admin on project admin), 'member' and
 * 'reader' (project one), 'other' (member of project two), 'service' (service role); `as` adds more.
 */
export function fixedCallers(): TokenValidator & {
  as(name: string, context: Partial<RequestContext>): void;
} {
  const callers = new Map<string, RequestContext>([
    [
      'admin',
      contextFor({
        userId: 'u-admin',
        userName: 'admin',
        projectId: PROJECTS.admin,
        projectName: 'admin',
        roles: ['admin', 'member', 'reader'],
      }),
    ],
    ['member', contextFor({ userId: 'u-member', userName: 'member' })],
    ['reader', contextFor({ userId: 'u-reader', userName: 'reader', roles: ['reader'] })],
    [
      'other',
      contextFor({ userId: 'u-other', userName: 'other', projectId: PROJECTS.two, projectName: 'two' }),
    ],
    [
      'service',
      contextFor({ userId: 'u-service', userName: 'nova', projectName: 'service', roles: ['service'] }),
    ],
  ]);
  for (const [name, context] of callers) context.token = name;
  return {
    async validate(token) {
      const context = callers.get(token);
      if (!context) throw new Unauthorized();
      return context;
    },
    as(name, context) {
      callers.set(name, contextFor({ ...context, token: name }));
    },
  };
}
