import type { Kysely } from 'kysely';
import { BadRequest, Unauthorized } from '../../common/http/errors.js';
import { effectiveRoles } from '../assignments/index.js';
import type { IdentitySchema } from '../db/schema.js';
import type { TokenScope } from '../tokens/types.js';
import { resolveTrustScope } from '../trusts/trust-tokens.js';
import type { AuthRequest, DomainRef } from './auth-request.js';
import type { Identified } from './identify.js';

const MALFORMED =
  'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';

async function domainId(db: Kysely<IdentitySchema>, ref: DomainRef): Promise<string> {
  const query = db.selectFrom('domain').select(['id', 'enabled']);
  const domain = ref.id
    ? await query.where('id', '=', ref.id).executeTakeFirst()
    : ref.name
      ? await query.where('name', '=', ref.name).executeTakeFirst()
      : undefined;
  if (!ref.id && !ref.name) throw new BadRequest(`Expecting to find id or name in domain. ${MALFORMED}`);
  if (!domain) throw new Unauthorized(`Could not find domain: ${ref.id ?? ref.name}.`);
  if (!domain.enabled) throw new Unauthorized(`Domain ${domain.id} is disabled.`);
  return domain.id;
}

/**
 * The scope a new token gets: the one asked for (a trust's scope is its project, for its
 * trustee); else an application credential's project; else, unless `unscoped` was asked, the
 * user's default project when it has roles there, as Keystone does. `now` decides whether a
 * trust has expired.
 */
export async function resolveScope(
  db: Kysely<IdentitySchema>,
  requested: AuthRequest['auth']['scope'],
  identified: Identified,
  now: Date,
): Promise<TokenScope> {
  if (identified.applicationCredential) {
    if (requested !== undefined && requested !== 'unscoped') {
      const asked = requested.project?.id;
      if (asked && asked === identified.applicationCredential.projectId) {
        return { kind: 'project', projectId: asked };
      }
      throw new Unauthorized('Application credentials cannot request a scope.');
    }
    return { kind: 'project', projectId: identified.applicationCredential.projectId };
  }
  if (requested === 'unscoped') return { kind: 'unscoped' };
  if (requested === undefined) return defaultScope(db, identified.userId);
  const given = (['project', 'domain', 'system', 'OS-TRUST:trust'] as const).filter(
    (k) => requested[k] !== undefined,
  );
  if (given.length > 1) {
    throw new BadRequest(
      `Expecting to find system, project, domain, OS-TRUST:trust or unscoped in scope. ${MALFORMED}`,
    );
  }
  if (requested['OS-TRUST:trust']) return resolveTrustScope(db, requested['OS-TRUST:trust'], now);
  if (requested.system) {
    if (requested.system.all !== true) throw new BadRequest(`Expecting to find all in system. ${MALFORMED}`);
    return { kind: 'system' };
  }
  if (requested.domain) return { kind: 'domain', domainId: await domainId(db, requested.domain) };
  if (requested.project) {
    const ref = requested.project;
    const query = db.selectFrom('project').select('id');
    let project;
    if (ref.id) project = await query.where('id', '=', ref.id).executeTakeFirst();
    else if (ref.name) {
      if (!ref.domain) throw new BadRequest(`Expecting to find domain in project. ${MALFORMED}`);
      project = await query
        .where('name', '=', ref.name)
        .where('domain_id', '=', await domainId(db, ref.domain))
        .executeTakeFirst();
    } else throw new BadRequest(`Expecting to find id or name in project. ${MALFORMED}`);
    if (!project) throw new Unauthorized(`Could not find project: ${ref.id ?? ref.name}.`);
    return { kind: 'project', projectId: project.id };
  }
  return defaultScope(db, identified.userId);
}

async function defaultScope(db: Kysely<IdentitySchema>, userId: string): Promise<TokenScope> {
  const user = await db
    .selectFrom('user')
    .select('default_project_id')
    .where('id', '=', userId)
    .executeTakeFirst();
  const projectId = user?.default_project_id;
  if (!projectId) return { kind: 'unscoped' };
  const project = await db
    .selectFrom('project')
    .innerJoin('domain', 'domain.id', 'project.domain_id')
    .select(['project.enabled as projectEnabled', 'domain.enabled as domainEnabled'])
    .where('project.id', '=', projectId)
    .executeTakeFirst();
  if (!project?.projectEnabled || !project.domainEnabled) return { kind: 'unscoped' };
  const scope: TokenScope = { kind: 'project', projectId };
  return (await effectiveRoles(db, userId, scope)).length > 0 ? scope : { kind: 'unscoped' };
}
