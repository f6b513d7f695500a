/**
 * What Tempest's compute tests need to exist before they run, as DevStack makes it: two public
 * images to boot from (`image_ref`, `image_ref_alt`) and two flavors (`flavor_ref`,
 * `flavor_ref_alt`, DevStack's m1.nano and m1.micro). Made through the REST APIs as the admin.
 * The fake hypervisor boots any bytes, so its images are small random ones; real guests boot
 * the cloud's default image (`stratus-guest`, as DevStack boots cirros), which Tempest logs into.
 */
import { randomBytes } from 'node:crypto';
import type { Login } from './catalog.js';

export interface ComputeResources {
  imageRef: string;
  imageRefAlt: string;
  flavorRef: string;
  flavorRefAlt: string;
}

async function send(url: string, login: Login, method: string, body?: unknown, type = 'application/json') {
  const response = await fetch(url, {
    method,
    headers: {
      'X-Auth-Token': login.token,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': type }),
    },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function publicImage(imageUrl: string, login: Login, name: string): Promise<string> {
  const image = await send(`${imageUrl}/v2/images`, login, 'POST', {
    name,
    disk_format: 'raw',
    container_format: 'bare',
    visibility: 'public',
  });
  const id = String(image.id);
  await send(
    `${imageUrl}/v2/images/${id}/file`,
    login,
    'PUT',
    randomBytes(64 * 1024),
    'application/octet-stream',
  );
  return id;
}

async function flavor(computeUrl: string, login: Login, name: string, ram: number): Promise<string> {
  const created = await send(`${computeUrl}/flavors`, login, 'POST', {
    flavor: { name, ram, vcpus: 1, disk: 1 },
  });
  return String((created.flavor as Record<string, unknown>).id);
}

/** The image `stratus up` registers for real guests, and the user its guests let in by SSH. */
const GUEST_IMAGE_NAME = 'stratus-guest';

export interface GuestResources extends ComputeResources {
  /** The image's login (its `os_admin_user` property), as `[validation] image_ssh_user`. */
  sshUser: string;
}

/**
 * For real guests: the default guest image (for both refs, as DevStack uses cirros for both) and
 * flavors of DevStack's m1.nano and m1.micro sizes, no smaller than the image's min_ram.
 */
export async function prepareGuestResources(
  computeUrl: string,
  imageUrl: string,
  login: Login,
): Promise<GuestResources> {
  const found = await send(`${imageUrl}/v2/images?name=${GUEST_IMAGE_NAME}&status=active`, login, 'GET');
  const [image] = found.images as Record<string, unknown>[];
  if (!image) throw new Error(`the cloud has no active image ${GUEST_IMAGE_NAME} to boot real guests from`);
  if (typeof image.os_admin_user !== 'string') throw new Error(`${GUEST_IMAGE_NAME} has no os_admin_user`);
  const minRam = Math.max(Number(image.min_ram ?? 0), 128);
  const suffix = randomBytes(3).toString('hex');
  return {
    imageRef: String(image.id),
    imageRefAlt: String(image.id),
    flavorRef: await flavor(computeUrl, login, `m1.nano-${suffix}`, minRam),
    flavorRefAlt: await flavor(computeUrl, login, `m1.micro-${suffix}`, minRam + 64),
    sshUser: image.os_admin_user,
  };
}

export async function prepareComputeResources(
  computeUrl: string,
  imageUrl: string,
  login: Login,
): Promise<ComputeResources> {
  const suffix = randomBytes(3).toString('hex');
  return {
    imageRef: await publicImage(imageUrl, login, `tempest-image-${suffix}`),
    imageRefAlt: await publicImage(imageUrl, login, `tempest-image-alt-${suffix}`),
    flavorRef: await flavor(computeUrl, login, `m1.nano-${suffix}`, 64),
    flavorRefAlt: await flavor(computeUrl, login, `m1.micro-${suffix}`, 128),
  };
}
