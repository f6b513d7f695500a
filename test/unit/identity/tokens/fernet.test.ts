import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  parseFernetKey,
} from '../../../../src/identity/tokens/fernet.js';
import { InvalidToken } from '../../../../src/identity/tokens/types.js';

// The test vector of https://github.com/fernet/spec (generate.json / verify.json).
const SPEC_SECRET = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const SPEC_TOKEN =
  'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';
const SPEC_TIME = Date.parse('1985-10-26T01:20:00-07:00') / 1000;
const SPEC_IV = Buffer.from([...Array(16).keys()]);

/** Flips one bit of the decoded token at `offset` (negative counts from the end). */
function tamper(token: string, offset: number): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[offset < 0 ? bytes.length + offset : offset] ^= 1;
  return bytes.toString('base64url');
}

describe('fernet', () => {
  it('produces the spec test vector from its key, time, IV and plaintext', () => {
    const token = fernetEncrypt(parseFernetKey(SPEC_SECRET), Buffer.from('hello'), {
      timestamp: SPEC_TIME,
      iv: SPEC_IV,
    });
    assert.equal(token, SPEC_TOKEN.replace(/=+$/, ''));
  });

  it('opens the spec token with or without its base64 padding', () => {
    const key = parseFernetKey(SPEC_SECRET);
    assert.equal(fernetDecrypt([key], SPEC_TOKEN).toString(), 'hello');
    assert.equal(fernetDecrypt([key], SPEC_TOKEN.replace(/=+$/, '')).toString(), 'hello');
  });

  it('hands out tokens without padding, in the URL-safe alphabet', () => {
    const key = parseFernetKey(generateFernetKey());
    for (let length = 0; length < 40; length += 1) {
      const token = fernetEncrypt(key, Buffer.alloc(length, 7));
      assert.match(token, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual(fernetDecrypt([key], token), Buffer.alloc(length, 7));
    }
  });

  it('rejects a token with any byte altered: version, timestamp, IV, ciphertext or HMAC', () => {
    const key = parseFernetKey(generateFernetKey());
    const token = fernetEncrypt(key, Buffer.from('a payload of some length'));
    for (const offset of [0, 1, 8, 9, 24, 25, 40, -33, -32, -1]) {
      assert.throws(() => fernetDecrypt([key], tamper(token, offset)), InvalidToken, `offset ${offset}`);
    }
  });

  it('rejects a token sealed by a key it does not have', () => {
    const token = fernetEncrypt(parseFernetKey(generateFernetKey()), Buffer.from('x'));
    assert.throws(() => fernetDecrypt([parseFernetKey(generateFernetKey())], token), InvalidToken);
  });

  it('opens a token with whichever of its keys sealed it', () => {
    const keys = [generateFernetKey(), generateFernetKey(), generateFernetKey()].map(parseFernetKey);
    for (const key of keys) {
      assert.equal(fernetDecrypt(keys, fernetEncrypt(key, Buffer.from('ok'))).toString(), 'ok');
    }
  });

  it('rejects garbage as InvalidToken, never another error', () => {
    const key = parseFernetKey(generateFernetKey());
    const good = fernetEncrypt(key, Buffer.from('x'));
    const garbage = [
      '',
      'x',
      'not a token',
      'gAAAAA',
      good.slice(0, -1),
      good.slice(0, 60),
      good + 'A',
      good.replace(/^g/, 'h'),
      `${good.slice(0, 10)}+${good.slice(11)}`,
      `${good}%`,
      '='.repeat(10),
    ];
    for (const token of garbage) {
      assert.throws(() => fernetDecrypt([key], token), InvalidToken, JSON.stringify(token));
    }
  });

  it('writes keys as Keystone key files and reads them back, padding and newline optional', () => {
    const text = generateFernetKey();
    assert.match(text, /^[A-Za-z0-9_-]{43}=$/);
    const key = parseFernetKey(text);
    assert.equal(key.signing.length, 16);
    assert.equal(key.encryption.length, 16);
    assert.deepEqual(parseFernetKey(`${text.slice(0, -1)}\n`), key);
    assert.throws(() => parseFernetKey('short'), /32 bytes/);
  });
});
