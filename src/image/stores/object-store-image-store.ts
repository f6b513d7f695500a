import { Readable } from 'node:stream';
import type { ServiceTransport } from '../../common/clients/http-transport.js';
import { ServiceError } from '../../common/clients/service-error.js';
import { BytePieces } from './byte-pieces.js';
import { StoreDataMissing, type ByteRange, type ImageStore } from './image-store.js';

export interface ObjectStoreImageStoreOptions {
  /** The object storage API (Swift v1), called as the images service's user. */
  swift: ServiceTransport;
  /** The account that holds the images: the service project's, `AUTH_<project id>`. */
  account: () => Promise<string>;
  /** glance_store's `swift_store_container`. */
  container: string;
  /** From this many bytes on, an image is kept in segments (`swift_store_large_object_size`). */
  largeObjectSize: number;
  /** The size of those segments (`swift_store_large_object_chunk_size`). */
  largeObjectChunkSize: number;
  id?: string;
}

interface Listing {
  name: string;
}

const RAW = { 'content-type': 'application/octet-stream' };
const NOTHING = Buffer.alloc(0);

function isNotFound(error: unknown): boolean {
  return error instanceof ServiceError && error.status === 404;
}

/** A segment's name, as glance_store names them: `<image id>-00001`, `<image id>-00002`... */
function segmentName(key: string, number: number): string {
  return `${key}-${String(number).padStart(5, '0')}`;
}

/**
 * Glance's swift store in single-tenant mode: each image is an object named by its id in one
 * container (`glance`) of the service project's account, made on first use. Data streams through,
 * never held whole. An image that reaches `largeObjectSize` becomes a dynamic large object as
 * glance_store makes it: segments `<id>-00001`, `<id>-00002`... beside a manifest `<id>` with
 * `X-Object-Manifest: glance/<id>-`; since the size is not known before the data ends, its first
 * `largeObjectSize` bytes go up as the object itself and are copied (inside the object store) to
 * the first segment when more follow.
 */
export class ObjectStoreImageStore implements ImageStore {
  readonly id: string;
  private container: Promise<void> | null = null;

  constructor(private readonly options: ObjectStoreImageStoreOptions) {
    this.id = options.id ?? 'object-store';
  }

  describe() {
    return {
      type: 'swift',
      properties: {
        container: this.options.container,
        large_object_size: this.options.largeObjectSize,
        large_object_chunk_size: this.options.largeObjectChunkSize,
      },
    };
  }

  private async path(object?: string): Promise<string> {
    if (object !== undefined && (!/^[A-Za-z0-9._-]+$/.test(object) || object.startsWith('.')))
      throw new Error(`bad store key ${object}`);
    const base = `/v1/${encodeURIComponent(await this.options.account())}/${encodeURIComponent(this.options.container)}`;
    return object === undefined ? base : `${base}/${object}`;
  }

  /** `swift_store_create_container_on_put`: the container is made once, when first written to. */
  private ensureContainer(): Promise<void> {
    this.container ??= this.path()
      .then((path) => this.options.swift.request('PUT', path, { headers: RAW, body: NOTHING }))
      .then(
        () => undefined,
        (error: unknown) => {
          this.container = null;
          throw error;
        },
      );
    return this.container;
  }

  private async put(object: string, body: Readable | Buffer, headers: Record<string, string> = {}) {
    await this.options.swift.request('PUT', await this.path(object), {
      headers: { ...RAW, ...headers },
      body,
    });
  }

  async write(key: string, data: AsyncIterable<Buffer>): Promise<number> {
    await this.path(key);
    await this.ensureContainer();
    await this.delete(key);
    const pieces = new BytePieces(data);
    const { container, largeObjectSize, largeObjectChunkSize } = this.options;
    const segments: string[] = [];
    try {
      await this.put(key, Readable.from(pieces.piece(largeObjectSize)));
      if (!(await pieces.more())) return pieces.bytes;
      segments.push(segmentName(key, 1));
      await this.put(segments[0], NOTHING, { 'x-copy-from': `${container}/${key}` });
      while (await pieces.more()) {
        segments.push(segmentName(key, segments.length + 1));
        await this.put(segments.at(-1)!, Readable.from(pieces.piece(largeObjectChunkSize)));
      }
      await this.put(key, NOTHING, { 'x-object-manifest': `${container}/${key}-` });
      return pieces.bytes;
    } catch (error) {
      // Nothing stays behind: the object (or the half manifest) and every segment written.
      for (const object of [key, ...segments]) await this.deleteObject(object).catch(() => undefined);
      throw pieces.sourceError ?? error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const headers = range ? { range: `bytes=${range.start}-${range.end}` } : undefined;
    try {
      const response = await this.options.swift.stream('GET', await this.path(key), { headers });
      return response.body;
    } catch (error) {
      if (isNotFound(error)) throw new StoreDataMissing(key);
      throw error;
    }
  }

  /** As glance_store: the segments of a large object first (by its manifest), then the object. */
  async delete(key: string): Promise<void> {
    let headers: Record<string, string>;
    try {
      headers = (await this.options.swift.request('HEAD', await this.path(key))).headers;
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    if (headers['x-static-large-object']?.toLowerCase() === 'true') {
      const path = await this.path(key);
      await this.options.swift.request('DELETE', path, { query: { 'multipart-manifest': 'delete' } });
      return;
    }
    const manifest = headers['x-object-manifest'];
    if (manifest) {
      const [segmentContainer, prefix] = manifest.split(/\/(.*)/s, 2);
      for (const segment of await this.list(decodeURIComponent(segmentContainer), decodeURIComponent(prefix)))
        await this.deleteObject(segment, segmentContainer);
    }
    await this.deleteObject(key);
  }

  /** The names under a prefix in a container of the account, every page of them. */
  private async list(container: string, prefix: string): Promise<string[]> {
    const path = `/v1/${encodeURIComponent(await this.options.account())}/${encodeURIComponent(container)}`;
    const names: string[] = [];
    for (;;) {
      const query = { format: 'json', prefix, ...(names.length ? { marker: names.at(-1) } : {}) };
      const page =
        (await this.options.swift.request<Listing[] | undefined>('GET', path, { query })).body ?? [];
      if (page.length === 0) return names;
      names.push(...page.map((entry) => entry.name));
    }
  }

  private async deleteObject(object: string, container = this.options.container): Promise<void> {
    const path = `/v1/${encodeURIComponent(await this.options.account())}/${encodeURIComponent(container)}/${encodeURIComponent(object)}`;
    await this.options.swift.request('DELETE', path).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}
