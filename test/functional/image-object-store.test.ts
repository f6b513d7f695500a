import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { defaultConfig } from '../../src/common/config/index.js';
import { createLogger } from '../../src/common/logging.js';
import { startCloud } from '../../src/gateway/cloud.js';
import { cliEnvironment, cliInstalled } from '../helpers/cli-environment.js';

const run = promisify(execFile);

test(
  'with image.store object-store, image data lives in the glance container of the service account',
  { timeout: 180_000 },
  async (t) => {
    if (!(await cliInstalled('openstack')))
      return t.skip('the openstack CLI is not installed (apt-get install python3-openstackclient)');
    const dataDir = mkdtempSync(join(tmpdir(), 'stratus-image-swift-'));
    const work = mkdtempSync(join(tmpdir(), 'stratus-image-files-'));
    const base = defaultConfig(dataDir);
    const cloud = await startCloud(
      {
        ...base,
        port: 0,
        log_level: 'silent',
        identity: { ...base.identity, password_hash_cost: 10 },
        // Small segments, so a 3 MiB image is a large object of several.
        image: {
          ...base.image,
          store: 'object-store',
          object_store: {
            container: 'glance',
            large_object_size: 1024 * 1024,
            large_object_chunk_size: 512 * 1024,
          },
        },
      },
      createLogger('silent'),
      ['identity', 'image', 'object-store'],
    );
    const admin = cliEnvironment(cloud.files.openrc);
    const openstack = async (args: string[], env = admin) =>
      (await run('openstack', args, { env, cwd: work })).stdout.trim();
    try {
      const data = randomBytes(3 * 1024 * 1024 + 5);
      writeFileSync(join(work, 'disk.raw'), data);
      const id = await openstack([
        'image',
        'create',
        '--disk-format',
        'raw',
        '--container-format',
        'bare',
        '--file',
        'disk.raw',
        'kept-in-swift',
        '-f',
        'value',
        '-c',
        'id',
      ]);
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.equal(await openstack(['image', 'show', id, '-f', 'value', '-c', 'status']), 'active');
      await openstack(['image', 'save', '--file', 'saved.raw', id]);
      assert.ok(readFileSync(join(work, 'saved.raw')).equals(data));

      // The object, as the service project's members see it: the image and its segments.
      await openstack(['role', 'add', '--user', 'admin', '--project', 'service', 'member']);
      const service = { ...admin, OS_PROJECT_NAME: 'service' };
      const objects = async () =>
        (await openstack(['object', 'list', 'glance', '-f', 'value', '-c', 'Name'], service))
          .split('\n')
          .filter((name) => name.startsWith(id));
      assert.deepEqual(await objects(), [id, ...[1, 2, 3, 4, 5, 6].map((n) => `${id}-0000${n}`)]);

      await openstack(['image', 'delete', id]);
      assert.deepEqual(await objects(), []);
    } finally {
      await cloud.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
  },
);
