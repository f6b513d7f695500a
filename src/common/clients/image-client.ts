import type { Readable } from 'node:stream';
import type { ServiceTransport } from './http-transport.js';
import { ServiceError } from './service-error.js';

/** An image as Glance v2 shows it; properties beyond the core fields are extra keys. */
export interface Image {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  owner: string | null;
  disk_format: string | null;
  container_format: string | null;
  size: number | null;
  virtual_size: number | null;
  checksum: string | null;
  min_disk: number;
  min_ram: number;
  protected: boolean;
  tags: string[];
  [property: string]: unknown;
}

/** One change of a JSON patch (media type `application/openstack-images-v2.1-json-patch`). */
export type ImagePatch =
  { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';

/** The path of an image; an id is any text a caller gave (`#` or `/` in it stay in the id). */
const imagePath = (id: string) => `/v2/images/${encodeURIComponent(id)}`;

/** What compute needs from Glance v2: images to boot from, and snapshots to make. */
export class ImageClient {
  private baseNames: Promise<Set<string>> | undefined;

  constructor(private readonly transport: ServiceTransport) {}

  /** An image by id, or null when it does not exist or the caller may not see it. */
  async getImage(id: string): Promise<Image | null> {
    try {
      const { body } = await this.transport.request<Image>('GET', imagePath(id));
      return body;
    } catch (error) {
      if (error instanceof ServiceError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Every image the caller sees that matches `filters` (Glance's list filters: a field, or a
   * property by its name), all pages of them, newest first unless `sort` says otherwise. As
   * glanceclient, a `limit` stops after that many images and a `marker` starts after that image
   * (a marker Glance cannot find is its 400).
   */
  async listImages(
    filters: Record<string, string>,
    sort: { key: string; dir: 'asc' | 'desc' } = { key: 'created_at', dir: 'desc' },
    { limit, marker }: { limit?: number; marker?: string } = {},
  ): Promise<Image[]> {
    const images: Image[] = [];
    let page: { path: string; query?: Record<string, string> } | null = {
      path: '/v2/images',
      query: {
        ...filters,
        sort_key: sort.key,
        sort_dir: sort.dir,
        ...(limit ? { limit: String(limit) } : {}),
        ...(marker ? { marker } : {}),
      },
    };
    while (page) {
      const { body }: { body: { images: Image[]; next?: string } } = await this.transport.request(
        'GET',
        page.path,
        { query: page.query },
      );
      images.push(...body.images);
      if (limit && images.length >= limit) return images.slice(0, limit);
      // Glance's `next` link is the same query with the marker of the page's last image.
      page = body.next ? { path: body.next } : null;
    }
    return images;
  }

  /**
   * An image's data as a stream. Glance answers 204 (no data) for an image without any; that
   * is an empty stream here, so callers check the image's status first.
   */
  async download(id: string): Promise<{ data: Readable; size: number | null; checksum: string | null }> {
    const { headers, body } = await this.transport.stream('GET', `/v2/images/${id}/file`, {
      headers: { accept: 'application/octet-stream' },
    });
    const length = headers['content-length'];
    return {
      data: body,
      size: length === undefined ? null : Number(length),
      checksum: headers['content-md5'] ?? null,
    };
  }

  /** Creates an image record (queued, no data), e.g. for a server snapshot. */
  async createImage(fields: Record<string, unknown>): Promise<Image> {
    const { body } = await this.transport.request<Image>('POST', '/v2/images', { body: fields });
    return body;
  }

  /** Streams data into a queued image, which becomes active. */
  async upload(id: string, data: Readable | Buffer): Promise<void> {
    await this.transport.request('PUT', `/v2/images/${id}/file`, {
      body: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
  }

  /** Changes an image's fields and properties with a v2.1 JSON patch. */
  async updateImage(id: string, changes: ImagePatch[]): Promise<Image> {
    const { body } = await this.transport.request<Image>('PATCH', imagePath(id), {
      body: Buffer.from(JSON.stringify(changes)),
      headers: { 'content-type': PATCH_TYPE },
    });
    return body;
  }

  /** Deletes an image; false when it did not exist. */
  async deleteImage(id: string): Promise<boolean> {
    try {
      await this.transport.request('DELETE', imagePath(id));
      return true;
    } catch (error) {
      if (error instanceof ServiceError && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * The names of the image schema's base properties (`/v2/schemas/image`, all but those marked
   * `is_base: false`): any other field of an image is one of its properties, as glanceclient's
   * `is_base_property` tells them apart. Asked once per client.
   */
  basePropertyNames(): Promise<Set<string>> {
    this.baseNames ??= this.transport
      .request<{ properties: Record<string, { is_base?: boolean }> }>('GET', '/v2/schemas/image')
      .then(
        ({ body }) =>
          new Set(
            Object.entries(body.properties)
              .filter(([, property]) => property.is_base !== false)
              .map(([name]) => name),
          ),
      );
    return this.baseNames;
  }
}
