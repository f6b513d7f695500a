/**
 * A volume given to another project, as `openstack volume transfer request ...` shows it: the
 * owner makes a transfer request (an id and an auth key, the volume awaiting transfer), the
 * other project does not see the volume until it accepts with both, a wrong key is refused, and
 * once accepted the volume is the other project's and gone from the owner's list.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { needs, type Checks } from './checks.js';
import { json, openstack, refused, succeeds, type Json } from './cli.js';
import { makeRecipient } from './image-sharing-cli.js';
import type { OpenRc } from './openrc.js';
import { createVolume, waitForStatus, waitUntilGone } from './volume-commands.js';

/** What the CLI prints when a name or id finds no volume the caller may see. */
const notFound = (id: string) => [`No volume with a name or ID of '${id}' exists.`];

export async function runVolumeTransferChecks(
  checks: Checks,
  admin: OpenRc,
  owner: OpenRc,
  prefix: string,
): Promise<void> {
  const volume = await checks.check('user: volume create, to give to another project', async () =>
    String((await createVolume(owner, `${prefix}-given`, ['--size', '1'])).id),
  );
  const recipient = await checks.check('admin: a second project with a member user, for transfers', () =>
    makeRecipient(admin, `${prefix}-taker`, `Pw-${randomBytes(9).toString('base64url')}`),
  );
  if (!volume || !recipient) return;
  const other = recipient.env;

  const transfer = await checks.check(
    'user: volume transfer request create prints an auth key; the volume awaits transfer',
    async () => {
      const created = await json(owner, [
        'volume',
        'transfer',
        'request',
        'create',
        '--name',
        `${prefix}-transfer`,
        volume,
      ]);
      assert.equal(created.volume_id, volume);
      assert.equal(created.name, `${prefix}-transfer`);
      assert.match(String(created.auth_key), /^[0-9a-f]{16}$/, 'a 16-hex-digit auth key');
      const shown = await json(owner, ['volume', 'show', volume]);
      assert.equal(shown.status, 'awaiting-transfer');
      const listed = await json<Json[]>(owner, ['volume', 'transfer', 'request', 'list']);
      assert.ok(
        listed.some((row) => row.ID === created.id),
        'the request is listed',
      );
      return { id: String(created.id), authKey: String(created.auth_key) };
    },
  );

  await checks.check('second project: does not see the volume; a wrong auth key is refused', async () => {
    const { id } = needs(transfer, 'volume transfer request create');
    await refused(other, ['volume', 'show', volume], notFound(volume));
    await refused(
      other,
      ['volume', 'transfer', 'request', 'accept', '--auth-key', '0123456789abcdef', id],
      ['Invalid auth key', '(HTTP 400)'],
    );
  });

  const accepted = await checks.check(
    'second project: volume transfer request accept; the volume is its own',
    async () => {
      const { id, authKey } = needs(transfer, 'volume transfer request create');
      const result = await json(other, [
        'volume',
        'transfer',
        'request',
        'accept',
        '--auth-key',
        authKey,
        id,
      ]);
      assert.equal(result.volume_id, volume);
      const shown = await waitForStatus(other, ['volume'], volume, 'available');
      assert.equal(shown.name, `${prefix}-given`);
      const byAdmin = await json(admin, ['volume', 'show', volume]);
      assert.equal(byAdmin['os-vol-tenant-attr:tenant_id'], recipient.projectId, 'the new owner');
      return true;
    },
  );

  await checks.check('user: the given volume and the used request are gone from its lists', async () => {
    needs(accepted, 'volume transfer request accept');
    const volumes = await json<Json[]>(owner, ['volume', 'list']);
    assert.ok(!volumes.some((row) => row.ID === volume), 'the volume is not listed');
    const requests = await json<Json[]>(owner, ['volume', 'transfer', 'request', 'list']);
    assert.ok(!requests.some((row) => row.ID === transfer?.id), 'the request is not listed');
    await refused(owner, ['volume', 'show', volume], notFound(volume));
  });

  await checks.check('second project: volume delete; admin: delete the project and its user', async () => {
    const holder = accepted ? other : owner;
    if (transfer && !accepted)
      await openstack(owner, ['volume', 'transfer', 'request', 'delete', transfer.id]);
    await succeeds(holder, ['volume', 'delete', volume]);
    await waitUntilGone(holder, ['volume'], volume);
    await recipient.cleanUp();
  });
}
