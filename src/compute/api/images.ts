import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Image, ImageClient } from '../../common/clients/image-client.js';
import { ServiceError } from '../../common/clients/service-error.js';
import { BadRequest, Forbidden, NotFound } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import type { ComputeDeps } from '../deps.js';
import { pythonInt } from '../python-values.js';
import {
  imageDetailListResponse,
  imageListQuery,
  imageListResponse,
  imageParams,
  imageResponse,
} from './schemas/images.js';
import { imageDetail, imageSummary, novaImage, type NovaImage } from './views/images.js';
import { collectionLinks } from './views/links.js';

/** `MAX_PROXY_API_SUPPORT_VERSION`: from 2.36 the proxy APIs are gone (404). */
export const LAST_WITH_IMAGE_PROXY = '2.35';

/** `SUPPORTED_FILTERS`: Nova's filter names and what it asks Glance for. */
const SUPPORTED_FILTERS: Record<string, string> = {
  name: 'name',
  status: 'status',
  'changes-since': 'changes-since',
  server: 'property-instance_uuid',
  type: 'property-image_type',
  minRam: 'min_ram',
  minDisk: 'min_disk',
};

/** Python's `str.lstrip(chars)`: drops any of the characters from the start, not the prefix. */
function lstripChars(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start])) start++;
  return text.slice(start);
}

/** The last value of a query parameter, as webob's `params.get` reads a repeated one. */
function lastValue(value: unknown): string {
  return String(Array.isArray(value) ? value.at(-1) : value);
}

/**
 * `_get_filters` then glance's `_extract_query_params_v2`: Nova's names mapped, `server` cut to
 * the uuid at the end of a link, the status in lower case, `changes-since` as an `updated_at`
 * lower bound, and `property-<name>` sent as a property filter. Nova strips that prefix with
 * `lstrip('property-')`, which eats the name's own leading letters from the set too
 * (`property-os_distro` filters on `s_distro`); so does this.
 */
function glanceFilters(query: Record<string, unknown>): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [param, value] of Object.entries(query)) {
    const known = Object.hasOwn(SUPPORTED_FILTERS, param);
    if (!known && !param.startsWith('property-')) continue;
    const name = known ? SUPPORTED_FILTERS[param] : param;
    let text = lastValue(value);
    if (name === 'property-instance_uuid' && text.includes('/')) text = text.slice(text.lastIndexOf('/') + 1);
    if (name === 'status') text = text.toLowerCase();
    if (name.startsWith('property-')) filters[lstripChars(name, 'property-')] = text;
    else if (name === 'changes-since') filters.updated_at = `gte:${text}`;
    else filters[name] = text;
  }
  return filters;
}

/** `get_pagination_params`: integers >= 0 where given (`validate_integer`), and the marker. */
function pageParams(query: Record<string, unknown>): { limit?: number; marker?: string } {
  const page: { limit?: number; marker?: string } = {};
  for (const name of ['limit', 'page_size', 'offset']) {
    if (query[name] === undefined) continue;
    const number = pythonInt(lastValue(query[name]));
    if (number === undefined) throw new BadRequest(`Invalid input received: ${name} must be an integer`);
    if (number < 0) throw new BadRequest(`Invalid input received: ${name} must be >= 0`);
    // glanceclient pages by itself (`page_size`), and Glance v2 has no offset.
    if (name === 'limit') page.limit = number;
  }
  if (query.marker !== undefined) page.marker = lastValue(query.marker);
  return page;
}

/** The image as the client's caller sees it in Glance, translated as Nova does; 404 when it can't. */
export async function showImage(client: ImageClient, id: string): Promise<NovaImage> {
  const image = id === '' ? null : await client.getImage(id);
  if (!image) throw new NotFound('Image not found.');
  return novaImage(image, await client.basePropertyNames());
}

/**
 * `GET /images` and `GET /images/detail`: the images the caller sees in Glance, all of them or
 * up to `limit` after `marker`, with a next link when the page is full (`_get_collection_links`).
 */
async function listImages(deps: ComputeDeps, request: FastifyRequest, collection: string) {
  requireMicroversion(request, '2.1', LAST_WITH_IMAGE_PROXY);
  const query = request.query as Record<string, unknown>;
  const filters = glanceFilters(query);
  const page = pageParams(query);
  const client = deps.imagesFor(request.context.token);
  let images: Image[];
  try {
    images = await client.listImages(filters, undefined, page);
  } catch (error) {
    // glanceclient's BadRequest becomes Nova's Invalid, in glanceclient's words.
    if (error instanceof ServiceError && error.status === 400) {
      throw new BadRequest(`${error.detail} (HTTP 400)`);
    }
    throw error;
  }
  const baseNames = await client.basePropertyNames();
  const translated = images.map((image) => novaImage(image, baseNames));
  const limit = Math.min(page.limit ?? deps.settings.maxLimit, deps.settings.maxLimit);
  const links = collectionLinks(
    deps.baseUrl,
    collection,
    request.url,
    translated.length,
    limit,
    translated.at(-1)?.id,
  );
  return { translated, links };
}

/** Nova's image proxy (images.py): Glance's images as compute shows them, up to 2.35. */
export function imageRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.get(
    '/images',
    { schema: { querystring: imageListQuery, response: { 200: imageListResponse } } },
    async (request) => {
      const { translated, links } = await listImages(deps, request, 'images');
      return {
        images: translated.map((image) => imageSummary(deps.baseUrl, image)),
        ...(links.length > 0 ? { images_links: links } : {}),
      };
    },
  );

  app.get(
    '/images/detail',
    { schema: { querystring: imageListQuery, response: { 200: imageDetailListResponse } } },
    async (request) => {
      const { translated, links } = await listImages(deps, request, 'images/detail');
      return {
        images: translated.map((image) => imageDetail(deps.baseUrl, image)),
        ...(links.length > 0 ? { images_links: links } : {}),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/images/:id',
    { schema: { params: imageParams, response: { 200: imageResponse } } },
    async (request) => {
      requireMicroversion(request, '2.1', LAST_WITH_IMAGE_PROXY);
      const client = deps.imagesFor(request.context.token);
      return { image: imageDetail(deps.baseUrl, await showImage(client, request.params.id)) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/images/:id',
    { schema: { params: imageParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      requireMicroversion(request, '2.1', LAST_WITH_IMAGE_PROXY);
      const id = request.params.id;
      let deleted: boolean;
      try {
        deleted = id !== '' && (await deps.imagesFor(request.context.token).deleteImage(id));
      } catch (error) {
        // A protected image, or one of another project: Glance's 403 (ImageNotAuthorized).
        if (error instanceof ServiceError && error.status === 403) {
          throw new Forbidden('You are not allowed to delete the image.');
        }
        throw error;
      }
      if (!deleted) throw new NotFound('Image not found.');
      return reply.status(204).send();
    },
  );
}
