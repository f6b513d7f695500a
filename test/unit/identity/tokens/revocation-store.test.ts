import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { identityMigrations } from '../../../../src/identity/db/migrations/index.js';
import type { IdentitySchema } from '../../../../src/identity/db/schema.js';
import { isoTime } from '../../../../src/identity/ids.js';
import {
  createRevocationStore,
  type RevocationStoreOptions,
} from '../../../../src/identity/tokens/revocation-store.js';
import type { TokenPayload } from '../../../../src/identity/tokens/types.js';

const USER = 'u0000000000000000000000000000001';
const OTHER_USER = 'u0000000000000000000000000000002';
const PROJECT = 'p0000000000000000000000000000001';
const ROLE = 'r0000000000000000000000000000001';
const AUDIT = 'AAAAAAAAAAAAAAAA';
const CHAIN = 'CCCCCCCCCCCCCCCC';
const RETENTION_SECONDS = 7200;

/** A clock the test moves by hand. */
function manualClock(start = '2026-05-04T12:00:00.500Z') {
  let time = Date.parse(start);
  return { now: () => new Date(time), advance: (ms: number) => (time += ms), at: () => time };
}

function token(issuedAt: Date, overrides: Partial<TokenPayload> = {}): TokenPayload {
  return {
    userId: USER,
    methods: ['password'],
    scope: { kind: 'project', projectId: PROJECT },
    applicationCredentialId: null,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + 3600_000),
    auditIds: [AUDIT],
    ...overrides,
  };
}

const facts = { roleIds: [ROLE], domainIds: ['default'] };

describe('RevocationStore', () => {
  let db: Kysely<IdentitySchema>;
  let clock: ReturnType<typeof manualClock>;
  const store = (options: Partial<RevocationStoreOptions> = {}) =>
    createRevocationStore(db, { now: clock.now, retentionSeconds: RETENTION_SECONDS, ...options });

  beforeEach(async () => {
    db = connectMemory<IdentitySchema>().db;
    await migrate(db as Kysely<unknown>, 'identity', identityMigrations);
    clock = manualClock();
  });
  afterEach(() => db.destroy());

  it('revokes the tokens of a user issued before the event, at once, and records it', async () => {
    const revocations = await store();
    const before = token(clock.now());
    const otherUser = token(clock.now(), { userId: OTHER_USER });
    clock.advance(10);
    await revocations.revoke({ userId: USER });
    assert.equal(revocations.isRevoked(before, facts), true);
    assert.equal(revocations.isRevoked(otherUser, facts), false);
    const rows = await db.selectFrom('revocation_event').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].user_id, USER);
    assert.equal(rows[0].issued_before, isoTime(clock.now()));
  });

  it('keeps a token issued in the same second but after the event (a login after a password change)', async () => {
    const revocations = await store();
    const earlier = token(clock.now());
    clock.advance(100);
    await revocations.revoke({ userId: USER });
    const sameMillisecond = token(clock.now());
    clock.advance(1);
    const later = token(clock.now());
    assert.equal(later.issuedAt.getUTCSeconds(), earlier.issuedAt.getUTCSeconds(), 'same second');
    assert.equal(revocations.isRevoked(earlier, facts), true);
    assert.equal(revocations.isRevoked(sameMillisecond, facts), true, 'issued_at <= issued_before');
    assert.equal(revocations.isRevoked(later, facts), false);
  });

  it('keeps that precision through the database, for another process loading the events', async () => {
    await (await store()).revoke({ userId: USER });
    const earlier = token(new Date(clock.at() - 1));
    const later = token(new Date(clock.at() + 1));
    const reloaded = await store();
    assert.equal(reloaded.isRevoked(earlier, facts), true);
    assert.equal(reloaded.isRevoked(later, facts), false);
  });

  const cases: {
    field: string;
    filter: Parameters<Awaited<ReturnType<typeof store>>['revoke']>[0];
    matching: [TokenPayload, typeof facts];
    other: [TokenPayload, typeof facts];
  }[] = [
    {
      field: 'project_id against the project scope',
      filter: { projectId: PROJECT },
      matching: [token(new Date(0)), facts],
      other: [token(new Date(0), { scope: { kind: 'domain', domainId: 'default' } }), facts],
    },
    {
      field: 'domain_id against the domains of the user or scope',
      filter: { domainId: 'd1' },
      matching: [token(new Date(0)), { roleIds: [ROLE], domainIds: ['default', 'd1'] }],
      other: [token(new Date(0)), facts],
    },
    {
      field: 'domain_id against a domain scope',
      filter: { domainId: 'd2' },
      matching: [token(new Date(0), { scope: { kind: 'domain', domainId: 'd2' } }), facts],
      other: [token(new Date(0), { scope: { kind: 'domain', domainId: 'd3' } }), facts],
    },
    {
      field: 'role_id against the roles of the token',
      filter: { roleId: ROLE },
      matching: [token(new Date(0)), facts],
      other: [token(new Date(0)), { roleIds: ['another'], domainIds: ['default'] }],
    },
    {
      field: 'audit_id against the first audit id',
      filter: { auditId: AUDIT },
      matching: [token(new Date(0), { auditIds: [AUDIT, CHAIN] }), facts],
      other: [token(new Date(0), { auditIds: [CHAIN, AUDIT] }), facts],
    },
    {
      field: 'audit_chain_id against the last audit id',
      filter: { auditChainId: CHAIN },
      matching: [token(new Date(0), { auditIds: [AUDIT, CHAIN] }), facts],
      other: [token(new Date(0), { auditIds: [CHAIN, AUDIT] }), facts],
    },
    {
      field: 'audit_chain_id against the only audit id of an original token',
      filter: { auditChainId: CHAIN },
      matching: [token(new Date(0), { auditIds: [CHAIN] }), facts],
      other: [token(new Date(0), { auditIds: [AUDIT] }), facts],
    },
    {
      field: 'user_id and project_id together (a removed role assignment)',
      filter: { userId: USER, projectId: PROJECT },
      matching: [token(new Date(0)), facts],
      other: [token(new Date(0), { scope: { kind: 'project', projectId: 'p2' } }), facts],
    },
    {
      field: 'user_id and project_id together, not another user on the project',
      filter: { userId: USER, projectId: PROJECT },
      matching: [token(new Date(0)), facts],
      other: [token(new Date(0), { userId: OTHER_USER }), facts],
    },
    {
      field: 'role_id and project_id together',
      filter: { roleId: ROLE, projectId: PROJECT },
      matching: [token(new Date(0)), facts],
      other: [token(new Date(0)), { roleIds: [], domainIds: ['default'] }],
    },
  ];
  for (const { field, filter, matching, other } of cases) {
    it(`matches ${field}`, async () => {
      const revocations = await store();
      assert.equal(revocations.isRevoked(...matching), false, 'nothing revoked yet');
      await revocations.revoke(filter);
      assert.equal(revocations.isRevoked(...matching), true);
      assert.equal(revocations.isRevoked(...other), false);
    });
  }

  it('refuses an event that would match every token', async () => {
    const revocations = await store();
    await assert.rejects(revocations.revoke({}), /at least one field/);
    await assert.rejects(revocations.revoke({ userId: undefined }), /at least one field/);
  });

  it('loads the events at start and sees others after refresh()', async () => {
    const first = await store({ refreshIntervalSeconds: 0 });
    await first.revoke({ auditId: AUDIT });
    const second = await store({ refreshIntervalSeconds: 0 });
    assert.equal(second.isRevoked(token(new Date(0)), facts), true);
    await first.revoke({ userId: OTHER_USER });
    const other = token(new Date(0), { userId: OTHER_USER, auditIds: [CHAIN] });
    assert.equal(second.isRevoked(other, facts), false);
    await second.refresh();
    assert.equal(second.isRevoked(other, facts), true);
  });

  it('picks up events of another process by itself within the refresh interval', async () => {
    const changes: string[] = [];
    const service = await store({ onChange: () => changes.push('change') });
    const cli = await store({ refreshIntervalSeconds: 0 });
    await cli.revoke({ userId: USER });
    const victim = token(new Date(0));
    assert.equal(service.isRevoked(victim, facts), false, 'not looked at within the interval');
    clock.advance(1000);
    service.isRevoked(victim, facts);
    for (let tick = 0; tick < 50 && changes.length === 0; tick += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(service.isRevoked(victim, facts), true);
    assert.deepEqual(changes, ['change']);
  });

  it('reloads only when the table changed', async () => {
    const first = await store();
    const second = await store();
    assert.equal(await second.refreshIfChanged(), false);
    await first.revoke({ roleId: ROLE });
    assert.equal(await second.refreshIfChanged(), true);
    assert.equal(await second.refreshIfChanged(), false);
    assert.equal(second.isRevoked(token(new Date(0)), facts), true);
  });

  it('prunes events older than the retention, from the table and from memory', async () => {
    const revocations = await store();
    await revocations.revoke({ userId: USER });
    clock.advance(RETENTION_SECONDS * 1000 - 1);
    await revocations.revoke({ userId: OTHER_USER });
    await revocations.refresh();
    assert.equal((await db.selectFrom('revocation_event').selectAll().execute()).length, 2, 'not yet');
    clock.advance(2);
    await revocations.refresh();
    const rows = await db.selectFrom('revocation_event').selectAll().execute();
    assert.deepEqual(
      rows.map((row) => row.user_id),
      [OTHER_USER],
    );
    assert.equal(revocations.isRevoked(token(new Date(0)), facts), false);
    assert.equal(revocations.isRevoked(token(new Date(0), { userId: OTHER_USER }), facts), true);
  });

  it('prunes what is past retention when it starts', async () => {
    await (await store()).revoke({ userId: USER });
    clock.advance(RETENTION_SECONDS * 1000 + 1);
    await store();
    assert.equal((await db.selectFrom('revocation_event').selectAll().execute()).length, 0);
  });

  it('lists the events, optionally those revoked after a time', async () => {
    const revocations = await store();
    await revocations.revoke({ userId: USER });
    const between = clock.now();
    clock.advance(1000);
    await revocations.revoke({ auditId: AUDIT });
    const all = await revocations.list();
    assert.deepEqual(
      all.map((event) => [event.userId, event.auditId]),
      [
        [USER, null],
        [null, AUDIT],
      ],
    );
    assert.equal(all[1].issuedBefore.getTime(), clock.at());
    assert.deepEqual(
      (await revocations.list(between)).map((event) => event.auditId),
      [AUDIT],
    );
  });

  it('stays correct with many events about other users and tokens', async () => {
    const revocations = await store();
    for (let i = 0; i < 2000; i += 1) {
      await revocations.revoke(i % 2 ? { userId: `user-${i}` } : { auditId: `audit-${i}` });
    }
    await revocations.revoke({ userId: USER, projectId: PROJECT });
    await revocations.refresh();
    assert.equal(revocations.isRevoked(token(new Date(0)), facts), true);
    assert.equal(revocations.isRevoked(token(new Date(0), { userId: 'user-2' }), facts), false);
    assert.equal(revocations.isRevoked(token(new Date(0), { userId: 'user-3' }), facts), true);
    assert.equal(
      revocations.isRevoked(token(new Date(0), { userId: 'user-2', auditIds: ['audit-4'] }), facts),
      true,
    );
  });
});
