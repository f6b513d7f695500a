import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

/** `ssh-keygen -l -E md5` of a public key, or undefined when ssh-keygen is not installed. */
function sshKeygenMd5(publicKey: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-keygen-'));
  try {
    const file = join(dir, 'key.pub');
    writeFileSync(file, `${publicKey}\n`);
    const out = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', file], { encoding: 'utf8' });
    return /MD5:([0-9a-f:]+)/.exec(out)?.[1];
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ED25519 =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGkSRCt8p4NLB0m4kgaRQmGpCa+RrC6yiTEyYgBSkg5c test@stratus';

describe('keypairs', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp({ settings: { keyPairsQuota: 4 } });
  });
  after(() => compute.close());

  test('create generates an RSA key at 2.1: 200, private key once, ssh-keygen agrees on the fingerprint', async () => {
    const response = await compute.request('POST', '/os-keypairs', {
      caller: 'member',
      body: { keypair: { name: 'gen' } },
    });
    assert.equal(response.statusCode, 200);
    const keypair = response.json().keypair;
    assert.deepEqual(Object.keys(keypair).sort(), [
      'fingerprint',
      'name',
      'private_key',
      'public_key',
      'user_id',
    ]);
    assert.match(keypair.private_key, /^-----BEGIN RSA PRIVATE KEY-----/);
    assert.match(keypair.public_key, /^ssh-rsa \S+ Generated-by-Nova$/);
    assert.equal(keypair.user_id, 'u-member');
    const expected = sshKeygenMd5(keypair.public_key);
    if (expected !== undefined) assert.equal(keypair.fingerprint, expected);
    assert.match(keypair.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });

  test('import at 2.2: 201 with the type, and the fingerprint of the given key', async () => {
    const response = await compute.request('POST', '/os-keypairs', {
      caller: 'member',
      version: '2.2',
      body: { keypair: { name: 'imported', public_key: ED25519 } },
    });
    assert.equal(response.statusCode, 201);
    const keypair = response.json().keypair;
    assert.equal(keypair.type, 'ssh');
    assert.equal(keypair.private_key, undefined);
    const expected = sshKeygenMd5(ED25519);
    if (expected !== undefined) assert.equal(keypair.fingerprint, expected);
  });

  test('a public key that does not load is a 400', async () => {
    const response = await compute.request('POST', '/os-keypairs', {
      caller: 'member',
      body: { keypair: { name: 'broken', public_key: 'ssh-rsa AAAAnotakey' } },
    });
    assert.deepEqual(response.json(), {
      badRequest: { code: 400, message: 'Keypair data is invalid: failed to generate fingerprint' },
    });
  });

  // Generation runs the openssl tool, as Nova does; .ci/run installs it.
  const haveOpenssl = spawnSync('openssl', ['version']).status === 0;
  test(
    'x509 keys: generated with openssl, fingerprint the SHA-1 of the certificate',
    { skip: !haveOpenssl && 'openssl is not installed' },
    async () => {
      const response = await compute.request('POST', '/os-keypairs', {
        caller: 'member',
        version: '2.2',
        body: { keypair: { name: 'cert', type: 'x509' } },
      });
      assert.equal(response.statusCode, 201);
      const keypair = response.json().keypair;
      assert.match(keypair.public_key, /^-----BEGIN CERTIFICATE-----/);
      assert.match(keypair.fingerprint, /^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
      const imported = await compute.request('POST', '/os-keypairs', {
        caller: 'other',
        version: '2.2',
        body: { keypair: { name: 'cert', type: 'x509', public_key: keypair.public_key } },
      });
      assert.equal(imported.json().keypair.fingerprint, keypair.fingerprint);
    },
  );

  test('show at 2.1 and 2.2 have the shapes of Tempest', async () => {
    const v21 = (await compute.request('GET', '/os-keypairs/imported', { caller: 'member' })).json().keypair;
    assert.deepEqual(Object.keys(v21).sort(), [
      'created_at',
      'deleted',
      'deleted_at',
      'fingerprint',
      'id',
      'name',
      'public_key',
      'updated_at',
      'user_id',
    ]);
    assert.equal(v21.deleted, false);
    const v22 = (
      await compute.request('GET', '/os-keypairs/imported', { caller: 'member', version: '2.2' })
    ).json();
    assert.equal(v22.keypair.type, 'ssh');
  });

  test('list: a user sees only their own key pairs', async () => {
    const mine = await compute.request('GET', '/os-keypairs', { caller: 'member' });
    assert.deepEqual(
      mine.json().keypairs.map((k: { keypair: { name: string } }) => k.keypair.name),
      ['cert', 'gen', 'imported'],
    );
    assert.equal(mine.json().keypairs[0].keypair.type, undefined);
    const theirs = await compute.request('GET', '/os-keypairs', { caller: 'other' });
    assert.deepEqual(
      theirs.json().keypairs.map((k: { keypair: { name: string } }) => k.keypair.name),
      ['cert'],
    );
    const hidden = await compute.request('GET', '/os-keypairs/gen', { caller: 'other' });
    assert.deepEqual(hidden.json(), {
      itemNotFound: { code: 404, message: 'Keypair gen not found for user u-other' },
    });
  });

  test('limit and marker from 2.35, with keypairs_links', async () => {
    const page = await compute.request('GET', '/os-keypairs?limit=2', { caller: 'member', version: '2.35' });
    const body = page.json();
    assert.deepEqual(
      body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name),
      ['cert', 'gen'],
    );
    assert.deepEqual(body.keypairs_links, [
      { rel: 'next', href: 'http://stratus.test/compute/v2.1/os-keypairs?limit=2&marker=gen' },
    ]);
    const next = await compute.request('GET', '/os-keypairs?limit=2&marker=gen', {
      caller: 'member',
      version: '2.35',
    });
    assert.deepEqual(
      next.json().keypairs.map((k: { keypair: { name: string } }) => k.keypair.name),
      ['imported'],
    );
    const bad = await compute.request('GET', '/os-keypairs?marker=nope', {
      caller: 'member',
      version: '2.35',
    });
    assert.deepEqual(bad.json(), { badRequest: { code: 400, message: 'Marker nope could not be found.' } });
  });

  test('admins act for another user from 2.10; others may not', async () => {
    const listed = await compute.request('GET', '/os-keypairs?user_id=u-member', { version: '2.10' });
    assert.equal(listed.json().keypairs.length, 3);
    const created = await compute.request('POST', '/os-keypairs', {
      version: '2.10',
      body: { keypair: { name: 'for-other', user_id: 'u-other', public_key: ED25519 } },
    });
    assert.equal(created.json().keypair.user_id, 'u-other');
    const refused = await compute.request('GET', '/os-keypairs?user_id=u-other', {
      caller: 'member',
      version: '2.10',
    });
    assert.deepEqual(refused.json(), {
      forbidden: {
        code: 403,
        message: "Policy doesn't allow os_compute_api:os-keypairs:index to be performed.",
      },
    });
    const early = await compute.request('POST', '/os-keypairs', {
      body: { keypair: { name: 'x', user_id: 'u-other', public_key: ED25519 } },
    });
    assert.equal(early.statusCode, 400);
  });

  test('names: printable, Nova’s characters, 2.92 allows @ and .', async () => {
    const dotted = { keypair: { name: 'me@host.x', public_key: ED25519 } };
    const before292 = await compute.request('POST', '/os-keypairs', { caller: 'reader', body: dotted });
    assert.equal(before292.statusCode, 400);
    assert.match(before292.json().badRequest.message, /Only expected characters: \[_- 0123/);
    const at292 = await compute.request('POST', '/os-keypairs', {
      caller: 'reader',
      version: '2.92',
      body: dotted,
    });
    assert.equal(at292.statusCode, 201);
  });

  test('from 2.92 a public key is required', async () => {
    const response = await compute.request('POST', '/os-keypairs', {
      caller: 'reader',
      version: '2.92',
      body: { keypair: { name: 'nokey' } },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().badRequest.message, /public_key/);
  });

  test('a duplicate name is a conflict; the quota is a 403', async () => {
    const dup = await compute.request('POST', '/os-keypairs', {
      caller: 'member',
      body: { keypair: { name: 'imported', public_key: ED25519 } },
    });
    assert.deepEqual(dup.json(), {
      conflictingRequest: { code: 409, message: "Key pair 'imported' already exists." },
    });
    const fourth = await compute.request('POST', '/os-keypairs', {
      caller: 'member',
      body: { keypair: { name: 'fourth', public_key: ED25519 } },
    });
    assert.equal(fourth.statusCode, 200);
    const fifth = await compute.request('POST', '/os-keypairs', {
      caller: 'member',
      body: { keypair: { name: 'fifth', public_key: ED25519 } },
    });
    assert.deepEqual(fifth.json(), {
      forbidden: { code: 403, message: 'Quota exceeded, too many key pairs.' },
    });
  });

  test('delete: 202 at 2.1, 204 from 2.2, 404 when gone', async () => {
    assert.equal(
      (await compute.request('DELETE', '/os-keypairs/fourth', { caller: 'member' })).statusCode,
      202,
    );
    assert.equal(
      (await compute.request('DELETE', '/os-keypairs/gen', { caller: 'member', version: '2.2' })).statusCode,
      204,
    );
    const again = await compute.request('DELETE', '/os-keypairs/gen', { caller: 'member', version: '2.2' });
    assert.equal(again.statusCode, 404);
  });

  test('unknown query parameters are refused from 2.75', async () => {
    const response = await compute.request('GET', '/os-keypairs?colour=red', {
      caller: 'member',
      version: '2.75',
    });
    assert.equal(response.statusCode, 400);
  });
});
