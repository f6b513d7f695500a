import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, publicUrl } from '../../../../src/common/config/index.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'stratus-config-'));

test('defaults apply when there is no file and no environment', () => {
  const dir = dataDir();
  const config = loadConfig({ STRATUS_DATA_DIR: dir });
  assert.equal(config.data_dir, dir);
  assert.equal(config.port, 5000);
  assert.equal(config.identity.token_expiration, 3600);
  assert.equal(publicUrl(config), 'http://127.0.0.1:5000');
});

test('the YAML file is read and the environment overrides it, with types kept', () => {
  const dir = dataDir();
  writeFileSync(
    join(dir, 'stratus.yaml'),
    'port: 6000\nidentity:\n  token_expiration: 600\n  max_active_keys: 4\n',
  );
  const config = loadConfig({
    STRATUS_DATA_DIR: dir,
    STRATUS_PORT: '7000',
    STRATUS_IDENTITY__SECURITY_COMPLIANCE__LOCKOUT_FAILURE_ATTEMPTS: '3',
    STRATUS_POLICY__IDENTITY__LIST_USERS: 'role:admin',
  });
  assert.equal(config.port, 7000);
  assert.equal(config.identity.token_expiration, 600);
  assert.equal(config.identity.max_active_keys, 4);
  assert.equal(config.identity.security_compliance.lockout_failure_attempts, 3);
  assert.equal(config.identity.security_compliance.lockout_duration, 1800);
  assert.deepEqual(config.policy, { 'identity:list_users': 'role:admin' });
});

test('a bad value stops the start with a message naming the key and where it was set', () => {
  const dir = dataDir();
  assert.throws(
    () => loadConfig({ STRATUS_DATA_DIR: dir, STRATUS_PORT: 'eighty' }),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /STRATUS_PORT/);
      return true;
    },
  );
  writeFileSync(join(dir, 'stratus.yaml'), 'identity:\n  token_expiration: -5\n');
  assert.throws(
    () => loadConfig({ STRATUS_DATA_DIR: dir }),
    /identity\.token_expiration in .*stratus\.yaml must be >= 60/,
  );
});

test('an unknown setting is refused by name', () => {
  const dir = dataDir();
  assert.throws(
    () => loadConfig({ STRATUS_DATA_DIR: dir, STRATUS_IDENTITY__TOKEN_LIFETIME: '1' }),
    /STRATUS_IDENTITY__TOKEN_LIFETIME is not a known setting/,
  );
  // Variables of other tools that share the prefix are not settings.
  assert.equal(loadConfig({ STRATUS_DATA_DIR: dir, STRATUS_SKIP_CONFORMANCE: '1' }).port, 5000);
  writeFileSync(join(dir, 'stratus.yaml'), 'identity:\n  tokens: 1\n');
  assert.throws(() => loadConfig({ STRATUS_DATA_DIR: dir }), /identity\.tokens in .* is not a known setting/);
});

test('a file that is not YAML is reported as such', () => {
  const dir = dataDir();
  writeFileSync(join(dir, 'stratus.yaml'), 'port: [1,\n');
  assert.throws(() => loadConfig({ STRATUS_DATA_DIR: dir }), /not valid YAML/);
});
