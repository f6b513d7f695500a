import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encode } from '@msgpack/msgpack';
import { fernetEncrypt, generateFernetKey, parseFernetKey } from '../../../../src/identity/tokens/fernet.js';
import { newAuditId } from '../../../../src/identity/tokens/payload-codec.js';
import {
  ALLOW_EXPIRED_WINDOW_SECONDS,
  TokenFormatter,
} from '../../../../src/identity/tokens/token-formatter.js';
import { InvalidToken, type TokenPayload, type TokenScope } from '../../../../src/identity/tokens/types.js';

const ISSUED = new Date('2026-05-04T12:00:00.250Z');
const EXPIRES = new Date('2026-05-04T13:00:00.250Z');

function formatter(keys = [parseFernetKey(generateFernetKey())], now = () => ISSUED) {
  return new TokenFormatter({ keys: () => keys }, now);
}

function payload(scope: TokenScope, overrides: Partial<TokenPayload> = {}): TokenPayload {
  return {
    userId: '0f7c9bc1a1d24e8f9a3b6c2d1e0f4a5b',
    methods: ['password'],
    scope,
    applicationCredentialId: null,
    issuedAt: ISSUED,
    expiresAt: EXPIRES,
    auditIds: [newAuditId()],
    ...overrides,
  };
}

const PROJECT: TokenScope = { kind: 'project', projectId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' };

describe('TokenFormatter', () => {
  const scopes: TokenScope[] = [
    { kind: 'unscoped' },
    PROJECT,
    { kind: 'domain', domainId: 'default' },
    { kind: 'system' },
  ];
  for (const scope of scopes) {
    it(`issues a ${scope.kind}-scoped token that parses back to its payload`, () => {
      const tokens = formatter();
      const original = payload(scope);
      assert.deepEqual(tokens.parse(tokens.issue(original)), original);
    });
  }

  it('keeps a project-scoped token, even a rescoped one, under 255 characters', () => {
    const tokens = formatter();
    const rescoped = payload(PROJECT, {
      methods: ['password', 'token'],
      auditIds: [newAuditId(), newAuditId()],
    });
    const token = tokens.issue(rescoped);
    assert.ok(token.length < 255, `${token.length} characters`);
    assert.match(token, /^gAAAAA[A-Za-z0-9_-]+$/);
  });

  it('gives a new token each time, even for the same payload', () => {
    const tokens = formatter();
    const same = payload(PROJECT);
    assert.notEqual(tokens.issue(same), tokens.issue(same));
  });

  it('rejects a token with a flipped byte', () => {
    const tokens = formatter();
    const token = tokens.issue(payload(PROJECT));
    const bytes = Buffer.from(token, 'base64url');
    for (const offset of [0, 5, 30, 60, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[offset] ^= 0x40;
      assert.throws(() => tokens.parse(altered.toString('base64url')), InvalidToken);
    }
  });

  it('rejects a token sealed by another cloud', () => {
    const token = formatter().issue(payload(PROJECT));
    assert.throws(() => formatter().parse(token), InvalidToken);
  });

  it('rejects garbage', () => {
    for (const garbage of ['', 'abc', 'gAAAAABl', '../../etc/passwd', 'x'.repeat(400)]) {
      assert.throws(() => formatter().parse(garbage), InvalidToken);
    }
  });

  it('rejects a well-sealed payload of an unknown version', () => {
    const key = parseFernetKey(generateFernetKey());
    const token = fernetEncrypt(key, encode([77, 'user', 1, 2e9, 1e9, []]));
    assert.throws(() => formatter([key]).parse(token), /not a recognized Fernet payload version: 77/);
  });

  it('rejects a token once its expires_at is reached', () => {
    const keys = [parseFernetKey(generateFernetKey())];
    const token = formatter(keys).issue(payload(PROJECT));
    const at = (time: number) => formatter(keys, () => new Date(time));
    assert.equal(at(EXPIRES.getTime() - 1).parse(token).userId, '0f7c9bc1a1d24e8f9a3b6c2d1e0f4a5b');
    assert.throws(() => at(EXPIRES.getTime()).parse(token), /expired/);
    assert.throws(() => at(EXPIRES.getTime() + 1000).parse(token), InvalidToken);
  });

  it('accepts an expired token within the allow_expired window when asked to', () => {
    const keys = [parseFernetKey(generateFernetKey())];
    const token = formatter(keys).issue(payload(PROJECT));
    const windowEnd = EXPIRES.getTime() + ALLOW_EXPIRED_WINDOW_SECONDS * 1000;
    const at = (time: number) => formatter(keys, () => new Date(time));
    assert.equal(
      at(windowEnd - 1)
        .parse(token, { allowExpired: true })
        .expiresAt.getTime(),
      EXPIRES.getTime(),
    );
    assert.throws(() => at(windowEnd).parse(token, { allowExpired: true }), InvalidToken);
    assert.throws(() => at(windowEnd - 1).parse(token), InvalidToken);
  });

  it('seals with the first key and opens with any', () => {
    const [primary, secondary, staged] = [1, 2, 3].map(() => parseFernetKey(generateFernetKey()));
    const original = payload(PROJECT);
    const token = formatter([primary]).issue(original);
    assert.deepEqual(formatter([secondary, primary, staged]).parse(token), original);
    assert.throws(() => formatter([secondary, staged]).parse(token), InvalidToken);
  });
});
