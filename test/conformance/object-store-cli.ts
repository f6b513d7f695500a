/**
 * The object storage part of the CLI checks: an ordinary user (demo) drives Swift with Debian's
 * `swift` CLI (account and container stats and metadata, uploads plain and in segments, listings
 * by prefix and delimiter, downloads compared byte for byte, temporary URLs fetched with curl,
 * deletes) and with `openstack container` / `openstack object` / `openstack object store
 * account`. Checks that need a middleware /info announces (slo, tempurl) run once it lists it and
 * are skipped, saying so, until then. Every step asserts on what the user sees.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { login } from './catalog.js';
import { needs, type Checks } from './checks.js';
import { json, openstack, succeeds, type Json } from './cli.js';
import type { Cloud } from './cloud.js';
import {
  checkWith,
  curlGet,
  listed,
  makeUploadFiles,
  statFields,
  swift,
  type UploadFile,
} from './object-store-commands.js';
import { probeObjectStore } from './object-store-tempest.js';

const MIB = 1024 * 1024;
/** Three segments of 1 MiB and a short last one: segmented uploads must join them in order. */
const LARGE_SIZE = 3 * MIB + 4321;
const SEGMENT_SIZE = String(MIB);

/** `swift auth` prints the storage URL (`<public>/object-store/v1/AUTH_<project>`) as an export. */
function storageUrlOf(authOutput: string): string {
  const match = /OS_STORAGE_URL=(\S+)/.exec(authOutput);
  assert.ok(match, `swift auth printed no OS_STORAGE_URL:\n${authOutput}`);
  return match[1].replace(/^'|'$/g, '');
}

/** Uploads `file` in 1 MiB segments, downloads it again and compares; returns what stat says. */
async function segmentedRoundTrip(
  run: (args: string[]) => Promise<string>,
  work: string,
  container: string,
  file: UploadFile,
  extra: string[],
): Promise<Map<string, string>> {
  await run(['upload', '--segment-size', SEGMENT_SIZE, ...extra, container, file.name]);
  const segments = listed(await run(['list', `${container}_segments`]));
  const ofFile = segments.filter((name) => name.startsWith(`${file.name}/`));
  assert.equal(
    ofFile.length,
    4,
    `4 segments of ${file.name} in ${container}_segments: ${segments.join(', ')}`,
  );
  const out = `${file.name}.downloaded`;
  await run(['download', container, file.name, '-o', out]);
  assert.ok(readFileSync(join(work, out)).equals(file.bytes), 'the download has the uploaded bytes');
  const stat = statFields(await run(['stat', container, file.name]));
  assert.equal(stat.get('Content Length'), String(file.bytes.length));
  return stat;
}

export async function runObjectStoreChecks(checks: Checks, cloud: Cloud): Promise<void> {
  const { demo } = cloud;
  const prefix = `conformance-${randomBytes(4).toString('hex')}`;
  const work = mkdtempSync(join(cloud.dataDir, 'object-store-cli-'));
  const run = (args: string[]) => swift(demo, work, args);
  const box = `${prefix}-box`;

  const capabilities = await checks.check(
    'user: GET /info lists the core API and its middlewares',
    async () => {
      const facts = await probeObjectStore(await login(demo));
      assert.ok(facts?.discoverable, '/info answers 200 with JSON');
      return facts.capabilities;
    },
  );
  const offered = capabilities ?? [];

  const storageUrl = await checks.check('user: swift auth gives the AUTH_<project> storage URL', async () => {
    const url = storageUrlOf(await run(['auth']));
    const project = String((await json(demo, ['token', 'issue'])).project_id);
    assert.match(url, new RegExp(`/v1/AUTH_${project}$`));
    return url;
  });

  await checks.check(
    'user: swift -A <proxy>/auth/v1.0 -U project:user -K password (tempauth v1.0) stat',
    async () => {
      const proxy = needs(storageUrl, 'swift auth').replace(/\/v1\/AUTH_[^/]+$/, '');
      // The v1.0 settings alone: with OS_* variables set the swift CLI would use identity v3 instead.
      const stat = statFields(
        await swift(
          {
            ST_AUTH: `${proxy}/auth/v1.0`,
            ST_USER: `${demo.OS_PROJECT_NAME}:${demo.OS_USERNAME}`,
            ST_KEY: demo.OS_PASSWORD,
          },
          work,
          ['stat'],
        ),
      );
      assert.equal(stat.get('Account'), needs(storageUrl, 'swift auth').split('/').pop());
    },
  );

  const files = await checks.check('user files: small ones in folders and a 3 MiB one', async () =>
    makeUploadFiles(work, {
      'docs/a.txt': 100,
      'docs/b.txt': 200,
      'docs/old/c.txt': 300,
      'photos/2024/x.bin': 400,
      'top.txt': 12,
      'large.bin': LARGE_SIZE,
    }),
  );
  const file = (name: string) => needs(files, 'user files')[name];

  await checks.check('user: swift stat of the account', async () => {
    const stat = statFields(await run(['stat']));
    assert.match(stat.get('Account') ?? '', /^AUTH_[0-9a-f]+$/);
    assert.ok(
      stat.has('Containers') && stat.has('Objects') && stat.has('Bytes'),
      [...stat.keys()].join(', '),
    );
  });

  await checks.check('user: swift post makes a container with metadata; swift stat shows it', async () => {
    await run(['post', '-m', 'colour:blue', '-r', '.r:*', box]);
    const stat = statFields(await run(['stat', box]));
    assert.equal(stat.get('Container'), box);
    assert.equal(stat.get('Objects'), '0');
    assert.equal(stat.get('Meta Colour'), 'blue');
    assert.equal(stat.get('Read ACL'), '.r:*');
    assert.ok(listed(await run(['list'])).includes(box), 'swift list shows the container');
  });

  await checks.check(
    'user: swift upload (plain) of files in folders; the container counts them',
    async () => {
      needs(files, 'user files');
      await run(['upload', box, 'docs', 'photos', 'top.txt', 'large.bin']);
      const names = listed(await run(['list', box]));
      assert.deepEqual(names, [
        'docs/a.txt',
        'docs/b.txt',
        'docs/old/c.txt',
        'large.bin',
        'photos/2024/x.bin',
        'top.txt',
      ]);
      const stat = statFields(await run(['stat', box]));
      assert.equal(stat.get('Objects'), '6');
      assert.equal(stat.get('Bytes'), String(100 + 200 + 300 + 400 + 12 + LARGE_SIZE));
    },
  );

  await checks.check('user: swift list --prefix and --delimiter', async () => {
    assert.deepEqual(listed(await run(['list', '--prefix', 'docs/', box])), [
      'docs/a.txt',
      'docs/b.txt',
      'docs/old/c.txt',
    ]);
    assert.deepEqual(listed(await run(['list', '--delimiter', '/', box])), [
      'docs/',
      'large.bin',
      'photos/',
      'top.txt',
    ]);
    assert.deepEqual(listed(await run(['list', '--prefix', 'docs/', '--delimiter', '/', box])), [
      'docs/a.txt',
      'docs/b.txt',
      'docs/old/',
    ]);
    assert.deepEqual(listed(await run(['list', '--prefix', `${prefix}-b`])), [box], 'containers by prefix');
  });

  await checks.check('user: swift stat of an object shows its length, etag and type', async () => {
    const stat = statFields(await run(['stat', box, 'large.bin']));
    assert.equal(stat.get('Content Length'), String(LARGE_SIZE));
    assert.equal(stat.get('ETag'), file('large.bin').md5);
    assert.equal(stat.get('Content Type'), 'application/octet-stream');
    assert.equal(statFields(await run(['stat', box, 'top.txt'])).get('Content Type'), 'text/plain');
  });

  await checks.check('user: swift download gives back the bytes uploaded', async () => {
    await run(['download', box, 'large.bin', '-o', 'large.downloaded']);
    assert.ok(readFileSync(join(work, 'large.downloaded')).equals(file('large.bin').bytes));
    await run(['download', box, '--prefix', 'docs/', '-D', 'fetched']);
    for (const name of ['docs/a.txt', 'docs/b.txt', 'docs/old/c.txt'])
      assert.ok(readFileSync(join(work, 'fetched', name)).equals(file(name).bytes), name);
  });

  await checks.check('user: swift post -m on an object; swift stat shows its metadata', async () => {
    await run(['post', '-m', 'reviewed:yes', box, 'top.txt']);
    assert.equal(statFields(await run(['stat', box, 'top.txt'])).get('Meta Reviewed'), 'yes');
  });

  // Swift's dlo middleware has no /info section: it is part of every proxy, and so is this check.
  await checks.check(
    'user: swift upload --segment-size (a dynamic large object) downloads whole [dlo]',
    async () => {
      const stat = await segmentedRoundTrip(run, work, box, file('large.bin'), []);
      // swiftclient names the segments <object>/<mtime>/<size>/<segment size>/<index>.
      assert.ok(stat.get('Manifest')?.startsWith(`${box}_segments/large.bin/`), stat.get('Manifest'));
    },
  );

  await checkWith(
    checks,
    offered,
    'slo',
    'user: swift upload --segment-size --use-slo (a static large object) downloads whole',
    async () => {
      const slo = `${box}-slo`;
      await run(['post', slo]);
      const stat = await segmentedRoundTrip(run, work, slo, file('large.bin'), ['--use-slo']);
      assert.match(stat.get('ETag') ?? '', /^"?[0-9a-f]{32}"?$/);
      await run(['delete', slo, 'large.bin']);
      const left = listed(await run(['list', `${slo}_segments`]));
      assert.deepEqual(left, [], 'deleting the manifest deleted its segments');
    },
  );

  await checkWith(
    checks,
    offered,
    'tempurl',
    'user: swift tempurl GET; curl fetches the object',
    async () => {
      const url = new URL(needs(storageUrl, 'swift auth'));
      const key = randomBytes(16).toString('hex');
      await run(['post', '-m', `Temp-URL-Key:${key}`]);
      const path = `${url.pathname}/${box}/large.bin`;
      const signed = (await run(['tempurl', '--digest', 'sha256', 'GET', '600', path, key])).trim();
      const fetched = await curlGet(`${url.origin}${signed}`);
      assert.equal(fetched.status, 200);
      assert.ok(fetched.body.equals(file('large.bin').bytes), 'the temporary URL gives the bytes');
      const forged = await curlGet(
        `${url.origin}${signed.replace(/temp_url_sig=[0-9a-f]/, 'temp_url_sig=x')}`,
      );
      assert.equal(forged.status, 401, 'a wrong signature is refused');
      const unsigned = await curlGet(`${url.origin}${path}`);
      assert.equal(unsigned.status, 401, 'without a signature or token: refused');
    },
  );

  await checks.check('user: swift delete of objects, then of the containers', async () => {
    await run(['delete', box, 'top.txt', 'docs/a.txt']);
    const names = listed(await run(['list', box]));
    assert.ok(!names.includes('top.txt') && !names.includes('docs/a.txt'), names.join(', '));
    // The segments containers too: swiftclient deletes a manifest's segments, not their container.
    const containers = listed(await run(['list', '--prefix', box]));
    assert.ok(containers.includes(box), containers.join(', '));
    for (const container of containers) await run(['delete', container]);
    assert.deepEqual(listed(await run(['list', '--prefix', box])), [], 'the containers are gone');
  });

  await runOpenStackObjectChecks(checks, cloud, prefix, work);

  await checks.check('user: clean up the containers and files the checks made', async () => {
    // What failed checks left behind (`swift delete` of a container deletes its objects first).
    for (const container of listed(await run(['list', '--prefix', prefix]))) await run(['delete', container]);
    assert.deepEqual(
      listed(await run(['list', '--prefix', prefix])),
      [],
      'no container of the checks is left',
    );
    rmSync(work, { recursive: true, force: true });
  });
}

/**
 * The metadata the CLI shows, by name in lower case: header names are case-insensitive, and
 * openstackclient shows them as the server spells them (upstream Swift title-cases them).
 */
function properties(shown: Json): Record<string, unknown> {
  const found = (shown.properties ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(found).map(([name, value]) => [name.toLowerCase(), value]));
}

/** The same user with `openstack container`, `openstack object` and `openstack object store account`. */
async function runOpenStackObjectChecks(
  checks: Checks,
  cloud: Cloud,
  prefix: string,
  work: string,
): Promise<void> {
  const { demo } = cloud;
  const shelf = `${prefix}-shelf`;
  const bytes = randomBytes(64 * 1024 + 3);
  const source = join(work, 'report.bin');
  writeFileSync(source, bytes);

  const created = await checks.check('user: openstack container create; list --prefix; show', async () => {
    const [row] = await json<Json[]>(demo, ['container', 'create', shelf]);
    assert.equal(row.container, shelf);
    const rows = await json<Json[]>(demo, ['container', 'list', '--prefix', shelf]);
    assert.deepEqual(
      rows.map((entry) => entry.Name),
      [shelf],
    );
    const shown = await json(demo, ['container', 'show', shelf]);
    assert.equal(shown.container, shelf);
    assert.equal(String(shown.object_count), '0');
    return shelf;
  });

  await checks.check('user: openstack container set/unset --property', async () => {
    needs(created, 'container create');
    await succeeds(demo, [
      'container',
      'set',
      '--property',
      'owner=conformance',
      '--property',
      'tier=2',
      shelf,
    ]);
    assert.deepEqual(properties(await json(demo, ['container', 'show', shelf])), {
      owner: 'conformance',
      tier: '2',
    });
    await succeeds(demo, ['container', 'unset', '--property', 'tier', shelf]);
    assert.deepEqual(properties(await json(demo, ['container', 'show', shelf])), { owner: 'conformance' });
  });

  await checks.check('user: openstack object create; object list with --prefix and --delimiter', async () => {
    needs(created, 'container create');
    for (const name of ['reports/2024/q1.bin', 'reports/2024/q2.bin', 'reports/summary.bin', 'readme.bin']) {
      const [row] = await json<Json[]>(demo, ['object', 'create', '--name', name, shelf, source]);
      assert.equal(row.object, name);
    }
    const names = async (args: string[]) =>
      (await json<Json[]>(demo, ['object', 'list', ...args, shelf])).map((row) => row.Name);
    assert.deepEqual(await names([]), [
      'readme.bin',
      'reports/2024/q1.bin',
      'reports/2024/q2.bin',
      'reports/summary.bin',
    ]);
    assert.deepEqual(await names(['--prefix', 'reports/2024/']), [
      'reports/2024/q1.bin',
      'reports/2024/q2.bin',
    ]);
    // The CLI prints the subdirectories of a delimited listing as rows with no name.
    const delimited = await json<Json[]>(demo, ['object', 'list', '--delimiter', '/', '--long', shelf]);
    assert.ok(
      delimited.some((row) => row.Name === 'readme.bin'),
      JSON.stringify(delimited),
    );
    assert.ok(
      !delimited.some((row) => String(row.Name).startsWith('reports/2024/')),
      `no object under reports/ is listed by itself: ${JSON.stringify(delimited)}`,
    );
  });

  await checks.check('user: openstack object show, set --property, save (bytes compared)', async () => {
    needs(created, 'container create');
    const name = 'reports/summary.bin';
    await succeeds(demo, ['object', 'set', '--property', 'checked=yes', shelf, name]);
    const shown = await json(demo, ['object', 'show', shelf, name]);
    assert.equal(String(shown['content-length']), String(bytes.length));
    assert.match(String(shown.etag), /^[0-9a-f]{32}$/);
    assert.deepEqual(properties(shown), { checked: 'yes' });
    const saved = join(work, 'saved.bin');
    await succeeds(demo, ['object', 'save', '--file', saved, shelf, name]);
    assert.ok(readFileSync(saved).equals(bytes), 'object save gives back the bytes');
  });

  await checks.check('user: openstack object store account set/show/unset --property', async () => {
    await succeeds(demo, ['object', 'store', 'account', 'set', '--property', 'purpose=conformance']);
    const shown = await json(demo, ['object', 'store', 'account', 'show']);
    assert.match(String(shown.Account), /^AUTH_/);
    assert.equal(properties(shown).purpose, 'conformance');
    await succeeds(demo, ['object', 'store', 'account', 'unset', '--property', 'purpose']);
  });

  await checks.check('user: openstack object delete; container delete --recursive', async () => {
    needs(created, 'container create');
    await succeeds(demo, ['object', 'delete', shelf, 'readme.bin']);
    const rows = await json<Json[]>(demo, ['object', 'list', shelf]);
    assert.ok(!rows.some((row) => row.Name === 'readme.bin'), 'the object is gone');
    const refusal = await openstack(demo, ['container', 'delete', shelf]);
    assert.notEqual(refusal.status, 0, 'a container with objects is not deleted');
    assert.match(refusal.stderr + refusal.stdout, /Conflict|409/);
    await succeeds(demo, ['container', 'delete', '--recursive', shelf]);
    const left = await json<Json[]>(demo, ['container', 'list', '--prefix', shelf]);
    assert.ok(!left.some((row) => row.Name === shelf), 'the container is gone');
  });
}
