/**
 * Debian's `openstack` CLI against the cloud, as an operator and an ordinary user drive it, for
 * each service the cloud serves: identity, image (with the demo user and a second project for
 * sharing), placement (osc-placement), compute, network (with a second project for sharing),
 * block storage (with a second project for transfers), object storage (with Debian's `swift` CLI
 * too). Every step asserts on what the user sees.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Cloud } from './cloud.js';
import { Checks, type CheckResult } from './checks.js';
import { json, openstack, type Json } from './cli.js';
import { runIdentityChecks } from './identity-cli.js';
import { imageField, runImageLifecycleChecks, type ImageUser } from './image-cli.js';
import { makeImageFiles } from './image-files.js';
import { makeRecipient, runImageSharingChecks } from './image-sharing-cli.js';
import type { OpenRc } from './openrc.js';
import { runPlacementChecks } from './placement-cli.js';
import { runComputeChecks } from './compute-cli.js';
import { runNetworkChecks } from './network-cli.js';
import { runVolumeChecks } from './volume-cli.js';
import { runObjectStoreChecks } from './object-store-cli.js';
import { runS3Checks } from './s3-cli.js';

export interface CliArea {
  /** The service the checks are about: identity, image, placement. */
  service: string;
  results: CheckResult[];
}

async function projectIdOf(env: OpenRc): Promise<string> {
  return String((await json(env, ['token', 'issue'])).project_id);
}

/** Deletes every image whose name starts with `prefix`, protected ones too (the admin sees all). */
async function deleteImagesNamed(admin: OpenRc, prefix: string): Promise<void> {
  const images = await json<Json[]>(admin, ['image', 'list']);
  for (const image of images.filter((i) => String(i.Name).startsWith(prefix))) {
    const id = String(image.ID);
    const shown = await openstack(admin, ['image', 'show', id, '-f', 'json']);
    if (shown.status === 0 && imageField(JSON.parse(shown.stdout) as Json, 'protected') === true) {
      await openstack(admin, ['image', 'set', '--unprotected', id]);
    }
    const deleted = await openstack(admin, ['image', 'delete', id]);
    if (deleted.status !== 0) throw new Error(`could not delete image ${id}: ${deleted.stderr}`);
  }
}

async function runImageChecks(checks: Checks, cloud: Cloud): Promise<void> {
  const prefix = `conformance-${randomBytes(4).toString('hex')}`;
  const files = await checks.check('image files: qemu-img create -f qcow2, random raw bytes', () =>
    makeImageFiles(cloud.dataDir),
  );
  const users = await checks.check('admin and ordinary user: token issue (project ids)', async () => {
    const admin: ImageUser = { label: 'admin', env: cloud.admin, projectId: await projectIdOf(cloud.admin) };
    const demo: ImageUser = {
      label: 'ordinary user',
      env: cloud.demo,
      projectId: await projectIdOf(cloud.demo),
    };
    return { admin, demo };
  });
  // Without them no image check can run; the failure above says why.
  if (!files || !users) return;
  await runImageLifecycleChecks(checks, users.admin, files, `${prefix}-admin`);
  await runImageLifecycleChecks(checks, users.demo, files, `${prefix}-demo`);

  const recipient = await checks.check('admin: a second project with a member user, for sharing', () =>
    makeRecipient(cloud.admin, `${prefix}-recipient`, `Pw-${randomBytes(9).toString('base64url')}`),
  );
  if (recipient) {
    await runImageSharingChecks(
      checks,
      { ...users, owner: users.demo, recipient },
      files.raw,
      `${prefix}-demo`,
    );
  }

  await checks.check('admin: clean up the images, project and files the image checks made', async () => {
    await deleteImagesNamed(cloud.admin, prefix);
    await recipient?.cleanUp();
    rmSync(files.dir, { recursive: true, force: true });
  });
}

/** The checks of each service in `services`, each service's results apart. */
export async function runOpenStackCliSuite(cloud: Cloud, services: readonly string[]): Promise<CliArea[]> {
  const areas: CliArea[] = [];
  const run = async (service: string, checks: (checks: Checks) => Promise<void>) => {
    const suite = new Checks(`openstack CLI ${service}`);
    await checks(suite);
    areas.push({ service, results: suite.results });
  };
  if (services.includes('identity'))
    await run('identity', (checks) => runIdentityChecks(checks, cloud, services));
  if (services.includes('image')) await run('image', (checks) => runImageChecks(checks, cloud));
  if (services.includes('placement'))
    await run('placement', (checks) => runPlacementChecks(checks, cloud.admin));
  if (services.includes('compute')) await run('compute', (checks) => runComputeChecks(checks, cloud));
  if (services.includes('network')) await run('network', (checks) => runNetworkChecks(checks, cloud));
  if (services.includes('block-storage'))
    await run('block-storage', (checks) => runVolumeChecks(checks, cloud));
  if (services.includes('object-store'))
    await run('object-store', (checks) => runObjectStoreChecks(checks, cloud));
  if (services.includes('object-store')) await run('object-store s3', (checks) => runS3Checks(checks, cloud));
  return areas;
}
