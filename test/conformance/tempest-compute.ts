/**
 * What Tempest's compute tests need to exist before they run, as DevStack makes it: two public
 * images to boot from (`image_ref`, `image_ref_alt`) and two flavors (`flavor_ref`,
 * `flavor_ref_alt`, DevStack's m1.nano and m1.micro). Made through the REST APIs as the admin;
 * the fake hypervisor boots any bytes, so the images are small random ones.
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
