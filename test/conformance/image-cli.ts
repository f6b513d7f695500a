/**
 * The image part of the CLI checks, for one user: the life of an image as `openstack image ...`
 * shows it, from `create --file` (a qcow2 and a raw image) through list, show, set and unset of
 * properties, and `save` (the bytes must come back unchanged), to delete.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { needs, type Checks } from './checks.js';
import { json, refused, succeeds, type Json } from './cli.js';
import { sameBytes, type ImageFile } from './image-files.js';
import type { OpenRc } from './openrc.js';

/** Someone who creates images: how checks name them, their openrc, their project's id. */
export interface ImageUser {
  label: string;
  env: OpenRc;
  projectId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A field of an image as the CLI prints it: the core ones at the top, everything else (custom
 * properties and fields the client does not know, such as os_hash_value) under `properties`.
 */
export function imageField(image: Json, name: string): unknown {
  if (name in image) return image[name];
  return (image.properties as Json | undefined)?.[name];
}

/** `openstack image create --file`: the image's id, after checking what create printed. */
export async function createImage(
  env: OpenRc,
  file: ImageFile,
  name: string,
  options: string[] = [],
): Promise<string> {
  const created = await json(env, [
    'image',
    'create',
    '--file',
    file.path,
    '--disk-format',
    file.diskFormat,
    '--container-format',
    'bare',
    ...options,
    name,
  ]);
  assert.equal(created.name, name, 'name');
  assert.equal(created.disk_format, file.diskFormat, 'disk_format');
  assert.equal(created.container_format, 'bare', 'container_format');
  assert.match(String(created.id), UUID, 'id');
  return String(created.id);
}

/** What `image show` prints for an uploaded image: active, with the file's size and digests. */
export function assertUploaded(image: Json, file: ImageFile, owner: string): void {
  assert.equal(image.status, 'active', 'status');
  assert.equal(image.size, file.size, 'size');
  assert.equal(image.virtual_size, file.virtualSize, 'virtual_size');
  assert.equal(image.checksum, file.md5, 'checksum (MD5)');
  assert.equal(imageField(image, 'os_hash_algo'), 'sha512', 'os_hash_algo');
  assert.equal(imageField(image, 'os_hash_value'), file.sha512, 'os_hash_value (SHA-512)');
  assert.equal(image.disk_format, file.diskFormat, 'disk_format');
  assert.equal(image.container_format, 'bare', 'container_format');
  assert.equal(image.owner, owner, 'owner');
  assert.equal(image.protected, false, 'protected');
}

/** The ids of `openstack image list` (with `filters`), with each one's status. */
export async function listImages(env: OpenRc, filters: string[] = []): Promise<Map<string, string>> {
  const images = await json<Json[]>(env, ['image', 'list', ...filters]);
  return new Map(images.map((image) => [String(image.ID), String(image.Status)]));
}

export async function runImageLifecycleChecks(
  checks: Checks,
  user: ImageUser,
  files: { qcow2: ImageFile; raw: ImageFile },
  namePrefix: string,
): Promise<void> {
  const { label, env, projectId } = user;
  const names = { qcow2: `${namePrefix}-qcow2`, raw: `${namePrefix}-raw` };
  const uploaded: Partial<Record<'qcow2' | 'raw', string>> = {};

  for (const kind of ['qcow2', 'raw'] as const) {
    const file = files[kind];
    uploaded[kind] = await checks.check(`${label}: image create --file (${kind})`, async () => {
      const id = await createImage(env, file, names[kind]);
      const shown = await json(env, ['image', 'show', id]);
      assertUploaded(shown, file, projectId);
      assert.equal(shown.visibility, 'shared', 'visibility (the default)');
      return id;
    });
  }
  const createdBy = (kind: 'qcow2' | 'raw') =>
    needs(uploaded[kind], `${label}: image create --file (${kind})`);

  await checks.check(`${label}: image list shows both images, active`, async () => {
    const listed = await listImages(env);
    for (const kind of ['qcow2', 'raw'] as const) {
      assert.equal(listed.get(createdBy(kind)), 'active', `${names[kind]} in image list`);
    }
  });

  await checks.check(`${label}: image show by name`, async () => {
    const shown = await json(env, ['image', 'show', names.raw]);
    assert.equal(shown.id, createdBy('raw'));
    assert.equal(shown.name, names.raw);
    assertUploaded(shown, files.raw, projectId);
  });

  await checks.check(`${label}: image set --property, image unset --property`, async () => {
    const id = createdBy('qcow2');
    const set = ['image', 'set', '--property', 'hw_rng_model=virtio', '--property', 'conformance_note=a b'];
    assert.equal((await succeeds(env, [...set, id])).trim(), '', 'image set prints nothing');
    let shown = await json(env, ['image', 'show', id]);
    assert.equal(imageField(shown, 'hw_rng_model'), 'virtio');
    assert.equal(imageField(shown, 'conformance_note'), 'a b');
    const unset = ['image', 'unset', '--property', 'conformance_note', id];
    assert.equal((await succeeds(env, unset)).trim(), '', 'image unset prints nothing');
    shown = await json(env, ['image', 'show', id]);
    assert.equal(imageField(shown, 'conformance_note'), undefined, 'conformance_note is gone');
    assert.equal(imageField(shown, 'hw_rng_model'), 'virtio', 'hw_rng_model stays');
    assert.equal(shown.checksum, files.qcow2.md5, 'the data is unchanged');
  });

  for (const kind of ['qcow2', 'raw'] as const) {
    await checks.check(`${label}: image save gives back the uploaded bytes (${kind})`, async () => {
      const saved = join(files[kind].path, '..', `saved-${label.replace(/\W+/g, '-')}.${kind}`);
      await succeeds(env, ['image', 'save', '--file', saved, createdBy(kind)]);
      assert.ok(sameBytes(saved, files[kind]), `${saved} differs from ${files[kind].path}`);
    });
  }

  await checks.check(`${label}: image delete`, async () => {
    const ids = (['qcow2', 'raw'] as const).map(createdBy);
    assert.equal(
      (await succeeds(env, ['image', 'delete', ...ids])).trim(),
      '',
      'image delete prints nothing',
    );
    await refused(env, ['image', 'show', ids[0]], [`No Image found for ${ids[0]}`]);
    const listed = await listImages(env);
    for (const id of ids) assert.ok(!listed.has(id), `${id} is gone from image list`);
  });
}
