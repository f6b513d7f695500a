import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SecurityComplianceConfig } from '../../../../src/common/config/index.js';
import { verifyPassword } from '../../../../src/identity/passwords.js';
import { identityTestApp, RecordingRevocations } from '../../../helpers/identity-app.js';

const message = (response: { json(): unknown }) =>
  (response.json() as { error: { message: string } }).error.message;
const DAY = 24 * 3600 * 1000;

/** An identity app with security compliance configured and a clock the test moves. */
async function complianceApp(rules: Partial<SecurityComplianceConfig>) {
  const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
  const revocations = new RecordingRevocations();
  const identity = await identityTestApp({
    revocations,
    now: () => clock.now,
    configure: (config) => Object.assign(config.identity.security_compliance, rules),
  });
  const tick = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  const user = async (name: string, password: string, extra: Record<string, unknown> = {}) => {
    const response = await identity.request('POST', '/identity/v3/users', 'admin', {
      user: { name, password, ...extra },
    });
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { user: { id: string; password_expires_at: string | null } }).user;
  };
  // No token: proving the current password is enough, as in Keystone.
  const change = (userId: string, original: string, password: string) =>
    identity.app.inject({
      method: 'POST',
      url: `/identity/v3/users/${userId}/password`,
      headers: { 'content-type': 'application/json' },
      payload: { user: { original_password: original, password } },
    });
  const currentHash = async (userId: string) =>
    (
      await identity.db
        .selectFrom('password')
        .select('hash')
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).hash;
  return { identity, revocations, tick, user, change, currentHash };
}

describe('self-service password change', () => {
  let app: Awaited<ReturnType<typeof complianceApp>>;
  before(async () => {
    app = await complianceApp({});
  });
  after(() => app.identity.close());
  beforeEach(() => {
    app.revocations.events.length = 0;
  });

  test('changes the password without a token and revokes the user’s tokens', async () => {
    const user = await app.user('pat', 'old-secret');
    const response = await app.change(user.id, 'old-secret', 'new-secret');
    assert.equal(response.statusCode, 204);
    assert.equal(response.body, '');
    assert.ok(await verifyPassword('new-secret', await app.currentHash(user.id)));
    assert.deepEqual(app.revocations.events, [{ userId: user.id }]);
  });

  test('a wrong original password or an unknown user is 401 and counts as a failed login', async () => {
    const user = await app.user('wrong', 'right');
    const refused = await app.change(user.id, 'nope', 'other');
    assert.equal(refused.statusCode, 401);
    assert.equal(message(refused), 'The request you have made requires authentication.');
    const row = await app.identity.db
      .selectFrom('user')
      .select('failed_auth_count')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.failed_auth_count, 1);
    assert.equal((await app.change('nobody', 'x', 'y')).statusCode, 401);
    assert.deepEqual(app.revocations.events, []);
  });

  test('a disabled user cannot change its password', async () => {
    const user = await app.user('disabled', 'pw', { enabled: false });
    const response = await app.change(user.id, 'pw', 'new');
    assert.equal(response.statusCode, 401);
    assert.equal(message(response), `The account is disabled for user: ${user.id}.`);
  });

  test('lock_password forbids self-service changes', async () => {
    const user = await app.user('locked-pw', 'pw', { options: { lock_password: true } });
    const response = await app.change(user.id, 'pw', 'new');
    assert.equal(response.statusCode, 400);
    assert.equal(
      message(response),
      'You cannot change your password at this time due to password policy disallowing password changes. ' +
        'Please contact your administrator to reset your password.',
    );
  });

  test('bad bodies are 400', async () => {
    const user = await app.user('bodies', 'pw');
    for (const body of [
      { user: { original_password: 'pw' } },
      { user: { password: 'x' } },
      { user: { original_password: 'pw', password: 'x', extra: 1 } },
      {},
    ]) {
      const response = await app.identity.app.inject({
        method: 'POST',
        url: `/identity/v3/users/${user.id}/password`,
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(body));
    }
  });
});

describe('security compliance through the API', () => {
  test('lockout: too many failures lock the account until the duration passes', async () => {
    const app = await complianceApp({ lockout_failure_attempts: 2, lockout_duration: 5 });
    try {
      const user = await app.user('lockme', 'good');
      assert.equal((await app.change(user.id, 'bad', 'x')).statusCode, 401);
      assert.equal((await app.change(user.id, 'bad', 'x')).statusCode, 401);
      const locked = await app.change(user.id, 'good', 'better');
      assert.equal(locked.statusCode, 401);
      assert.equal(message(locked), `The account is locked for user: ${user.id}.`);
      app.tick(6000);
      assert.equal((await app.change(user.id, 'good', 'better')).statusCode, 204);
    } finally {
      await app.identity.close();
    }
  });

  test('lockout: ignore_lockout_failure_attempts exempts a user, and an admin update unlocks', async () => {
    const app = await complianceApp({ lockout_failure_attempts: 1, lockout_duration: 600 });
    try {
      const exempt = await app.user('exempt', 'good', { options: { ignore_lockout_failure_attempts: true } });
      await app.change(exempt.id, 'bad', 'x');
      assert.equal((await app.change(exempt.id, 'good', 'better')).statusCode, 204);

      const user = await app.user('unlock', 'good');
      await app.change(user.id, 'bad', 'x');
      assert.equal((await app.change(user.id, 'good', 'better')).statusCode, 401);
      await app.identity.request('PATCH', `/identity/v3/users/${user.id}`, 'admin', {
        user: { enabled: true },
      });
      assert.equal((await app.change(user.id, 'good', 'better')).statusCode, 204);
    } finally {
      await app.identity.close();
    }
  });

  test('history: the last passwords cannot be reused by their owner', async () => {
    const app = await complianceApp({ unique_last_password_count: 2, minimum_password_age: 0 });
    try {
      const user = await app.user('historian', 'p1');
      assert.equal((await app.change(user.id, 'p1', 'p2')).statusCode, 204);
      for (const reused of ['p2', 'p1']) {
        const refused = await app.change(user.id, 'p2', reused);
        assert.equal(refused.statusCode, 400, reused);
        assert.equal(
          message(refused),
          'The new password cannot be identical to a previous password. The total number which includes the new ' +
            'password must be unique is 2.',
        );
      }
      assert.equal((await app.change(user.id, 'p2', 'p3')).statusCode, 204);
      assert.equal((await app.change(user.id, 'p3', 'p1')).statusCode, 204, 'p1 has left the history');
      const rows = await app.identity.db
        .selectFrom('password')
        .select('id')
        .where('user_id', '=', user.id)
        .execute();
      assert.equal(rows.length, 3, 'the history kept is the count plus the current password');
    } finally {
      await app.identity.close();
    }
  });

  test('minimum age: a self-set password must be kept, an admin-set one need not', async () => {
    const app = await complianceApp({ minimum_password_age: 2 });
    try {
      const user = await app.user('patient', 'p1');
      assert.equal((await app.change(user.id, 'p1', 'p2')).statusCode, 204, 'the admin set p1');
      app.tick(DAY / 2);
      const early = await app.change(user.id, 'p2', 'p3');
      assert.equal(early.statusCode, 400);
      assert.equal(
        message(early),
        'You cannot change your password at this time due to the minimum password age. Once you change your ' +
          'password, it must be used for 2 day(s) before it can be changed. Please try again in 1 day(s) or ' +
          'contact your administrator to reset your password.',
      );
      app.tick(2 * DAY);
      assert.equal((await app.change(user.id, 'p2', 'p3')).statusCode, 204);
      await app.identity.request('PATCH', `/identity/v3/users/${user.id}`, 'admin', {
        user: { password: 'p4' },
      });
      assert.equal((await app.change(user.id, 'p4', 'p5')).statusCode, 204);
    } finally {
      await app.identity.close();
    }
  });

  test('expiry: new passwords expire after the configured days unless the user is exempt', async () => {
    const app = await complianceApp({ password_expires_days: 10 });
    try {
      const user = await app.user('expires', 'pw');
      assert.equal(user.password_expires_at, '2030-01-11T00:00:00.000000');
      const exempt = await app.user('never', 'pw', { options: { ignore_password_expiry: true } });
      assert.equal(exempt.password_expires_at, null);
      const nopassword = await app.user('no-password', undefined as unknown as string);
      assert.equal(nopassword.password_expires_at, null);

      app.tick(11 * DAY);
      assert.equal(
        (await app.change(user.id, 'pw', 'fresh')).statusCode,
        204,
        'an expired password may be changed',
      );
      const shown = (await app.identity.request('GET', `/identity/v3/users/${user.id}`)).json() as {
        user: { password_expires_at: string };
      };
      assert.equal(shown.user.password_expires_at, '2030-01-22T00:00:00.000000');
    } finally {
      await app.identity.close();
    }
  });
});
