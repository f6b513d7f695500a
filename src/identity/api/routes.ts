import type { FastifyInstance } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import { authScopeRoutes } from './auth-scopes.js';
import { authTokenRoutes } from './auth-tokens.js';
import { versionRoutes } from './versions.js';
import { grantRoutes } from './grants.js';
import { impliedRoleRoutes } from './implied-roles.js';
import { inheritedGrantRoutes } from './inherited-grants.js';
import { roleAssignmentRoutes } from './role-assignments.js';
import { roleRoutes } from './roles.js';
import { systemGrantRoutes } from './system-grants.js';
import { userProjectRoutes } from './user-projects.js';
import { regionRoutes } from './regions.js';
import { serviceRoutes } from './services.js';
import { endpointRoutes } from './endpoints.js';
import { credentialRoutes } from './credentials.js';
import { ec2CredentialRoutes } from './ec2-credentials.js';
import { ec2S3TokenRoutes } from './ec2-s3-tokens.js';
import { applicationCredentialRoutes } from './application-credentials.js';
import { accessRuleRoutes } from './access-rules.js';
import { domainRoutes } from './domains.js';
import { projectRoutes } from './projects.js';
import { projectTagRoutes } from './project-tags.js';
import { userRoutes } from './users.js';
import { userPasswordRoutes } from './user-password.js';
import { groupRoutes } from './groups.js';
import { groupMemberRoutes } from './group-members.js';
import { trustRoutes } from './trusts.js';
import { policyRoutes } from './policies.js';
import { oauthConsumerRoutes } from './oauth-consumers.js';
import { domainConfigRoutes } from './domain-configs.js';
import { endpointGroupRoutes } from './endpoint-groups.js';
import { projectEndpointRoutes } from './project-endpoints.js';

/** A module of identity routes; paths are relative to `/identity`. */
export type RouteModule = (app: FastifyInstance, deps: IdentityDeps) => void;

/** Every identity route module, registered in this order. */
export const identityRoutes: RouteModule[] = [
  versionRoutes,
  authTokenRoutes,
  authScopeRoutes,
  roleRoutes,
  impliedRoleRoutes,
  grantRoutes,
  systemGrantRoutes,
  inheritedGrantRoutes,
  roleAssignmentRoutes,
  userProjectRoutes,
  regionRoutes,
  serviceRoutes,
  endpointRoutes,
  credentialRoutes,
  ec2CredentialRoutes,
  ec2S3TokenRoutes,
  applicationCredentialRoutes,
  accessRuleRoutes,
  domainRoutes,
  projectRoutes,
  projectTagRoutes,
  userRoutes,
  userPasswordRoutes,
  groupRoutes,
  groupMemberRoutes,
  trustRoutes,
  policyRoutes,
  oauthConsumerRoutes,
  domainConfigRoutes,
  endpointGroupRoutes,
  projectEndpointRoutes,
];
