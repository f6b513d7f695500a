import { isoTime } from '../ids.js';
import type { ValidatedToken } from './validated-token.js';

/** Keystone truncates token times to the second: `2026-11-21T01:31:16.000000Z`. */
export function tokenTime(date: Date): string {
  return isoTime(new Date(Math.floor(date.getTime() / 1000) * 1000));
}

/** The `token` object of Keystone's token responses, with the catalog when one is given. */
export function tokenView(token: ValidatedToken, catalog: unknown[] | null): Record<string, unknown> {
  const { payload, user } = token;
  const body: Record<string, unknown> = {
    methods: payload.methods,
    user: {
      domain: { id: user.domain.id, name: user.domain.name },
      id: user.id,
      name: user.name,
      password_expires_at: user.passwordExpiresAt,
    },
    audit_ids: payload.auditIds,
    expires_at: tokenTime(payload.expiresAt),
    issued_at: tokenTime(payload.issuedAt),
  };
  if (token.trust) {
    body['OS-TRUST:trust'] = {
      id: token.trust.id,
      trustor_user: { id: token.trust.trustorId },
      trustee_user: { id: token.trust.trusteeId },
      impersonation: token.trust.impersonation,
    };
  }
  if (token.project) {
    body.project = {
      domain: { id: token.project.domain.id, name: token.project.domain.name },
      id: token.project.id,
      name: token.project.name,
    };
    // Keystone's trust-scoped tokens show no is_domain.
    if (!token.trust) body.is_domain = false;
  }
  if (token.domain) body.domain = { id: token.domain.id, name: token.domain.name };
  if (token.system) body.system = { all: true };
  if (token.project || token.domain || token.system) {
    body.roles = token.roles.map((role) => ({ id: role.id, name: role.name }));
  }
  if (token.applicationCredential) {
    body.application_credential = {
      id: token.applicationCredential.id,
      name: token.applicationCredential.name,
      restricted: token.applicationCredential.restricted,
      ...(token.applicationCredential.accessRules && {
        access_rules: token.applicationCredential.accessRules,
      }),
    };
  }
  if (catalog) body.catalog = catalog;
  return body;
}
