import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runRingCommand } from '../../src/cli/object-store-ring.js';
import { defaultConfig } from '../../src/common/config/index.js';
import { createLogger } from '../../src/common/logging.js';
import { startCloud } from '../../src/gateway/cloud.js';
import { freePort } from '../../src/gateway/free-port.js';
import { ensureHashPathSalt, HASH_PATH_SALT_FILE, RING_KINDS } from '../../src/object-store/ring/index.js';
import { clusterRingPath } from '../../src/object-store/storage-node/cluster-rings.js';
import { readOpenRc } from '../conformance/openrc.js';
import { passwordLogin } from '../helpers/password-login.js';

const STRATUS = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface NodePlan {
  port: number;
  devicesRoot: string;
  devices: string[];
}

/** `stratus object-store ring` for each ring: 2^6 partitions, 3 replicas, one zone per device. */
async function buildRings(ringsDir: string, nodes: NodePlan[]): Promise<void> {
  const quiet = () => undefined;
  for (const kind of RING_KINDS) {
    const file = clusterRingPath(ringsDir, kind);
    assert.equal(await runRingCommand(file, 'create', ['6', '3', '1'], {}, quiet), 0);
    let zone = 1;
    for (const node of nodes)
      for (const device of node.devices) {
        const options = { zone: zone++, ip: '127.0.0.1', port: node.port, device, weight: 100 };
        assert.equal(await runRingCommand(file, 'add', [], options, quiet), 0);
      }
    assert.equal(await runRingCommand(file, 'rebalance', [], { seed: kind }, quiet), 0);
  }
  await ensureHashPathSalt(join(ringsDir, HASH_PATH_SALT_FILE));
}

/** `stratus object-store node` as a child process; resolves once it serves. */
async function startNode(node: NodePlan, ringsDir: string, dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      STRATUS,
      'object-store',
      'node',
      '--devices',
      node.devicesRoot,
      '--bind',
      `127.0.0.1:${node.port}`,
      '--rings',
      ringsDir,
    ],
    {
      env: {
        ...process.env,
        STRATUS_DATA_DIR: dataDir,
        STRATUS_LOG_LEVEL: 'silent',
        // Replication passes every second, so a node back from the dead catches up within the test.
        STRATUS_OBJECT_STORE__REPLICATION_INTERVAL: '1',
      },
      stdio: 'pipe',
    },
  );
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('storage node serving')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`storage node exited (${code}): ${output}`)));
  });
  return child;
}

async function stopNode(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** A token of the demo user and the Swift URL of its project's account. */
async function demoAccount(cloudUrl: string, openrc: string) {
  const env = readOpenRc(openrc);
  const login = await passwordLogin(cloudUrl, {
    name: env.OS_USERNAME,
    password: env.OS_PASSWORD,
    project: env.OS_PROJECT_NAME,
  });
  return { token: login.token, url: `${cloudUrl}/object-store/v1/AUTH_${login.projectId}` };
}

test(
  'a proxy over two storage node processes keeps serving reads and writes while one is down',
  { timeout: 180_000 },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'stratus-split-'));
    const ringsDir = join(root, 'rings');
    mkdirSync(ringsDir);
    const [portA, portB] = [await freePort('127.0.0.1'), await freePort('127.0.0.1')];
    const nodeA = { port: portA, devicesRoot: join(root, 'node-a'), devices: ['d1', 'd2'] };
    const nodeB = { port: portB, devicesRoot: join(root, 'node-b'), devices: ['d3'] };
    for (const node of [nodeA, nodeB])
      for (const device of node.devices) mkdirSync(join(node.devicesRoot, device), { recursive: true });
    await buildRings(ringsDir, [nodeA, nodeB]);
    const children = new Map<NodePlan, ChildProcess>();
    let cloud: Awaited<ReturnType<typeof startCloud>> | undefined;
    try {
      children.set(nodeA, await startNode(nodeA, ringsDir, join(root, 'data-a')));
      children.set(nodeB, await startNode(nodeB, ringsDir, join(root, 'data-b')));
      const base = defaultConfig(join(root, 'cloud'));
      cloud = await startCloud(
        {
          ...base,
          port: 0,
          log_level: 'silent',
          identity: { ...base.identity, password_hash_cost: 10 },
          object_store: { ...base.object_store, rings_dir: ringsDir },
        },
        createLogger('silent'),
        ['identity', 'object-store'],
      );
      const account = await demoAccount(cloud.url, cloud.files.openrcDemo);
      const swift = (method: string, path: string, body?: Buffer) =>
        fetch(`${account.url}${path}`, { method, headers: { 'x-auth-token': account.token }, body });
      const listing = async () => (await (await swift('GET', '/box')).text()).split('\n').filter(Boolean);
      // A container replica that missed an update while a node was down catches up by replication
      // (as in Swift, listings are eventually consistent): whichever replica answers, all is listed.
      const assertListsEverything = async () => {
        const expected = [...objects.keys()].sort();
        const deadline = Date.now() + 30_000;
        let seen: string[][] = [];
        while (Date.now() < deadline) {
          seen = await Promise.all(Array.from({ length: 6 }, listing));
          if (seen.every((names) => names.join() === expected.join())) return;
          await sleep(500);
        }
        assert.deepEqual(seen, Array(6).fill(expected));
      };

      assert.equal((await swift('PUT', '/box')).status, 201);
      const objects = new Map<string, Buffer>();
      const put = async (name: string) => {
        const data = randomBytes(64 * 1024 + objects.size);
        const answer = await swift('PUT', `/box/${name}`, data);
        assert.equal(answer.status, 201, `${name}: ${await answer.text()}`);
        objects.set(name, data);
      };
      const assertAllReadable = async () => {
        for (const [name, data] of objects) {
          const answer = await swift('GET', `/box/${name}`);
          assert.equal(answer.status, 200, name);
          assert.ok(Buffer.from(await answer.arrayBuffer()).equals(data), name);
        }
      };
      for (let i = 0; i < 8; i++) await put(`before-${i}`);
      await assertAllReadable();
      await assertListsEverything();

      // Node B (device d3, one replica of everything) dies.
      await stopNode(children.get(nodeB)!, 'SIGKILL');
      await assertAllReadable();
      for (let i = 0; i < 4; i++) await put(`during-${i}`);
      await assertAllReadable();
      await assertListsEverything();

      // It comes back with what it had, and its replicators catch its copy of the listing up.
      children.set(nodeB, await startNode(nodeB, ringsDir, join(root, 'data-b')));
      await put('after');
      await assertAllReadable();
      await assertListsEverything();
    } finally {
      await cloud?.close();
      for (const child of children.values()) await stopNode(child, 'SIGTERM');
      rmSync(root, { recursive: true, force: true });
    }
  },
);
