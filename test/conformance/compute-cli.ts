/**
 * The compute part of the CLI checks: Debian's `openstack` CLI as an operator (flavors, quotas,
 * services, hypervisors, aggregates, zones, migration) and an ordinary user (key pairs, a server
 * through its life: boot, power actions, resize, snapshot, shelve, delete) drive it, against the
 * fake hypervisor hosts of the conformance cloud.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { needs, type Checks } from './checks.js';
import { json, openstack, succeeds, type Json } from './cli.js';
import type { Cloud } from './cloud.js';
import { makeImageFiles } from './image-files.js';
import type { OpenRc } from './openrc.js';

/** `--nic none` needs 2.37; 2.79 is what the checks below read (embedded flavor, locked reason...). */
const COMPUTE = ['--os-compute-api-version', '2.79'];

/** A server's field as `server show -f json` prints it. */
async function showServer(env: OpenRc, id: string): Promise<Json> {
  return json(env, ['server', 'show', ...COMPUTE, id]);
}

/** Waits until the server's status is `status` (the CLI's own --wait covers only some actions). */
async function waitForStatus(env: OpenRc, id: string, status: string, timeoutMs = 60_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const server = await showServer(env, id);
    if (server.status === status) return server;
    if (server.status === 'ERROR')
      throw new Error(`server ${id} went to ERROR: ${JSON.stringify(server.fault)}`);
    if (Date.now() > deadline) throw new Error(`server ${id} is ${String(server.status)}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs a server action and waits for the status it leads to. */
async function act(env: OpenRc, args: string[], id: string, status: string): Promise<Json> {
  await succeeds(env, ['server', ...args, id]);
  return waitForStatus(env, id, status);
}

export async function runComputeChecks(checks: Checks, cloud: Cloud): Promise<void> {
  const { admin, demo } = cloud;
  const prefix = `conformance-${randomBytes(4).toString('hex')}`;
  const flavorName = `${prefix}-small`;
  const biggerName = `${prefix}-bigger`;

  const flavors = await checks.check('admin: flavor create (two sizes), set a property, list', async () => {
    const small = await json(admin, [
      'flavor',
      'create',
      '--vcpus',
      '1',
      '--ram',
      '128',
      '--disk',
      '1',
      flavorName,
    ]);
    const bigger = await json(admin, [
      'flavor',
      'create',
      '--vcpus',
      '2',
      '--ram',
      '256',
      '--disk',
      '2',
      biggerName,
    ]);
    await succeeds(admin, ['flavor', 'set', '--property', 'hw:cpu_policy=shared', flavorName]);
    const shown = await json(admin, ['flavor', 'show', flavorName]);
    assert.match(JSON.stringify(shown.properties), /hw:cpu_policy/);
    const listed = await json<Json[]>(demo, ['flavor', 'list']);
    assert.ok(
      listed.some((flavor) => flavor.Name === flavorName),
      'the user sees the public flavor',
    );
    return { small: String(small.id), bigger: String(bigger.id) };
  });

  const image = await checks.check('user: an image to boot from (image create --file)', async () => {
    const files = await makeImageFiles(cloud.dataDir);
    try {
      const created = await json(demo, [
        'image',
        'create',
        '--disk-format',
        'raw',
        '--container-format',
        'bare',
        '--file',
        files.raw.path,
        `${prefix}-image`,
      ]);
      // The CLI prints the image as created, before its upload: ask again.
      const shown = await json(demo, ['image', 'show', String(created.id)]);
      assert.equal(shown.status, 'active');
      return String(created.id);
    } finally {
      rmSync(files.dir, { recursive: true, force: true });
    }
  });

  await checks.check('user: keypair create (generated private key) and list', async () => {
    const created = await openstack(demo, ['keypair', 'create', `${prefix}-key`]);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /PRIVATE KEY/);
    const listed = await json<Json[]>(demo, ['keypair', 'list']);
    assert.ok(listed.some((key) => key.Name === `${prefix}-key`));
  });

  const server = await checks.check('user: server create --nic none --wait reaches ACTIVE', async () => {
    const created = await json(demo, [
      'server',
      'create',
      ...COMPUTE,
      '--flavor',
      needs(flavors, 'flavor create').small,
      '--image',
      needs(image, 'image create'),
      '--nic',
      'none',
      '--key-name',
      `${prefix}-key`,
      '--property',
      'purpose=conformance',
      '--wait',
      `${prefix}-server`,
    ]);
    assert.equal(created.status, 'ACTIVE');
    assert.equal(created['OS-EXT-STS:power_state'], 1, 'power state 1 (running)');
    return String(created.id);
  });
  const id = () => needs(server, 'server create');

  await checks.check('user: server list and show', async () => {
    const listed = await json<Json[]>(demo, ['server', 'list']);
    const row = listed.find((entry) => entry.ID === id());
    assert.ok(row, 'the server is listed');
    assert.equal(row.Status, 'ACTIVE');
    const shown = await showServer(demo, id());
    assert.equal(shown.name, `${prefix}-server`);
    assert.equal(shown.key_name, `${prefix}-key`);
    assert.match(JSON.stringify(shown.properties), /purpose/);
  });

  const powerActions: [string, string[], string][] = [
    ['reboot (soft)', ['reboot', '--soft'], 'ACTIVE'],
    ['reboot --hard', ['reboot', '--hard'], 'ACTIVE'],
    ['stop', ['stop'], 'SHUTOFF'],
    ['start', ['start'], 'ACTIVE'],
    ['pause', ['pause'], 'PAUSED'],
    ['unpause', ['unpause'], 'ACTIVE'],
    ['suspend', ['suspend'], 'SUSPENDED'],
    ['resume', ['resume'], 'ACTIVE'],
    ['rescue', ['rescue'], 'RESCUE'],
    ['unrescue', ['unrescue'], 'ACTIVE'],
  ];
  for (const [name, args, status] of powerActions) {
    await checks.check(`user: server ${name} -> ${status}`, async () => {
      await act(demo, [...args], id(), status);
    });
  }

  await checks.check('user: server lock refuses a stop from another caller path; unlock', async () => {
    await succeeds(demo, ['server', 'lock', ...COMPUTE, '--reason', 'conformance', id()]);
    const locked = await showServer(demo, id());
    assert.equal(locked.locked, true);
    const stop = await openstack(admin, ['server', 'stop', id()]);
    // An admin may act on a locked server; the owner's own lock is lifted by unlock.
    assert.equal(stop.status, 0, stop.stderr);
    await waitForStatus(demo, id(), 'SHUTOFF');
    await succeeds(demo, ['server', 'unlock', id()]);
    await act(demo, ['start'], id(), 'ACTIVE');
  });

  await checks.check('user: server resize to a bigger flavor, then confirm', async () => {
    await succeeds(demo, [
      'server',
      'resize',
      '--flavor',
      needs(flavors, 'flavor create').bigger,
      '--wait',
      id(),
    ]);
    await waitForStatus(demo, id(), 'VERIFY_RESIZE');
    await succeeds(demo, ['server', 'resize', 'confirm', id()]);
    const resized = await waitForStatus(demo, id(), 'ACTIVE');
    assert.match(JSON.stringify(resized.flavor), new RegExp(biggerName));
  });

  const snapshot = await checks.check(
    'user: server image create (snapshot) becomes an active image',
    async () => {
      const created = await json(demo, [
        'server',
        'image',
        'create',
        '--name',
        `${prefix}-snap`,
        '--wait',
        id(),
      ]);
      const shown = await json(demo, ['image', 'show', String(created.id)]);
      assert.equal(shown.status, 'active');
      return String(created.id);
    },
  );

  await checks.check('user: server shelve, then unshelve', async () => {
    await succeeds(demo, ['server', 'shelve', id()]);
    await waitForStatus(demo, id(), 'SHELVED_OFFLOADED');
    await act(demo, ['unshelve'], id(), 'ACTIVE');
  });

  await checks.check('admin: server migrate to another fake host, confirm', async () => {
    const before = String((await showServer(admin, id()))['OS-EXT-SRV-ATTR:host']);
    await succeeds(admin, ['server', 'migrate', '--wait', id()]);
    await waitForStatus(admin, id(), 'VERIFY_RESIZE');
    await succeeds(admin, ['server', 'resize', 'confirm', id()]);
    const moved = await waitForStatus(admin, id(), 'ACTIVE');
    assert.notEqual(moved['OS-EXT-SRV-ATTR:host'], before, 'the server moved');
  });

  await checks.check('admin: server migrate --live-migration moves the running server', async () => {
    const before = String((await showServer(admin, id()))['OS-EXT-SRV-ATTR:host']);
    await succeeds(admin, ['server', 'migrate', '--live-migration', '--wait', id()]);
    const moved = await waitForStatus(admin, id(), 'ACTIVE');
    assert.notEqual(moved['OS-EXT-SRV-ATTR:host'], before, 'the server moved');
  });

  await checks.check(
    'admin: a host forced down, server evacuate rebuilds the server on another host',
    async () => {
      const source = String((await showServer(admin, id()))['OS-EXT-SRV-ATTR:host']);
      const forced = ['--os-compute-api-version', '2.11'];
      await succeeds(admin, ['compute', 'service', 'set', ...forced, '--down', source, 'nova-compute']);
      try {
        // Debian's openstackclient 6.0 sends the evacuation, then fails reading novaclient's answer
        // ("'TupleWithMeta' object has no attribute ..."), whatever the cloud: the server's move
        // below is what the user sees.
        const evacuate = await openstack(admin, ['server', 'evacuate', ...COMPUTE, id()]);
        assert.ok(
          evacuate.status === 0 || evacuate.stderr.includes("'TupleWithMeta' object has no attribute"),
          evacuate.stderr,
        );
        const evacuated = await waitForStatus(admin, id(), 'ACTIVE');
        assert.notEqual(evacuated['OS-EXT-SRV-ATTR:host'], source, 'the server left the failed host');
      } finally {
        await succeeds(admin, ['compute', 'service', 'set', ...forced, '--up', source, 'nova-compute']);
      }
    },
  );

  await checks.check('user: server rebuild with the same image; console log show', async () => {
    await succeeds(demo, ['server', 'rebuild', '--image', needs(image, 'image create'), '--wait', id()]);
    await waitForStatus(demo, id(), 'ACTIVE');
    const log = await succeeds(demo, ['console', 'log', 'show', id()]);
    assert.ok(log.length > 0, 'the serial console has lines');
  });

  await checks.check('user: server group create and show', async () => {
    const group = await json(demo, [
      'server',
      'group',
      'create',
      '--policy',
      'anti-affinity',
      `${prefix}-group`,
    ]);
    assert.equal(group.name, `${prefix}-group`);
    await succeeds(demo, ['server', 'group', 'delete', String(group.id)]);
  });

  await checks.check('user: usage list shows the server hours; limits show --absolute', async () => {
    const usage = await json<Json[]>(admin, ['usage', 'list']);
    assert.ok(usage.length > 0, 'some project has usage');
    const limits = await json<Json[]>(demo, ['limits', 'show', '--absolute']);
    const byName = new Map(limits.map((row) => [row.Name, row.Value]));
    assert.ok(Number(byName.get('totalInstancesUsed')) >= 1, 'the server counts');
    assert.ok(Number(byName.get('maxTotalInstances')) > 0);
  });

  await checks.check('admin: quota set and show', async () => {
    const project = String((await json(demo, ['token', 'issue'])).project_id);
    await succeeds(admin, ['quota', 'set', '--instances', '25', '--cores', '40', project]);
    const shown = await json(admin, ['quota', 'show', project]);
    assert.equal(shown.instances, 25);
    assert.equal(shown.cores, 40);
  });

  await checks.check('admin: compute service list shows nova-compute up', async () => {
    const services = await json<Json[]>(admin, ['compute', 'service', 'list']);
    const compute = services.filter((service) => service.Binary === 'nova-compute');
    assert.ok(compute.length >= 2, 'two fake hosts');
    assert.ok(compute.every((service) => service.State === 'up'));
  });

  await checks.check('admin: hypervisor list and stats', async () => {
    const hypervisors = await json<Json[]>(admin, ['hypervisor', 'list']);
    assert.ok(hypervisors.length >= 2);
    const stats = await json(admin, ['hypervisor', 'stats', 'show']);
    assert.ok(Number(stats.count) >= 2);
    assert.ok(Number(stats.vcpus_used) >= 2, 'the server uses vCPUs');
  });

  await checks.check(
    'admin: aggregate create with a zone, add a host, availability zone list --long',
    async () => {
      const hosts = await json<Json[]>(admin, ['compute', 'service', 'list', '--service', 'nova-compute']);
      const host = String(hosts[0].Host);
      const aggregate = await json(admin, [
        'aggregate',
        'create',
        '--zone',
        `${prefix}-zone`,
        `${prefix}-agg`,
      ]);
      await succeeds(admin, ['aggregate', 'add', 'host', String(aggregate.id), host]);
      const zones = await json<Json[]>(admin, ['availability', 'zone', 'list', '--compute', '--long']);
      assert.ok(zones.some((zone) => zone['Zone Name'] === `${prefix}-zone` && zone['Host Name'] === host));
      await succeeds(admin, ['aggregate', 'remove', 'host', String(aggregate.id), host]);
      await succeeds(admin, ['aggregate', 'delete', String(aggregate.id)]);
    },
  );

  await checks.check('user: server delete --wait; clean up images, key pair and flavors', async () => {
    await succeeds(demo, ['server', 'delete', '--wait', id()]);
    const listed = await json<Json[]>(demo, ['server', 'list']);
    assert.ok(!listed.some((entry) => entry.ID === id()), 'the server is gone');
    if (snapshot) await succeeds(demo, ['image', 'delete', snapshot]);
    if (image) await succeeds(demo, ['image', 'delete', image]);
    await succeeds(demo, ['keypair', 'delete', `${prefix}-key`]);
    await succeeds(admin, ['flavor', 'delete', flavorName, biggerName]);
  });
}
