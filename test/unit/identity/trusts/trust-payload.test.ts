import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode } from '@msgpack/msgpack';
import { decodePayload, encodePayload, newAuditId } from '../../../../src/identity/tokens/payload-codec.js';
import { RevocationIndex, type RevocationEvent } from '../../../../src/identity/tokens/revocation-index.js';
import type { TokenPayload } from '../../../../src/identity/tokens/types.js';

const TRUSTEE = '0f7c9bc1a1d24e8f9a3b6c2d1e0f4a5b';
const TRUSTOR = '1f7c9bc1a1d24e8f9a3b6c2d1e0f4a5b';
const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const TRUST = 'b1b2c3d4e5f60718293a4b5c6d7e8f90';

function trustToken(overrides: Partial<TokenPayload> = {}): TokenPayload {
  return {
    userId: TRUSTEE,
    methods: ['password'],
    scope: { kind: 'trust', trustId: TRUST, projectId: PROJECT },
    applicationCredentialId: null,
    issuedAt: new Date('2026-03-01T10:00:00.123Z'),
    expiresAt: new Date('2026-03-01T11:00:00.123Z'),
    auditIds: [newAuditId()],
    ...overrides,
  };
}

describe('trust-scoped token payload', () => {
  it('round-trips, as Keystone’s TrustScopedPayload: version 3, project then trust', () => {
    const original = trustToken();
    const bytes = encodePayload(original);
    const fields = decode(bytes) as unknown[];
    assert.equal(fields[0], 3);
    assert.deepEqual(
      fields.slice(6),
      [Buffer.from(PROJECT, 'hex'), Buffer.from(TRUST, 'hex')].map((b) => new Uint8Array(b)),
    );
    assert.deepEqual(decodePayload(bytes), original);
  });

  it('keeps ids that are not UUID hex as text', () => {
    const original = trustToken({ scope: { kind: 'trust', trustId: 'trust-1', projectId: 'project-1' } });
    assert.deepEqual(decodePayload(encodePayload(original)), original);
  });
});

describe('revocation of trust-scoped tokens', () => {
  const issuedAt = new Date('2026-03-01T10:00:00.000Z');
  const event = (fields: Partial<RevocationEvent>): RevocationEvent => ({
    id: 1,
    userId: null,
    projectId: null,
    domainId: null,
    roleId: null,
    auditId: null,
    auditChainId: null,
    trustId: null,
    issuedBefore: new Date('2026-03-01T10:00:01.000Z'),
    revokedAt: new Date('2026-03-01T10:00:01.000Z'),
    ...fields,
  });
  const facts = { roleIds: ['r1'], domainIds: ['default'], trustorId: TRUSTOR };
  const token = trustToken({ issuedAt });

  it('an event naming the trust revokes its tokens, not others', () => {
    const index = new RevocationIndex([event({ trustId: TRUST })]);
    assert.equal(index.matches(token, facts), true);
    const other = trustToken({ issuedAt, scope: { kind: 'trust', trustId: 'other', projectId: PROJECT } });
    assert.equal(index.matches(other, facts), false);
    assert.equal(index.matches({ ...token, scope: { kind: 'project', projectId: PROJECT } }, facts), false);
  });

  it('a user event matches the trustee and the trustor, as Keystone’s does', () => {
    assert.equal(new RevocationIndex([event({ userId: TRUSTEE })]).matches(token, facts), true);
    assert.equal(new RevocationIndex([event({ userId: TRUSTOR })]).matches(token, facts), true);
    assert.equal(new RevocationIndex([event({ userId: 'someone' })]).matches(token, facts), false);
    assert.equal(
      new RevocationIndex([event({ userId: TRUSTOR })]).matches(token, { ...facts, trustorId: undefined }),
      false,
    );
  });

  it('a project event matches the trust’s project; tokens issued after the event survive', () => {
    const index = new RevocationIndex([event({ userId: TRUSTOR, projectId: PROJECT })]);
    assert.equal(index.matches(token, facts), true);
    assert.equal(index.matches({ ...token, issuedAt: new Date('2026-03-01T10:00:02.000Z') }, facts), false);
  });
});
