import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encode } from '@msgpack/msgpack';
import { decodePayload, encodePayload, newAuditId } from '../../../../src/identity/tokens/payload-codec.js';
import { InvalidToken, type TokenPayload, type TokenScope } from '../../../../src/identity/tokens/types.js';

const USER = '0f7c9bc1a1d24e8f9a3b6c2d1e0f4a5b';
const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

function payload(overrides: Partial<TokenPayload> = {}): TokenPayload {
  return {
    userId: USER,
    methods: ['password'],
    scope: { kind: 'unscoped' },
    applicationCredentialId: null,
    issuedAt: new Date('2026-03-01T10:00:00.123Z'),
    expiresAt: new Date('2026-03-01T11:00:00.123Z'),
    auditIds: [newAuditId()],
    ...overrides,
  };
}

describe('payload codec', () => {
  const scopes: TokenScope[] = [
    { kind: 'unscoped' },
    { kind: 'project', projectId: PROJECT },
    { kind: 'domain', domainId: 'default' },
    { kind: 'domain', domainId: 'b1b2c3d4e5f60718293a4b5c6d7e8f90' },
    { kind: 'system' },
  ];
  for (const scope of scopes) {
    it(`round-trips a ${scope.kind}-scoped payload`, () => {
      const original = payload({ scope, auditIds: [newAuditId(), newAuditId()] });
      assert.deepEqual(decodePayload(encodePayload(original)), original);
    });
  }

  it('round-trips an application credential payload', () => {
    const original = payload({
      methods: ['application_credential'],
      scope: { kind: 'project', projectId: PROJECT },
      applicationCredentialId: 'c1b2c3d4e5f60718293a4b5c6d7e8f90',
    });
    assert.deepEqual(decodePayload(encodePayload(original)), original);
  });

  it('keeps ids that are not UUID hex (LDAP users, upper case) as they were', () => {
    const original = payload({
      userId: 'cn=admin,dc=example,dc=org',
      scope: { kind: 'project', projectId: 'A1B2C3D4E5F60718293A4B5C6D7E8F90' },
      auditIds: ['an-audit-id-of-another-shape'],
    });
    assert.deepEqual(decodePayload(encodePayload(original)), original);
  });

  it('keeps issued_at and expires_at to the millisecond', () => {
    const original = payload({
      issuedAt: new Date('2026-12-31T23:59:59.999Z'),
      expiresAt: new Date('2027-01-01T00:59:59.001Z'),
    });
    const decoded = decodePayload(encodePayload(original));
    assert.equal(decoded.issuedAt.toISOString(), '2026-12-31T23:59:59.999Z');
    assert.equal(decoded.expiresAt.toISOString(), '2027-01-01T00:59:59.001Z');
  });

  it('lists methods in Keystone order and once each', () => {
    const decoded = decodePayload(encodePayload(payload({ methods: ['token', 'password', 'token'] })));
    assert.deepEqual(decoded.methods, ['password', 'token']);
    const all = ['password', 'token', 'application_credential', 'totp', 'external', 'mapped', 'oauth1'];
    assert.deepEqual(decodePayload(encodePayload(payload({ methods: all }))).methods, all);
  });

  it('packs UUIDs and audit ids as bytes, so a project token payload stays small', () => {
    const bytes = encodePayload(payload({ scope: { kind: 'project', projectId: PROJECT } }));
    assert.ok(bytes.length <= 80, `${bytes.length} bytes`);
  });

  it('refuses to encode what it cannot decode', () => {
    assert.throws(() => encodePayload(payload({ methods: ['kerberos'] })), /kerberos/);
    assert.throws(() => encodePayload(payload({ methods: ['toString'] })), /toString/);
    assert.throws(
      () =>
        encodePayload(
          payload({ scope: { kind: 'domain', domainId: 'default' }, applicationCredentialId: 'x' }),
        ),
      /project-scoped/,
    );
    assert.throws(() => encodePayload(payload({ expiresAt: new Date(Number.NaN) })), /valid date/);
  });

  it('rejects unknown versions and malformed payloads as InvalidToken', () => {
    const common = [Buffer.from(USER, 'hex'), 1, 1e9, 1e9, []];
    assert.throws(
      () => decodePayload(encode([42, ...common])),
      /not a recognized Fernet payload version: 42/,
    );
    const malformed = [
      Buffer.from([0xc1]),
      encode({ version: 0 }),
      encode([0, ...common, 'extra']),
      encode([2, ...common]),
      encode([0, Buffer.alloc(5), 1, 1e9, 1e9, []]),
      encode([0, USER, 1 << 20, 1e9, 1e9, []]),
      encode([0, USER, 1, 'soon', 1e9, []]),
      encode([0, USER, 1, 1e9, 1e9, [Buffer.alloc(3)]]),
      encode([0, USER, 1, 1e9, 1e9, 'audit']),
      Buffer.concat([encode([0, ...common]), Buffer.from([0])]),
    ];
    for (const bytes of malformed) {
      assert.throws(() => decodePayload(bytes), InvalidToken, Buffer.from(bytes).toString('hex'));
    }
  });

  it('makes audit ids as Keystone does: 22 URL-safe characters, all different', () => {
    const ids = new Set(Array.from({ length: 1000 }, newAuditId));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  });
});
