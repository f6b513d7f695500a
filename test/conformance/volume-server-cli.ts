/**
 * Volumes and servers, as `openstack server ... volume` and `server create --boot-from-volume`
 * show them: a volume attached to a running server is in-use (and cannot be deleted), grows
 * while attached (`volume set --size`, API 3.42), and is available again once removed; a server
 * booted from a 1 GiB volume made of an image runs on it, and the volume outlives the server
 * (Nova's delete_on_termination is false unless asked). The fake hypervisor of the conformance
 * cloud is enough for what the APIs show; the guest's view is the e2e tests'.
 */
import assert from 'node:assert/strict';
import { needs, type Checks } from './checks.js';
import { json, openstack, refused, succeeds, type Json } from './cli.js';
import type { Cloud } from './cloud.js';
import { createVolume, waitForStatus, waitUntilGone } from './volume-commands.js';

/** 2.79: what the checks read of attachments (delete_on_termination); `--nic none` needs 2.37. */
const COMPUTE = ['--os-compute-api-version', '2.79'];
/** 3.42: extending an in-use volume (the CLI refuses to ask below it). */
const EXTEND_ATTACHED = ['--os-volume-api-version', '3.42'];
const FLAVOR = 'm1.tiny';

/** The ids of a server's volumes, as `server show` prints `volumes_attached`. */
function attachedVolumes(server: Json): string[] {
  const attached = server.volumes_attached;
  const rows = Array.isArray(attached) ? (attached as Json[]) : [];
  return rows.map((row) => String(row.id));
}

/** The server ids of a volume's attachments, as `volume show` prints them. */
const attachedServers = (volume: Json) => (volume.attachments as Json[]).map((row) => String(row.server_id));

export async function runVolumeServerChecks(
  checks: Checks,
  cloud: Cloud,
  prefix: string,
  imageId: string | undefined,
): Promise<void> {
  const { demo } = cloud;
  const made: { servers: string[]; volumes: string[] } = { servers: [], volumes: [] };

  const server = await checks.check(
    'user: server create --nic none --wait, to attach volumes to',
    async () => {
      const created = await json(demo, [
        'server',
        'create',
        ...COMPUTE,
        '--flavor',
        FLAVOR,
        '--image',
        needs(imageId, 'an image'),
        '--nic',
        'none',
        '--wait',
        `${prefix}-server`,
      ]);
      made.servers.push(String(created.id));
      assert.equal(created.status, 'ACTIVE');
      return String(created.id);
    },
  );

  const attached = await checks.check(
    'user: server add volume; the volume is in-use, attached to the server',
    async () => {
      const serverId = needs(server, 'server create');
      const volume = await createVolume(demo, `${prefix}-data`, ['--size', '1']);
      const volumeId = String(volume.id);
      made.volumes.push(volumeId);
      const attachment = await json(demo, ['server', 'add', 'volume', ...COMPUTE, serverId, volumeId]);
      assert.equal(attachment['Volume ID'], volumeId);
      assert.equal(attachment['Server ID'], serverId);
      assert.match(String(attachment.Device), /^\/dev\/[sv]d[b-z]$/, 'a device name');
      const shown = await waitForStatus(demo, ['volume'], volumeId, 'in-use');
      assert.deepEqual(attachedServers(shown), [serverId]);
      const serverShown = await json(demo, ['server', 'show', ...COMPUTE, serverId]);
      assert.ok(attachedVolumes(serverShown).includes(volumeId), 'server show lists the volume');
      return volumeId;
    },
  );

  await checks.check('user: volume delete is refused while the volume is attached', async () => {
    const volumeId = needs(attached, 'server add volume');
    await refused(
      demo,
      ['volume', 'delete', volumeId],
      ['Invalid volume: Volume status must be available or error', 'attached', '(HTTP 400)'],
    );
  });

  await checks.check('user: volume set --size 2 on the attached volume (3.42); it stays in-use', async () => {
    const volumeId = needs(attached, 'server add volume');
    await succeeds(demo, ['volume', 'set', ...EXTEND_ATTACHED, '--size', '2', volumeId]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const shown = await json(demo, ['volume', 'show', volumeId]);
      if (shown.size === 2 && shown.status === 'in-use') break;
      if (String(shown.status).startsWith('error'))
        throw new Error(`the volume went to ${String(shown.status)} while extending`);
      if (Date.now() > deadline)
        throw new Error(
          `the volume is ${String(shown.status)}, ${String(shown.size)} GiB, not in-use at 2 GiB`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  await checks.check('user: server remove volume; the volume is available again', async () => {
    const serverId = needs(server, 'server create');
    const volumeId = needs(attached, 'server add volume');
    await succeeds(demo, ['server', 'remove', 'volume', serverId, volumeId]);
    const shown = await waitForStatus(demo, ['volume'], volumeId, 'available');
    assert.deepEqual(shown.attachments, []);
    assert.equal(shown.size, 2);
    const serverShown = await json(demo, ['server', 'show', ...COMPUTE, serverId]);
    assert.ok(!attachedVolumes(serverShown).includes(volumeId), 'server show no longer lists it');
  });

  const booted = await checks.check(
    'user: server create --boot-from-volume 1 runs on a new bootable volume',
    async () => {
      const image = needs(imageId, 'an image');
      const created = await json(demo, [
        'server',
        'create',
        ...COMPUTE,
        '--flavor',
        FLAVOR,
        '--image',
        image,
        '--boot-from-volume',
        '1',
        '--nic',
        'none',
        '--wait',
        `${prefix}-bfv`,
      ]);
      const serverId = String(created.id);
      made.servers.push(serverId);
      assert.equal(created.status, 'ACTIVE');
      const [volumeId] = attachedVolumes(await json(demo, ['server', 'show', ...COMPUTE, serverId]));
      assert.ok(volumeId, 'the server has a volume');
      made.volumes.push(volumeId);
      const volume = await json(demo, ['volume', 'show', volumeId]);
      assert.equal(volume.status, 'in-use');
      assert.equal(volume.size, 1);
      assert.equal(volume.bootable, 'true');
      assert.deepEqual(attachedServers(volume), [serverId]);
      assert.equal((volume.volume_image_metadata as Json | undefined)?.image_id, image, 'made of the image');
      return { serverId, volumeId };
    },
  );

  await checks.check('user: server delete --wait; the root volume stays, available', async () => {
    const { serverId, volumeId } = needs(booted, 'server create --boot-from-volume');
    await succeeds(demo, ['server', 'delete', '--wait', serverId]);
    made.servers = made.servers.filter((id) => id !== serverId);
    const volume = await waitForStatus(demo, ['volume'], volumeId, 'available');
    assert.deepEqual(volume.attachments, []);
  });

  await checks.check('user: delete the server and volumes of these checks', async () => {
    // Also those a timed-out create left unnamed to the checks above.
    const listed = await json<Json[]>(demo, ['server', 'list', '--name', `^${prefix}-`]);
    for (const row of listed) if (!made.servers.includes(String(row.ID))) made.servers.push(String(row.ID));
    for (const id of made.servers) await succeeds(demo, ['server', 'delete', '--wait', id]);
    for (const id of made.volumes) {
      // A volume left attached by a failed check is freed by its server's delete above.
      await waitForStatus(demo, ['volume'], id, 'available').catch(() => undefined);
      await openstack(demo, ['volume', 'delete', id]);
    }
    for (const id of made.volumes) await waitUntilGone(demo, ['volume'], id);
  });
}
