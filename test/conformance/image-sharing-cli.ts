/**
 * Who sees an image, as `openstack image ...` shows it: an ordinary user shares an image with a
 * second project (pending until that project accepts it), protects it from deletion, may make
 * it community but not public; only the admin may make an image public.
 *
 * The recipient is an ordinary user of a project made for the run, not the admin: Glance shows
 * an admin every image, so only an ordinary project shows whether sharing works.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { needs, type Checks } from './checks.js';
import { json, openstack, passwordLogin, refused, succeeds, type Json } from './cli.js';
import { createImage, listImages, type ImageUser } from './image-cli.js';
import { sameBytes, type ImageFile } from './image-files.js';
import type { OpenRc } from './openrc.js';

export interface SharingParties {
  admin: ImageUser;
  /** The owner of the shared image: an ordinary user. */
  owner: ImageUser;
  /** An ordinary user of another project, made for the run (see makeRecipient). */
  recipient: ImageUser;
}

/** Creates a project with one member user for the run; `cleanUp` deletes both. */
export async function makeRecipient(
  admin: OpenRc,
  name: string,
  password: string,
): Promise<ImageUser & { cleanUp(): Promise<void> }> {
  const project = await json(admin, ['project', 'create', '--description', 'image sharing', name]);
  let user: Json;
  try {
    user = await json(admin, ['user', 'create', '--password', password, '--project', name, name]);
    await succeeds(admin, [
      'role',
      'add',
      '--user',
      String(user.id),
      '--project',
      String(project.id),
      'member',
    ]);
  } catch (error) {
    await openstack(admin, ['user', 'delete', name]);
    await openstack(admin, ['project', 'delete', String(project.id)]);
    throw error;
  }
  return {
    label: 'second project',
    env: passwordLogin(admin, name, password, name),
    projectId: String(project.id),
    async cleanUp() {
      await succeeds(admin, ['user', 'delete', String(user.id)]);
      await succeeds(admin, ['project', 'delete', String(project.id)]);
    },
  };
}

/** The CLI's refusal to delete a protected image (Glance's 403 message). */
const protectedRefusal = (id: string) => [`Image ${id} is protected and cannot be deleted.`, '403'];

export async function runImageSharingChecks(
  checks: Checks,
  parties: SharingParties,
  raw: ImageFile,
  namePrefix: string,
): Promise<void> {
  const { admin, owner, recipient } = parties;
  const sharedName = `${namePrefix}-shared`;

  const shared = await checks.check(`${owner.label}: image create --shared`, async () => {
    const id = await createImage(owner.env, raw, sharedName, ['--shared']);
    const shown = await json(owner.env, ['image', 'show', id]);
    assert.equal(shown.visibility, 'shared');
    assert.equal(shown.owner, owner.projectId);
    return id;
  });
  const sharedId = () => needs(shared, `${owner.label}: image create --shared`);

  const added = await checks.check(`${owner.label}: image add project (pending)`, async () => {
    const member = await json(owner.env, ['image', 'add', 'project', sharedId(), recipient.projectId]);
    assert.equal(member.image_id, sharedId());
    assert.equal(member.member_id, recipient.projectId);
    assert.equal(member.status, 'pending');
    // Pending: the recipient may look the image up by id, but it is not in their list yet.
    assert.ok(!(await listImages(recipient.env)).has(sharedId()), 'not in the recipient image list');
    const shown = await json(recipient.env, ['image', 'show', sharedId()]);
    assert.equal(shown.id, sharedId());
    return true;
  });

  const accepted = await checks.check(`${recipient.label}: image set --accept, then image list`, async () => {
    needs(added, `${owner.label}: image add project (pending)`);
    assert.equal((await succeeds(recipient.env, ['image', 'set', '--accept', sharedId()])).trim(), '');
    assert.equal((await listImages(recipient.env)).get(sharedId()), 'active', 'in the recipient image list');
    const members = await json<Record<string, unknown>[]>(owner.env, ['image', 'member', 'list', sharedId()]);
    assert.deepEqual(
      members.map((m) => ({ image: m['Image ID'], member: m['Member ID'], status: m.Status })),
      [{ image: sharedId(), member: recipient.projectId, status: 'accepted' }],
    );
    const saved = join(raw.path, '..', 'saved-by-recipient.raw');
    await succeeds(recipient.env, ['image', 'save', '--file', saved, sharedId()]);
    assert.ok(sameBytes(saved, raw), 'the recipient downloads the same bytes');
    return true;
  });

  await checks.check(`${owner.label}: image remove project hides the image again`, async () => {
    needs(accepted, `${recipient.label}: image set --accept, then image list`);
    const removed = await succeeds(owner.env, [
      'image',
      'remove',
      'project',
      sharedId(),
      recipient.projectId,
    ]);
    assert.equal(removed.trim(), '', 'image remove project prints nothing');
    await refused(recipient.env, ['image', 'show', sharedId()], [`No Image found for ${sharedId()}`]);
  });

  await checks.check(`${owner.label}: image set --public is refused (admin only)`, async () => {
    await refused(owner.env, ['image', 'set', '--public', sharedId()], ['403', 'Forbidden']);
    const shown = await json(owner.env, ['image', 'show', sharedId()]);
    assert.equal(shown.visibility, 'shared', 'visibility is unchanged');
  });

  await checks.check(`${owner.label}: image set --community`, async () => {
    assert.equal((await succeeds(owner.env, ['image', 'set', '--community', sharedId()])).trim(), '');
    const shown = await json(recipient.env, ['image', 'show', sharedId()]);
    assert.equal(shown.visibility, 'community', 'any project may look a community image up');
    assert.ok(!(await listImages(recipient.env)).has(sharedId()), 'not in the default list of others');
    const community = await listImages(recipient.env, ['--community']);
    assert.equal(community.get(sharedId()), 'active', 'in image list --community');
  });

  const protectedImage = await checks.check(
    `${owner.label}: image set --protected refuses delete`,
    async () => {
      assert.equal((await succeeds(owner.env, ['image', 'set', '--protected', sharedId()])).trim(), '');
      assert.equal((await json(owner.env, ['image', 'show', sharedId()])).protected, true);
      await refused(owner.env, ['image', 'delete', sharedId()], protectedRefusal(sharedId()));
      assert.equal((await json(owner.env, ['image', 'show', sharedId()])).status, 'active', 'still there');
      return true;
    },
  );

  await checks.check(`${owner.label}: image set --unprotected, then image delete`, async () => {
    needs(protectedImage, `${owner.label}: image set --protected refuses delete`);
    assert.equal((await succeeds(owner.env, ['image', 'set', '--unprotected', sharedId()])).trim(), '');
    assert.equal((await json(owner.env, ['image', 'show', sharedId()])).protected, false);
    assert.equal((await succeeds(owner.env, ['image', 'delete', sharedId()])).trim(), '');
    await refused(owner.env, ['image', 'show', sharedId()], [`No Image found for ${sharedId()}`]);
  });

  await checks.check(`${admin.label}: image set --public, seen by every project`, async () => {
    const id = await createImage(admin.env, raw, `${namePrefix}-public`, ['--private']);
    await refused(owner.env, ['image', 'show', id], [`No Image found for ${id}`]);
    assert.equal((await succeeds(admin.env, ['image', 'set', '--public', id])).trim(), '');
    assert.equal((await json(owner.env, ['image', 'show', id])).visibility, 'public');
    assert.equal((await listImages(owner.env)).get(id), 'active', 'in the image list of others');
    assert.equal((await listImages(recipient.env, ['--public'])).get(id), 'active', 'in image list --public');
    await succeeds(admin.env, ['image', 'delete', id]);
  });
}
