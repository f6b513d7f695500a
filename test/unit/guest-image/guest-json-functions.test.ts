import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { GUEST_JSON_FUNCTIONS } from '../../../src/guest-image/guest-json-functions.js';

const busyboxMissing = spawnSync('busybox', ['true']).error ? 'busybox is not installed' : false;

describe('meta_data.json read by busybox sh in the guest', { skip: busyboxMissing }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'guest-json-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `command` in busybox sh with the guest's functions, on `json` as $file. */
  function guestShell(json: string, command: string): string {
    const file = join(dir, 'meta_data.json');
    writeFileSync(file, json);
    const result = spawnSync('busybox', ['sh', '-c', `${GUEST_JSON_FUNCTIONS}\nfile=${file}\n${command}`], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  }

  // As Nova's metadata API writes it (json.dumps: one line), with traps: a `hostname` inside
  // `meta`, a `keys` list whose entries hold keys too, escaped quotes and a \n ending each key.
  const nova = JSON.stringify({
    random_seed: 'c2VlZA==',
    uuid: '1c5fa1e4-0c4a-4e9f-b2a1-7a8b2c0d9e11',
    availability_zone: 'nova',
    keys: [{ name: 'inner', type: 'ssh', data: 'ssh-rsa INNER not-a-public-key\n' }],
    meta: { hostname: 'from-meta', role: 'web' },
    hostname: 'web-1.novalocal',
    name: 'web 1',
    launch_index: 0,
    devices: [],
    public_keys: {
      mykey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFirst alice@laptop\n',
      'other key': 'ssh-rsa AAAAB3Second "quoted" comment\n',
    },
    project_id: 'p1',
  });

  test('the top-level hostname, not the one in meta', () => {
    assert.equal(guestShell(nova, 'json_string hostname "$file"'), 'web-1.novalocal\n');
  });

  test('every public key, one per line, without the trailing newline escape', () => {
    assert.equal(
      guestShell(nova, 'json_object_strings public_keys "$file"'),
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFirst alice@laptop\nssh-rsa AAAAB3Second "quoted" comment\n',
    );
  });

  test('pretty-printed JSON in another key order reads the same', () => {
    const pretty = JSON.stringify(
      { public_keys: { k: 'ssh-ed25519 AAAA k@h' }, name: 'vm2', uuid: 'u' },
      null,
      4,
    );
    assert.equal(guestShell(pretty, 'json_string name "$file"'), 'vm2\n');
    assert.equal(guestShell(pretty, 'json_object_strings public_keys "$file"'), 'ssh-ed25519 AAAA k@h\n');
  });

  test('a missing key reads as nothing, so the init falls back to `name`', () => {
    const noHostname = JSON.stringify({ name: 'only-name', public_keys: {} });
    assert.equal(guestShell(noHostname, 'json_string hostname "$file"'), '');
    assert.equal(guestShell(noHostname, 'json_object_strings public_keys "$file"'), '');
    assert.equal(guestShell(noHostname, 'json_string name "$file"'), 'only-name\n');
  });

  test('escapes are undone: \\u sequences, slashes, backslashes', () => {
    const escaped = '{"name": "a\\u0062c\\/d\\\\e"}';
    assert.equal(guestShell(escaped, 'json_string name "$file"'), 'abc/d\\e\n');
  });
});
