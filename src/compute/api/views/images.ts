import type { Image } from '../../../common/clients/image-client.js';
import { boolFromString } from '../../python-values.js';
import { resourceLinks } from './links.js';

/**
 * An image as Nova's glance layer hands it to the API (`_translate_from_glance`): the fields it
 * shows, and the properties, which are every field the image schema does not name as a base
 * property. `raw` keeps the properties as Glance has them, for writing them back.
 */
export interface NovaImage {
  id: string;
  name: string | null;
  status: string;
  minRam: number;
  minDisk: number;
  size: number;
  createdAt: string | null;
  updatedAt: string | null;
  properties: Record<string, unknown>;
  raw: Record<string, unknown>;
}

/** `_CONVERT_PROPS`: properties Nova keeps in Glance as JSON text and shows parsed. */
const JSON_PROPERTIES = ['block_device_mapping', 'mappings'];

/** The Glance fields Nova never reads, beside the base ones (`omit_attrs`, the locations). */
const OMITTED = new Set(['self', 'schema', 'file', 'direct_url', 'locations']);

export function novaImage(image: Image, baseNames: Set<string>): NovaImage {
  const raw: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(image)) {
    if (!baseNames.has(name) && !OMITTED.has(name)) raw[name] = value;
  }
  const properties = { ...raw };
  for (const name of JSON_PROPERTIES) {
    const value = properties[name];
    // A value that is no JSON stays the text it is (Nova would fail the whole request on it).
    if (typeof value === 'string') {
      try {
        properties[name] = JSON.parse(value);
      } catch {
        properties[name] = value;
      }
    }
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: image.id,
    name: image.name,
    status: image.status,
    minRam: Number(image.min_ram ?? 0),
    minDisk: Number(image.min_disk ?? 0),
    size: image.size ?? 0,
    createdAt: text(image.created_at),
    updatedAt: text(image.updated_at),
    properties,
    raw,
  };
}

/** `_get_status`: Glance's statuses folded into the five Nova shows. */
const STATUSES = new Map([
  ['active', 'ACTIVE'],
  ['queued', 'SAVING'],
  ['saving', 'SAVING'],
  ['deleted', 'DELETED'],
  ['pending_delete', 'DELETED'],
  ['killed', 'ERROR'],
]);
/** `_get_progress`: a guess at how far the upload is, from the status alone. */
const PROGRESS = new Map([
  ['queued', 25],
  ['saving', 50],
  ['active', 100],
]);

/** `utils.isotime`: to the second, in UTC, with a Z. */
function isotime(value: string | null): string | null {
  return value === null ? null : `${new Date(value).toISOString().slice(0, 19)}Z`;
}

/**
 * The image service's public endpoint, where the alternate links point (Nova's
 * `generate_glance_url`, the catalog's image endpoint). Every service is served at
 * `<public url>/<service>`, so it is the compute base URL with `image` for `compute`.
 */
function glanceUrl(computeBaseUrl: string): string {
  return computeBaseUrl.replace(/\/compute$/, '/image');
}

/** The self and bookmark links of the compute API, and the image in Glance as `alternate`. */
function imageLinks(baseUrl: string, id: string) {
  return [
    ...resourceLinks(baseUrl, 'images', id),
    {
      rel: 'alternate',
      type: 'application/vnd.openstack.image',
      href: `${glanceUrl(baseUrl)}/images/${id}`,
    },
  ];
}

/** `basic`: an image in `GET /images`. */
export function imageSummary(baseUrl: string, image: NovaImage) {
  return { id: image.id, name: image.name, links: imageLinks(baseUrl, image.id) };
}

/**
 * `show`: an image in `GET /images/detail` and `GET /images/{id}`; `server` links the instance
 * a snapshot was taken of, and `OS-DCF:diskConfig` comes from the `auto_disk_config` property.
 */
export function imageDetail(baseUrl: string, image: NovaImage) {
  const view: Record<string, unknown> = {
    id: image.id,
    name: image.name,
    minRam: image.minRam,
    minDisk: image.minDisk,
    metadata: image.properties,
    created: isotime(image.createdAt),
    updated: isotime(image.updatedAt),
    status: STATUSES.get(image.status) ?? 'UNKNOWN',
    progress: PROGRESS.get(image.status) ?? 0,
    'OS-EXT-IMG-SIZE:size': image.size,
    links: imageLinks(baseUrl, image.id),
  };
  const instanceUuid = image.properties.instance_uuid;
  if (instanceUuid !== undefined && instanceUuid !== null) {
    view.server = { id: instanceUuid, links: resourceLinks(baseUrl, 'servers', String(instanceUuid)) };
  }
  const autoDiskConfig = image.properties.auto_disk_config;
  if (autoDiskConfig !== undefined && autoDiskConfig !== null) {
    // Non-strict bool_from_string: anything but a true word is false.
    view['OS-DCF:diskConfig'] = boolFromString(autoDiskConfig) === true ? 'AUTO' : 'MANUAL';
  }
  return view;
}
