import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Forbidden } from '../../../../src/common/http/errors.js';
import { assertRedelegable, MAX_REDELEGATION_COUNT } from '../../../../src/identity/trusts/redelegation.js';
import type { Trust } from '../../../../src/identity/trusts/trust-store.js';

const parent: Trust = {
  id: 'parent',
  trustor_user_id: 'alice',
  trustee_user_id: 'bob',
  project_id: 'p',
  impersonation: 1,
  expires_at: '2030-01-01T00:00:00.000000Z',
  remaining_uses: null,
  redelegated_trust_id: null,
  redelegation_count: 2,
  deleted_at: null,
  extra: '{}',
  roleIds: ['member', 'reader'],
};

const child = {
  remaining_uses: null,
  expires_at: '2029-01-01T00:00:00.000000Z',
  impersonation: 1,
  roleIds: ['member'],
};

describe('assertRedelegable', () => {
  it('accepts a narrower trust that ends no later', () => {
    assertRedelegable(parent, child);
    assertRedelegable(parent, { ...child, expires_at: parent.expires_at, roleIds: parent.roleIds });
    assertRedelegable({ ...parent, expires_at: null }, child);
  });

  const refusals: [string, Trust, typeof child][] = [
    ['no redelegation left', { ...parent, redelegation_count: 0 }, child],
    ['a count beyond the maximum', { ...parent, redelegation_count: MAX_REDELEGATION_COUNT + 1 }, child],
    ['limited uses', parent, { ...child, remaining_uses: 1 } as unknown as typeof child],
    ['a later expiry', parent, { ...child, expires_at: '2031-01-01T00:00:00.000000Z' }],
    ['a role the parent does not delegate', parent, { ...child, roleIds: ['admin'] }],
    ['impersonation the parent does not allow', { ...parent, impersonation: 0 }, child],
  ];
  for (const [what, from, to] of refusals) {
    it(`refuses ${what} with a bare 403`, () => {
      assert.throws(
        () => assertRedelegable(from, to),
        (error: unknown) =>
          error instanceof Forbidden &&
          error.message === 'You are not authorized to perform the requested action.',
      );
    });
  }
});
