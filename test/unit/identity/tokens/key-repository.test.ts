import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseFernetKey } from '../../../../src/identity/tokens/fernet.js';
import { FernetKeyRepository, FernetKeysNotFound } from '../../../../src/identity/tokens/key-repository.js';
import { newAuditId } from '../../../../src/identity/tokens/payload-codec.js';
import { TokenFormatter } from '../../../../src/identity/tokens/token-formatter.js';
import { InvalidToken, type TokenPayload } from '../../../../src/identity/tokens/types.js';

const NOW = new Date('2026-05-04T12:00:00Z');

function payload(): TokenPayload {
  return {
    userId: '0f7c9bc1a1d24e8f9a3b6c2d1e0f4a5b',
    methods: ['password'],
    scope: { kind: 'unscoped' },
    applicationCredentialId: null,
    issuedAt: NOW,
    expiresAt: new Date(NOW.getTime() + 3600_000),
    auditIds: [newAuditId()],
  };
}

/** A clock the test moves by hand, for the once-a-second directory check. */
function manualClock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('FernetKeyRepository', () => {
  let parent: string;
  let directory: string;
  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'stratus-keys-'));
    directory = join(parent, 'fernet-keys');
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  const files = async () => (await readdir(directory)).sort();

  it('initializes a private directory with a staged key 0 and a primary key 1', async () => {
    const repository = new FernetKeyRepository(directory, 3);
    assert.equal(await repository.initialize(), true);
    assert.deepEqual(await files(), ['0', '1']);
    assert.equal((await stat(directory)).mode & 0o777, 0o700);
    for (const name of ['0', '1']) {
      assert.equal((await stat(join(directory, name))).mode & 0o777, 0o600);
      assert.match(await readFile(join(directory, name), 'utf8'), /^[A-Za-z0-9_-]{43}=$/);
    }
  });

  it('leaves a repository that has keys alone', async () => {
    const repository = new FernetKeyRepository(directory, 3);
    await repository.initialize();
    const before = await readFile(join(directory, '1'), 'utf8');
    assert.equal(await repository.initialize(), false);
    assert.equal(await readFile(join(directory, '1'), 'utf8'), before);
    assert.deepEqual(await files(), ['0', '1']);
  });

  it('loads keys primary first, then secondaries newest first, then the staged key', async () => {
    const repository = new FernetKeyRepository(directory, 5);
    await repository.initialize();
    await repository.rotate();
    await repository.rotate();
    const text = async (name: string) => parseFernetKey(await readFile(join(directory, name), 'utf8'));
    assert.deepEqual(repository.load(), [await text('3'), await text('2'), await text('1'), await text('0')]);
  });

  it('rotates as keystone-manage fernet_rotate: staged becomes primary, oldest secondaries go', async () => {
    const repository = new FernetKeyRepository(directory, 3);
    await repository.initialize();
    const staged = await readFile(join(directory, '0'), 'utf8');
    assert.deepEqual(await repository.rotate(), { primary: 2, removed: [] });
    assert.deepEqual(await files(), ['0', '1', '2']);
    assert.equal(await readFile(join(directory, '2'), 'utf8'), staged);
    assert.notEqual(await readFile(join(directory, '0'), 'utf8'), staged);
    assert.deepEqual(await repository.rotate(), { primary: 3, removed: [1] });
    assert.deepEqual(await repository.rotate(), { primary: 4, removed: [2] });
    assert.deepEqual(await files(), ['0', '3', '4']);
    assert.equal((await stat(join(directory, '0'))).mode & 0o777, 0o600);
  });

  it('keeps a token valid while its key is a secondary and rejects it once the key is removed', async () => {
    const repository = new FernetKeyRepository(directory, 3);
    await repository.initialize();
    const tokens = new TokenFormatter({ keys: () => repository.load() }, () => NOW);
    const token = tokens.issue(payload());
    await repository.rotate();
    assert.equal(tokens.parse(token).userId, payload().userId, 'valid after one rotation');
    await repository.rotate();
    assert.throws(() => tokens.parse(token), InvalidToken, 'max_active_keys 3: gone after two rotations');
  });

  it('with more keys kept, a token survives max_active_keys - 2 rotations', async () => {
    const repository = new FernetKeyRepository(directory, 5);
    await repository.initialize();
    const tokens = new TokenFormatter({ keys: () => repository.load() }, () => NOW);
    const token = tokens.issue(payload());
    for (let rotation = 1; rotation <= 3; rotation += 1) {
      await repository.rotate();
      assert.doesNotThrow(() => tokens.parse(token), `rotation ${rotation}`);
    }
    await repository.rotate();
    assert.throws(() => tokens.parse(token), InvalidToken);
  });

  it('accepts tokens sealed with the staged key, which another node may already have promoted', async () => {
    const repository = new FernetKeyRepository(directory, 3);
    await repository.initialize();
    const staged = parseFernetKey(await readFile(join(directory, '0'), 'utf8'));
    const otherNode = new TokenFormatter({ keys: () => [staged] }, () => NOW);
    const tokens = new TokenFormatter(repository, () => NOW);
    assert.equal(tokens.parse(otherNode.issue(payload())).userId, payload().userId);
  });

  it('sees a rotation made through another repository object within a second, without rereading sooner', async () => {
    const clock = manualClock();
    const service = new FernetKeyRepository(directory, 3, clock.now);
    await service.initialize();
    const tokens = new TokenFormatter(service, () => NOW);
    const before = tokens.issue(payload());
    const primaryBefore = service.keys()[0];

    await new FernetKeyRepository(directory, 3).rotate();
    clock.advance(999);
    assert.equal(service.keys()[0], primaryBefore, 'not looked at within the second');

    clock.advance(1);
    const [primaryAfter] = service.keys();
    assert.notDeepEqual(primaryAfter, primaryBefore);
    assert.deepEqual(primaryAfter, parseFernetKey(await readFile(join(directory, '2'), 'utf8')));
    const after = tokens.issue(payload());
    assert.throws(
      () => new TokenFormatter({ keys: () => [primaryBefore] }, () => NOW).parse(after),
      InvalidToken,
    );
    assert.doesNotThrow(() => tokens.parse(before));
  });

  it('keeps the keys it has when the directory did not change', async () => {
    const clock = manualClock();
    const repository = new FernetKeyRepository(directory, 3, clock.now);
    await repository.initialize();
    const first = repository.keys();
    clock.advance(5000);
    assert.equal(repository.keys(), first);
  });

  it('says the repository is not initialized instead of failing every token obscurely', async () => {
    const repository = new FernetKeyRepository(directory, 3);
    assert.deepEqual(repository.load(), []);
    assert.throws(() => repository.keys(), FernetKeysNotFound);
    await assert.rejects(repository.rotate(), FernetKeysNotFound);
    const tokens = new TokenFormatter(repository, () => NOW);
    assert.throws(() => tokens.issue(payload()), FernetKeysNotFound);
  });

  it('ignores files that are not key files and names a corrupt key file', async () => {
    const repository = new FernetKeyRepository(directory, 3);
    await repository.initialize();
    await writeFile(join(directory, 'README'), 'not a key');
    await writeFile(join(directory, '.0.abc.tmp'), 'leftover');
    assert.equal(repository.load().length, 2);
    await writeFile(join(directory, '7'), 'garbage');
    assert.throws(() => repository.load(), /7 does not hold a key/);
  });

  it('refuses a max_active_keys below 2', () => {
    assert.throws(() => new FernetKeyRepository(directory, 1), /at least 2/);
  });
});
