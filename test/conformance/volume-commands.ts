/**
 * What the volume CLI checks share: waiting for block storage resources as a CLI user does,
 * `openstack volume ... show` again until the status is the one asked for (the volume commands
 * have no --wait), failing at once on an error status, which is where Cinder leaves a resource
 * whose work failed; and `volume create` up to an available volume.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { json, openstack, type Json } from './cli.js';
import type { OpenRc } from './openrc.js';

const POLL_MS = 250;
const TIMEOUT_MS = 120_000;

/** `volume`, `volume snapshot`, `volume backup`: the words before `show`. */
export type VolumeResource = ['volume'] | ['volume', 'snapshot'] | ['volume', 'backup'];

/** Shows the resource until its status is `status`; returns what the last show printed. */
export async function waitForStatus(
  env: OpenRc,
  resource: VolumeResource,
  id: string,
  status: string,
  extra: string[] = [],
): Promise<Json> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const shown = await json(env, [...resource, 'show', ...extra, id]);
    if (shown.status === status) return shown;
    if (String(shown.status).startsWith('error'))
      throw new Error(`${resource.join(' ')} ${id} went to ${String(shown.status)}, not ${status}`);
    if (Date.now() > deadline)
      throw new Error(
        `${resource.join(' ')} ${id} is ${String(shown.status)} after ${TIMEOUT_MS / 1000} s, not ${status}`,
      );
    await sleep(POLL_MS);
  }
}

/** Shows the resource until the CLI says it is not found (its delete is done). */
export async function waitUntilGone(env: OpenRc, resource: VolumeResource, id: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const shown = await openstack(env, [...resource, 'show', id, '-f', 'json']);
    if (shown.status !== 0) {
      if (/No \w+ with a name or ID|could not be found|No .* found/i.test(shown.stderr)) return;
      throw new Error(`${resource.join(' ')} show ${id}: ${shown.stderr.trim()}`);
    }
    const status = String((JSON.parse(shown.stdout) as Json).status);
    if (status.startsWith('error'))
      throw new Error(`${resource.join(' ')} ${id} went to ${status} instead of going away`);
    if (Date.now() > deadline)
      throw new Error(`${resource.join(' ')} ${id} is still there (${status}) after ${TIMEOUT_MS / 1000} s`);
    await sleep(POLL_MS);
  }
}

/** `volume create` with `args`; waits until the volume is available and returns what show prints. */
export async function createVolume(env: OpenRc, name: string, args: string[]): Promise<Json> {
  const created = await json(env, ['volume', 'create', ...args, name]);
  assert.equal(created.name, name, 'name');
  assert.ok(['creating', 'available'].includes(String(created.status)), `status ${String(created.status)}`);
  return waitForStatus(env, ['volume'], String(created.id), 'available');
}
