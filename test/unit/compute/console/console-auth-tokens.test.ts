import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import {
  CONSOLE_TOKEN_TTL_SECONDS,
  ConsoleAuthTokens,
  type ConsoleConnection,
} from '../../../../src/compute/console/console-auth-tokens.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import { addServer, consoleDatabase, TestClock } from './console-fixtures.js';

const BASE_URL = 'http://stratus.test/console/vnc_lite.html?path=console%2Fwebsockify';

describe('ConsoleAuthTokens', () => {
  let db: Kysely<ComputeSchema>;
  let clock: TestClock;
  let tokens: ConsoleAuthTokens;
  let connection: ConsoleConnection;

  beforeEach(async () => {
    db = await consoleDatabase();
    clock = new TestClock(new Date('2026-01-01T00:00:00.000Z'));
    tokens = new ConsoleAuthTokens(db, clock.now);
    const instanceUuid = await addServer(db);
    connection = {
      instanceUuid,
      consoleType: 'novnc',
      host: '127.0.0.1',
      port: 5901,
      accessUrlBase: BASE_URL,
    };
  });
  afterEach(() => db.destroy());

  test('a token opens its console, as often as wanted, until it expires (Nova: 600 s)', async () => {
    assert.equal(CONSOLE_TOKEN_TTL_SECONDS, 600);
    const token = await tokens.authorize(connection, CONSOLE_TOKEN_TTL_SECONDS);
    const expiresAt = new Date('2026-01-01T00:10:00.000Z');
    assert.deepEqual(await tokens.validate(token), { ...connection, expiresAt });
    clock.advance(599);
    assert.deepEqual(await tokens.validate(token), { ...connection, expiresAt });
    clock.advance(1);
    assert.equal(await tokens.validate(token), undefined);
  });

  test('only the SHA-256 of the token is stored', async () => {
    const token = await tokens.authorize(connection, 600);
    const rows = await db.selectFrom('console_auth_tokens').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].token_hash, createHash('sha256').update(token).digest('hex'));
    assert.ok(!JSON.stringify(rows).includes(token), 'the token itself is in the table');
  });

  test('a wrong, empty or altered token opens nothing; tokens differ', async () => {
    const token = await tokens.authorize(connection, 600);
    const other = await tokens.authorize(connection, 600);
    assert.notEqual(token, other);
    assert.equal(await tokens.validate(''), undefined);
    assert.equal(await tokens.validate(`bad${token}`), undefined);
    assert.equal(await tokens.validate(token.toUpperCase()), undefined);
  });

  test('the tokens of a deleted server open nothing, and go with deleteForInstance', async () => {
    const token = await tokens.authorize(connection, 600);
    await db.updateTable('instances').set({ deleted: 1 }).execute();
    assert.equal(await tokens.validate(token), undefined);
    await tokens.deleteForInstance(connection.instanceUuid);
    assert.deepEqual(await db.selectFrom('console_auth_tokens').selectAll().execute(), []);
  });

  test('expired tokens are removed when a new one is made', async () => {
    await tokens.authorize(connection, 10);
    const lasting = await tokens.authorize(connection, 600);
    clock.advance(10);
    await tokens.authorize(connection, 600);
    const rows = await db.selectFrom('console_auth_tokens').select('expires_at').execute();
    assert.deepEqual(rows.map((row) => row.expires_at).sort(), [
      '2026-01-01T00:10:00.000Z',
      '2026-01-01T00:10:10.000Z',
    ]);
    assert.ok(await tokens.validate(lasting));
  });
});
