import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { objectStoreTestApp, S3_KEYS } from '../../../helpers/object-store-app.js';

const run = promisify(execFile);
const S3CMD = ['/usr/bin/s3cmd', '/usr/local/bin/s3cmd'].find((path) => existsSync(path));

test(
  's3cmd (a real S3 client, the mount point in its host_base) makes, fills, reads and removes a bucket, V4 and V2',
  { skip: S3CMD ? false : 's3cmd is not installed' },
  async () => {
    const s3 = await objectStoreTestApp();
    const folder = mkdtempSync(join(tmpdir(), 'stratus-s3cmd-'));
    try {
      const address = await s3.app.listen({ port: 0, host: '127.0.0.1' });
      const host = `${new URL(address).host}/object-store`;
      const file = join(folder, 'upload.txt');
      writeFileSync(file, 'uploaded by s3cmd\n');
      for (const signatureV2 of [false, true]) {
        const config = join(folder, `s3cfg-${signatureV2}`);
        writeFileSync(
          config,
          [
            '[default]',
            `access_key = ${S3_KEYS.member.access}`,
            `secret_key = ${S3_KEYS.member.secret}`,
            `host_base = ${host}`,
            `host_bucket = ${host}`,
            'use_https = False',
            `signature_v2 = ${signatureV2 ? 'True' : 'False'}`,
            '',
          ].join('\n'),
        );
        const s3cmd = async (...args: string[]) => (await run(S3CMD!, ['-c', config, ...args])).stdout;
        const bucket = `s3cmd-${signatureV2 ? 'v2' : 'v4'}`;
        assert.match(await s3cmd('mb', `s3://${bucket}`), /created/);
        await s3cmd('put', file, `s3://${bucket}/dir/upload.txt`);
        assert.match(await s3cmd('ls', `s3://${bucket}/dir/`), /\s18\s+s3:\/\/s3cmd-v\d\/dir\/upload.txt/);
        const downloaded = join(folder, `download-${signatureV2}.txt`);
        await s3cmd('get', '--force', `s3://${bucket}/dir/upload.txt`, downloaded);
        assert.equal(readFileSync(downloaded, 'utf8'), 'uploaded by s3cmd\n');
        await s3cmd('setacl', '--acl-public', `s3://${bucket}`);
        assert.match(await s3cmd('info', `s3://${bucket}`), /\*anon\*: READ/);
        await s3cmd('del', `s3://${bucket}/dir/upload.txt`);
        assert.match(await s3cmd('rb', `s3://${bucket}`), /removed/);
      }
    } finally {
      await s3.close();
      rmSync(folder, { recursive: true, force: true });
    }
  },
);
