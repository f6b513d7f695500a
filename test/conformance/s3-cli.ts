/**
 * The object store's S3 API driven by Debian's `s3cmd`, as an ordinary user (demo) would: EC2
 * credentials made with `openstack ec2 credentials create`, an s3cmd configuration pointing
 * path-style at `<public URL>/object-store` (plain HTTP), Signature V4 by default and V2 once;
 * then buckets made and listed, objects put, listed, got back byte for byte, a 15 MiB object
 * put in 5 MiB parts (multipart upload: its parts seen with the `swift` CLI) and got back,
 * deletes. Every step asserts on what the user sees.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { login } from './catalog.js';
import { needs, type Checks } from './checks.js';
import { json, succeeds } from './cli.js';
import type { Cloud } from './cloud.js';
import { lastLines, runCommand } from './commands.js';
import { listed, swift } from './object-store-commands.js';

const S3CMD = '/usr/bin/s3cmd';
const COMMAND_TIMEOUT_MS = 180_000;
const MIB = 1024 * 1024;
/** Three parts of 5 MiB (S3's smallest part but the last), as s3cmd splits it. */
const MULTIPART_SIZE = 15 * MIB;

interface S3Config {
  /** The s3cmd configuration file, Signature V4. */
  v4: string;
  /** The same with `signature_v2 = True`. */
  v2: string;
}

/** Runs `s3cmd -c <config>` in `cwd`; must succeed. */
async function s3cmd(config: string, cwd: string, args: string[]): Promise<string> {
  const result = await runCommand(S3CMD, ['-c', config, ...args], { cwd, timeoutMs: COMMAND_TIMEOUT_MS });
  if (result.status !== 0) {
    const output = [result.stderr, result.stdout].filter((text) => text.trim()).join('\n');
    const status = result.timedOut ? 'timed out' : `exit ${result.status}`;
    throw new Error(`s3cmd ${args.join(' ')}: ${status}\n${lastLines(output || '(no output)', 8)}`);
  }
  return result.stdout;
}

/** The `s3://...` names `s3cmd ls` prints, one per line (date, time, size or DIR, then the name). */
const s3Names = (stdout: string) =>
  listed(stdout)
    .map((line) => /(s3:\/\/\S+)$/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);

/** s3cmd's configuration: the keys, and the object store's address path-style over plain HTTP. */
function writeConfig(path: string, key: { access: string; secret: string }, host: string, v2: boolean) {
  writeFileSync(
    path,
    [
      '[default]',
      `access_key = ${key.access}`,
      `secret_key = ${key.secret}`,
      `host_base = ${host}`,
      // The same as host_base, without `%(bucket)s`: buckets go in the path, not the host name.
      `host_bucket = ${host}`,
      'use_https = False',
      // The region S3 clients sign for must be the object store's (s3api's `location`).
      'bucket_location = us-east-1',
      `signature_v2 = ${v2 ? 'True' : 'False'}`,
      '',
    ].join('\n'),
  );
}

export async function runS3Checks(checks: Checks, cloud: Cloud): Promise<void> {
  const { demo } = cloud;
  const bucket = `conformance-s3-${randomBytes(4).toString('hex')}`;
  const work = mkdtempSync(join(cloud.dataDir, 's3-cli-'));

  const config = await checks.check(
    'user: openstack ec2 credentials create; s3cmd configured path-style at /object-store',
    async (): Promise<S3Config> => {
      const created = await json(demo, ['ec2', 'credentials', 'create']);
      const key = { access: String(created.access), secret: String(created.secret) };
      assert.match(key.access, /^[0-9a-f]{32}$/);
      const endpoint = needs((await login(demo)).endpoints.get('object-store'), 'object-store endpoint');
      const url = new URL(endpoint);
      // The S3 API sits beside Swift's /v1 under the object store's mount point.
      const host = `${url.host}${url.pathname.replace(/\/v1\/.*$/, '')}`;
      const files = { v4: join(work, 's3cfg'), v2: join(work, 's3cfg-v2') };
      writeConfig(files.v4, key, host, false);
      writeConfig(files.v2, key, host, true);
      return files;
    },
  );
  const run = (args: string[], signature: keyof S3Config = 'v4') =>
    s3cmd(needs(config, 'ec2 credentials')[signature], work, args);

  const small = randomBytes(10_000 + 7);
  const large = randomBytes(MULTIPART_SIZE);
  writeFileSync(join(work, 'small.bin'), small);
  writeFileSync(join(work, 'large.bin'), large);

  const made = await checks.check('user: s3cmd mb makes a bucket', async () => {
    await run(['mb', `s3://${bucket}`]);
    return bucket;
  });

  await checks.check('user: s3cmd ls lists the buckets', async () => {
    needs(made, 's3cmd mb');
    assert.ok(s3Names(await run(['ls'])).includes(`s3://${bucket}`), 'the bucket is listed');
  });

  await checks.check('user: s3cmd put of a small file; s3cmd ls of the bucket lists it', async () => {
    needs(made, 's3cmd mb');
    await run(['put', 'small.bin', `s3://${bucket}/docs/small.bin`]);
    const lines = listed(await run(['ls', `s3://${bucket}/docs/`]));
    const line = lines.find((entry) => entry.endsWith(`s3://${bucket}/docs/small.bin`));
    assert.ok(line, lines.join('\n'));
    assert.match(line, new RegExp(`\\s${small.length}\\s`), 'the listing shows its size');
    assert.deepEqual(s3Names(await run(['ls', `s3://${bucket}`])), [`s3://${bucket}/docs/`]);
  });

  await checks.check('user: s3cmd get gives back the bytes put', async () => {
    needs(made, 's3cmd mb');
    await run(['get', '--force', `s3://${bucket}/docs/small.bin`, 'small.got']);
    assert.ok(readFileSync(join(work, 'small.got')).equals(small));
  });

  await checks.check('user: s3cmd with Signature V2: put, ls and get', async () => {
    needs(made, 's3cmd mb');
    await run(['put', 'small.bin', `s3://${bucket}/v2.bin`], 'v2');
    assert.ok(s3Names(await run(['ls', `s3://${bucket}`], 'v2')).includes(`s3://${bucket}/v2.bin`));
    await run(['get', '--force', `s3://${bucket}/v2.bin`, 'v2.got'], 'v2');
    assert.ok(readFileSync(join(work, 'v2.got')).equals(small));
  });

  await checks.check(
    'user: s3cmd put --multipart-chunk-size-mb=5 of 15 MiB (multipart upload); get compares',
    async () => {
      needs(made, 's3cmd mb');
      await run(['put', '--multipart-chunk-size-mb=5', 'large.bin', `s3://${bucket}/large.bin`]);
      // s3api keeps the parts in `<bucket>+segments` as `<key>/<upload id>/<part number>`.
      const parts = listed(await swift(demo, work, ['list', `${bucket}+segments`]));
      assert.deepEqual(
        parts.map((name) => name.replace(/^large\.bin\/[^/]+\//, '')),
        ['1', '2', '3'],
        `three parts of 5 MiB: ${parts.join(', ')}`,
      );
      await run(['get', '--force', `s3://${bucket}/large.bin`, 'large.got']);
      assert.ok(readFileSync(join(work, 'large.got')).equals(large), 'the download has the uploaded bytes');
      const lines = listed(await run(['ls', `s3://${bucket}/large.bin`]));
      assert.match(lines.join('\n'), new RegExp(`\\s${MULTIPART_SIZE}\\s`), 'the listing shows its size');
    },
  );

  await checks.check('user: s3cmd del of the objects; s3cmd rb of the bucket', async () => {
    needs(made, 's3cmd mb');
    for (const key of ['docs/small.bin', 'v2.bin', 'large.bin']) await run(['del', `s3://${bucket}/${key}`]);
    assert.deepEqual(s3Names(await run(['ls', `s3://${bucket}`])), [], 'the bucket is empty');
    await run(['rb', `s3://${bucket}`]);
    const gone = listed(await swift(demo, work, ['list', '--prefix', bucket]));
    assert.ok(!gone.includes(bucket), 'the bucket is gone');
  });

  await checks.check('user: clean up the bucket, EC2 credentials and files the S3 checks made', async () => {
    // The bucket if a failed check left it, and its segments container, which s3api leaves
    // behind: `swift delete` of a container deletes its objects first.
    for (const container of listed(await swift(demo, work, ['list', '--prefix', bucket])))
      await swift(demo, work, ['delete', container]);
    if (config) {
      const access = /access_key = (\S+)/.exec(readFileSync(config.v4, 'utf8'))?.[1];
      if (access) await succeeds(demo, ['ec2', 'credentials', 'delete', access]);
    }
    rmSync(work, { recursive: true, force: true });
  });
}
