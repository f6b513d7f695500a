import type { RoleRow } from '../../assignments/index.js';
import { parseExtra } from '../../catalog/extras.js';
import type { TrustRow } from '../../trusts/trust-store.js';
import { entityLinks } from '../links.js';
import { roleView } from './roles.js';

/**
 * Keystone shows a trust's expiry to the second (its isotime drops the microseconds it keeps):
 * `2030-01-02T03:04:05.000000Z`.
 */
function shownExpiry(stored: string | null): string | null {
  return stored === null ? null : `${stored.slice(0, 19)}.000000Z`;
}

/** A trust as Keystone lists it: its attributes and extras, without roles. */
export function trustSummaryView(baseUrl: string, trust: TrustRow) {
  return {
    ...parseExtra(trust.extra),
    id: trust.id,
    trustor_user_id: trust.trustor_user_id,
    trustee_user_id: trust.trustee_user_id,
    project_id: trust.project_id,
    impersonation: trust.impersonation === 1,
    expires_at: shownExpiry(trust.expires_at),
    remaining_uses: trust.remaining_uses,
    deleted_at: trust.deleted_at,
    redelegated_trust_id: trust.redelegated_trust_id,
    redelegation_count: trust.redelegation_count,
    links: entityLinks(baseUrl, `OS-TRUST/trusts/${trust.id}`),
  };
}

/**
 * The links of a trust's roles. Keystone builds this URL without `OS-TRUST/trusts`
 * (`<base>/v3/<trust_id>/roles`); clients do not follow it, and it is shown as upstream does.
 */
export function trustRolesLinks(baseUrl: string, trustId: string) {
  return { self: `${baseUrl}/v3/${trustId}/roles`, next: null, previous: null };
}

/** A trust as created and shown one at a time: with its roles (those that still exist) in full. */
export function trustView(baseUrl: string, trust: TrustRow, roles: readonly RoleRow[]) {
  return {
    roles: roles.map((role) => roleView(baseUrl, role)),
    ...trustSummaryView(baseUrl, trust),
    roles_links: trustRolesLinks(baseUrl, trust.id),
  };
}
