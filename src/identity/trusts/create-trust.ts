import type { Kysely } from 'kysely';
import { BadRequest, Forbidden, NotFound } from '../../common/http/errors.js';
import { parseExpiry } from '../application-credentials/expiry.js';
import { effectiveRoles } from '../assignments/index.js';
import { extrasOf } from '../catalog/extras.js';
import type { IdentitySchema } from '../db/schema.js';
import { newId } from '../ids.js';
import { assertRedelegable, getTrust, MAX_REDELEGATION_COUNT, trustPedigree } from './redelegation.js';
import { insertTrust, type Trust } from './trust-store.js';

type Db = Kysely<IdentitySchema>;

/** A role by id or by name, as the create request names it. */
export type TrustRoleRef = { id: string } | { name: string };

/** The `trust` of `POST /v3/OS-TRUST/trusts`, after Keystone's trust_create schema. */
export interface TrustRequest {
  trustor_user_id?: string;
  trustee_user_id: string;
  impersonation: boolean;
  project_id?: string | null;
  remaining_uses?: number | null;
  expires_at?: string | null;
  allow_redelegation?: boolean | null;
  redelegation_count?: number | null;
  roles?: TrustRoleRef[];
  [attribute: string]: unknown;
}

/** Who asks: the caller's user and, when the caller's token is trust-scoped, that trust. */
export interface TrustCreator {
  userId: string;
  trustId: string | null;
}

/** Attributes with a column, or computed: anything else the client sends is kept as an extra. */
const NOT_EXTRA = [
  'trustor_user_id',
  'trustee_user_id',
  'impersonation',
  'project_id',
  'remaining_uses',
  'expires_at',
  'allow_redelegation',
  'redelegation_count',
  'redelegated_trust_id',
  'deleted_at',
  'roles',
  'roles_links',
];

const forbiddenAction = (action: string) =>
  new Forbidden(`You are not authorized to perform the requested action: ${action}.`);

/**
 * Creates a trust as Keystone's API and trust manager do, with their checks in their order:
 * a project needs roles; the caller must be the trustor; the trustee must exist; the roles
 * (by id or unique name) must all be held by the trustor on the project; the expiry must be a
 * future time; and a trust created with a trust-scoped token is a redelegation of that trust,
 * bound by it (see assertRedelegable).
 */
export async function createTrust(
  db: Db,
  request: TrustRequest,
  creator: TrustCreator,
  now: Date,
): Promise<Trust> {
  const projectId = request.project_id ?? null;
  if (projectId && !request.roles?.length) throw forbiddenAction('At least one role should be specified');
  const trustor = request.trustor_user_id;
  if (trustor === undefined || creator.userId !== trustor) {
    throw forbiddenAction('The authenticated user should match the trustor');
  }
  const trustee = await db
    .selectFrom('user')
    .select('id')
    .where('id', '=', request.trustee_user_id)
    .executeTakeFirst();
  if (!trustee) throw new NotFound(`Could not find user: ${request.trustee_user_id}.`);
  const roleIds = await roleIdsOf(db, request.roles ?? []);
  await assertTrustorHolds(db, trustor, projectId, roleIds);

  const trust: Trust = {
    id: newId(),
    trustor_user_id: trustor,
    trustee_user_id: trustee.id,
    project_id: projectId,
    impersonation: request.impersonation ? 1 : 0,
    expires_at: request.expires_at ? parseExpiry(request.expires_at, now) : null,
    remaining_uses: request.remaining_uses ?? null,
    redelegated_trust_id: null,
    redelegation_count: null,
    deleted_at: null,
    extra: JSON.stringify(extrasOf(request, NOT_EXTRA)),
    roleIds,
  };
  const parent = creator.trustId === null ? null : await getTrust(db, creator.trustId, now);
  const requestedCount = request.redelegation_count ?? null;
  const redelegatable = Boolean(request.allow_redelegation) && requestedCount !== 0;
  if (!redelegatable) {
    trust.redelegation_count = 0;
  } else {
    if (requestedCount !== null && requestedCount > MAX_REDELEGATION_COUNT) throw new Forbidden();
    if (trust.remaining_uses !== null) {
      throw new BadRequest('remaining_uses must not be set if redelegation is allowed');
    }
  }
  if (parent) {
    trust.redelegated_trust_id = parent.id;
    const remainingCount = (parent.redelegation_count ?? 0) - 1;
    // Keystone: "Modifying redelegation_count upon redelegation is forbidden."
    if (redelegatable && requestedCount && requestedCount !== remainingCount) throw new Forbidden();
    trust.redelegation_count ??= remainingCount;
    // Without an expiry of its own, a redelegated trust ends with the one it comes from.
    trust.expires_at ??= parent.expires_at;
    for (const ancestor of await trustPedigree(db, parent, now)) assertRedelegable(ancestor, trust);
  }
  trust.redelegation_count ??= requestedCount ?? MAX_REDELEGATION_COUNT;
  return insertTrust(db, trust);
}

/** Role ids for the refs: ids as given, names looked up (404 unknown, 400 ambiguous). */
async function roleIdsOf(db: Db, refs: readonly TrustRoleRef[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) {
    if ('id' in ref) {
      ids.push(ref.id);
      continue;
    }
    const found = await db.selectFrom('role').select('id').where('name', '=', ref.name).execute();
    if (found.length === 0) throw new NotFound(`Role ${ref.name} is not defined`);
    if (found.length > 1) {
      throw new BadRequest(
        `There are multiple role entities named '${ref.name}'. Please use ID instead of names to resolve the ambiguity.`,
      );
    }
    ids.push(found[0].id);
  }
  // A role named twice fails on the trust_role key: 409, as upstream.
  return ids;
}

/**
 * Every role must be one the trustor holds on the project (directly, through a group, by
 * inheritance or implied). Without a project the trustor holds none there. Domain-specific
 * roles cannot be delegated here: the effective roles on a project leave them out.
 */
async function assertTrustorHolds(
  db: Db,
  trustorId: string,
  projectId: string | null,
  roleIds: readonly string[],
): Promise<void> {
  let held = new Set<string>();
  if (projectId) {
    const project = await db
      .selectFrom('project')
      .select('id')
      .where('id', '=', projectId)
      .executeTakeFirst();
    if (!project) throw new NotFound(`Could not find project: ${projectId}.`);
    held = new Set((await effectiveRoles(db, trustorId, { kind: 'project', projectId })).map((r) => r.id));
  }
  const missing = roleIds.find((roleId) => !held.has(roleId));
  if (missing !== undefined) throw new NotFound(`Could not find role: ${missing}.`);
}
