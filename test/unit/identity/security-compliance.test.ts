import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SecurityComplianceConfig } from '../../../src/common/config/index.js';
import {
  isLockedOut,
  passwordExpiresAt,
  securityCompliancePolicy,
} from '../../../src/identity/security-compliance.js';
import { identityTestApp, type IdentityTestApp } from '../../helpers/identity-app.js';

const rules = (overrides: Partial<SecurityComplianceConfig> = {}): SecurityComplianceConfig => ({
  lockout_failure_attempts: 0,
  lockout_duration: 1800,
  unique_last_password_count: 0,
  minimum_password_age: 0,
  password_expires_days: 0,
  ...overrides,
});

describe('security compliance rules', () => {
  const at = new Date('2030-01-01T00:00:10.000Z');
  const failing = (count: number, lastFailure = '2030-01-01T00:00:08.000000Z') => ({
    id: 'u',
    options: {},
    failed_auth_count: count,
    failed_auth_at: lastFailure,
  });

  test('lockout is off by default, whatever the failures', () => {
    assert.equal(isLockedOut(failing(100), rules(), at), false);
  });

  test('locks after the configured failures, for the configured seconds', () => {
    const config = rules({ lockout_failure_attempts: 2, lockout_duration: 5 });
    assert.equal(isLockedOut(failing(1), config, at), false);
    assert.equal(isLockedOut(failing(2), config, at), true);
    assert.equal(isLockedOut(failing(2), config, new Date('2030-01-01T00:00:13.000Z')), false);
    assert.equal(
      isLockedOut({ ...failing(5), options: { ignore_lockout_failure_attempts: true } }, config, at),
      false,
    );
  });

  test('passwords expire after whole days, in whole seconds, unless exempt', () => {
    const created = new Date('2030-01-01T10:20:30.456Z');
    assert.equal(passwordExpiresAt(created, {}, rules()), null);
    assert.equal(
      passwordExpiresAt(created, {}, rules({ password_expires_days: 3 })),
      '2030-01-04T10:20:30.000000Z',
    );
    assert.equal(
      passwordExpiresAt(created, { ignore_password_expiry: true }, rules({ password_expires_days: 3 })),
      null,
    );
  });
});

describe('the password auth hooks', () => {
  let identity: IdentityTestApp;
  const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
  before(async () => {
    identity = await identityTestApp({ now: () => clock.now });
  });
  after(() => identity.close());

  const hooks = (config: SecurityComplianceConfig) =>
    securityCompliancePolicy({ db: identity.db, config, now: () => clock.now });
  const failures = async () =>
    await identity.db
      .selectFrom('user')
      .select(['failed_auth_count', 'failed_auth_at'])
      .where('id', '=', identity.ids.demoUser)
      .executeTakeFirstOrThrow();

  test('count failures, lock the account, and unlock after the duration', async () => {
    const policy = hooks(rules({ lockout_failure_attempts: 2, lockout_duration: 5 }));
    await policy.beforeCheck(identity.ids.demoUser);
    await policy.onFailure(identity.ids.demoUser);
    await policy.onFailure(identity.ids.demoUser);
    assert.deepEqual(await failures(), {
      failed_auth_count: 2,
      failed_auth_at: '2030-01-01T00:00:00.000000Z',
    });
    await assert.rejects(policy.beforeCheck(identity.ids.demoUser), {
      status: 401,
      message: `The account is locked for user: ${identity.ids.demoUser}.`,
    });
    clock.now = new Date('2030-01-01T00:00:06.000Z');
    await policy.beforeCheck(identity.ids.demoUser);
    assert.equal((await failures()).failed_auth_count, 0, 'an expired lockout is cleared');
  });

  test('success clears the failure count, but an expired password is refused first', async () => {
    const policy = hooks(rules());
    await policy.onFailure(identity.ids.demoUser);
    await identity.db
      .updateTable('password')
      .set({ expires_at: '2000-01-01T00:00:00.000000Z' })
      .where('user_id', '=', identity.ids.demoUser)
      .execute();
    await assert.rejects(policy.onSuccess(identity.ids.demoUser), {
      status: 401,
      message: `The password is expired and needs to be changed for user: ${identity.ids.demoUser}.`,
    });
    assert.equal((await failures()).failed_auth_count, 1);
    await identity.db
      .updateTable('password')
      .set({ expires_at: null })
      .where('user_id', '=', identity.ids.demoUser)
      .execute();
    await policy.onSuccess(identity.ids.demoUser);
    assert.deepEqual(await failures(), { failed_auth_count: 0, failed_auth_at: null });
  });
});
