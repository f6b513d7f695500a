import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '../../common/http/errors.js';
import {
  checkGrant,
  findDomain,
  findGroup,
  findProject,
  findRole,
  findUser,
  grantedRoles,
  grantRole,
  revokeGrant,
  type GrantHolder,
  type ProjectRow,
  type RoleRow,
} from '../assignments/index.js';
import type { IdentityDeps } from '../deps.js';
import { collectionLinks } from './links.js';
import { grantedRolesResponse, noContent } from './schemas/grants.js';
import { pathParams } from './schemas/response-envelopes.js';
import { roleView } from './views/roles.js';

/** One family of grant routes: who is granted, on what, inherited or not. */
export interface GrantFamily {
  actor: 'user' | 'group';
  target: 'project' | 'domain' | 'system';
  inherited: boolean;
  /**
   * The roles collection's path, with `:params`, e.g. `/v3/projects/:project_id/users/:user_id/roles`;
   * absent where Keystone has no list (inherited grants on projects).
   */
  rolesPath?: string;
  /** The path of one grant, with `:role_id`. */
  grantPath: string;
}

type Operation = 'create' | 'check' | 'list' | 'revoke';
type Params = Record<string, string>;
type Step = 'role' | 'actor' | 'target';

/**
 * Which entities Keystone looks up before the policy check, in its order; each must exist
 * (404) except the actor of a revoke. OS-INHERIT routes look up leniently (a missing entity
 * is an empty target) and report what is missing after the check.
 */
const LOOKUP_ORDER: Record<GrantFamily['target'], Step[]> = {
  project: ['role', 'actor', 'target'],
  domain: ['target', 'role', 'actor'],
  system: ['role', 'actor'],
};

const RULES: Record<'grant' | 'system_user' | 'system_group', Record<Operation, string>> = {
  grant: {
    create: 'identity:create_grant',
    check: 'identity:check_grant',
    list: 'identity:list_grants',
    revoke: 'identity:revoke_grant',
  },
  system_user: {
    create: 'identity:create_system_grant_for_user',
    check: 'identity:check_system_grant_for_user',
    list: 'identity:list_system_grants_for_user',
    revoke: 'identity:revoke_system_grant_for_user',
  },
  system_group: {
    create: 'identity:create_system_grant_for_group',
    check: 'identity:check_system_grant_for_group',
    list: 'identity:list_system_grants_for_group',
    revoke: 'identity:revoke_system_grant_for_group',
  },
};

interface Resolved {
  holder: GrantHolder;
  role?: RoleRow;
  project?: ProjectRow;
}

async function find(deps: IdentityDeps, family: GrantFamily, step: Step, params: Params) {
  if (step === 'role') return findRole(deps.db, params.role_id);
  if (step === 'actor') {
    return family.actor === 'user' ? findUser(deps.db, params.user_id) : findGroup(deps.db, params.group_id);
  }
  return family.target === 'project'
    ? findProject(deps.db, params.project_id)
    : findDomain(deps.db, params.domain_id);
}

function notFound(family: GrantFamily, step: Step, params: Params): NotFound {
  const [kind, id] =
    step === 'role'
      ? ['role', params.role_id]
      : step === 'actor'
        ? [family.actor, params[`${family.actor}_id`]]
        : [family.target, params[`${family.target}_id`]];
  return new NotFound(`Could not find ${kind}: ${id}.`);
}

/** Looks the grant's entities up, checks the policy on them, and says who holds what where. */
async function authorize(
  deps: IdentityDeps,
  family: GrantFamily,
  operation: Operation,
  request: FastifyRequest<{ Params: Params }>,
): Promise<Resolved> {
  const params = request.params;
  const target: Record<string, object> = {};
  const missing: Step[] = [];
  const found: Partial<Record<Step, object>> = {};
  const steps = LOOKUP_ORDER[family.target].filter((step) => step !== 'role' || operation !== 'list');
  for (const step of steps) {
    const entity = await find(deps, family, step, params);
    const key = step === 'role' ? 'role' : step === 'actor' ? family.actor : family.target;
    if (entity) {
      found[step] = entity;
      target[key] = entity;
      continue;
    }
    if (step === 'actor' && operation === 'revoke') continue;
    if (!family.inherited) throw notFound(family, step, params);
    missing.push(step);
    target[key] = {};
  }
  const rules = family.target === 'system' ? RULES[`system_${family.actor}`] : RULES.grant;
  deps.policy.enforce(rules[operation], { ...params, target }, request.context);
  const unresolved = missing.find((step) => operation !== 'revoke' || step === 'role');
  if (unresolved) throw notFound(family, unresolved, params);

  const actorId = family.actor === 'user' ? params.user_id : params.group_id;
  return {
    holder: {
      actor: { kind: family.actor, id: actorId },
      target:
        family.target === 'system'
          ? { kind: 'system' }
          : { kind: family.target, id: params[`${family.target}_id`] },
      inherited: family.inherited,
    },
    role: found.role as RoleRow | undefined,
    project: family.target === 'project' ? (found.target as ProjectRow | undefined) : undefined,
  };
}

function pathNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((match) => match[1]);
}

/** Registers a family's routes: list (where Keystone has one), grant (PUT), check (GET and HEAD) and revoke (DELETE). */
export function registerGrantFamily(app: FastifyInstance, deps: IdentityDeps, family: GrantFamily): void {
  const one = { params: pathParams(...pathNames(family.grantPath)) };

  if (family.rolesPath) {
    app.get<{ Params: Params }>(
      family.rolesPath,
      {
        schema: {
          params: pathParams(...pathNames(family.rolesPath)),
          response: { 200: grantedRolesResponse },
        },
      },
      async (request) => {
        const { holder } = await authorize(deps, family, 'list', request);
        const roles = await grantedRoles(deps.db, holder);
        return {
          roles: roles.map((role) => roleView(deps.baseUrl, role)),
          links: collectionLinks(deps.baseUrl, request),
        };
      },
    );
  }

  app.put<{ Params: Params }>(
    family.grantPath,
    { schema: { ...one, response: { 204: noContent } }, config: { noBody: true } },
    async (request, reply) => {
      const { holder, role, project } = await authorize(deps, family, 'create', request);
      await grantRole(deps.db, holder, role as RoleRow, project);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: Params }>(
    family.grantPath,
    { schema: { ...one, response: { 204: noContent } } },
    async (request, reply) => {
      const { holder } = await authorize(deps, family, 'check', request);
      await checkGrant(deps.db, holder, request.params.role_id);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: Params }>(
    family.grantPath,
    { schema: { ...one, response: { 204: noContent } } },
    async (request, reply) => {
      const { holder } = await authorize(deps, family, 'revoke', request);
      await revokeGrant(deps.db, deps.revocations, holder, request.params.role_id);
      return reply.status(204).send();
    },
  );
}
