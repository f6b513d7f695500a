import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import bz2 from 'unbzip2-stream';
import { CONSTRAINTS } from '../../proxy/constraints.js';
import { header } from '../../proxy/headers.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import { answerOf, isSuccess, pathInAccount, subCall } from '../slo/sub-call.js';
import { dropBody } from '../../proxy/whole-body.js';
import type { SwiftApp, SwiftMiddleware } from '../swift-middleware.js';
import {
  bulkAnswer,
  bulkAnswerFormat,
  type FailedName,
  MAX_PATH_LENGTH,
  quoteName,
  recordRefusal,
  statusLine,
} from './bulk-answer.js';

/** Swift's bulk defaults (`max_containers_per_extraction`, `max_failed_extractions`). */
const MAX_CONTAINERS_PER_EXTRACTION = 10000;
const MAX_FAILED_EXTRACTIONS = 1000;

/** The archive formats of `?extract-archive=`, and the stream that undoes each one's compression. */
const DECOMPRESSORS: Record<string, (() => NodeJS.ReadWriteStream) | null> = {
  tar: null,
  'tar.gz': () => createGunzip(),
  'tar.bz2': () => bz2(),
};

/** The object header a pax record of the archive stands for (file type and user metadata xattrs), if any. */
function paxHeader(key: string): string | undefined {
  if (key === 'SCHILY.xattr.user.mime_type' || key === 'LIBARCHIVE.xattr.user.mime_type')
    return 'content-type';
  for (const prefix of ['SCHILY.xattr.user.meta.', 'LIBARCHIVE.xattr.user.meta.']) {
    if (key.startsWith(prefix)) return `x-object-meta-${key.slice(prefix.length).toLowerCase()}`;
  }
  return undefined;
}

/** The headers of the request every extracted object keeps: its expiry and user metadata. */
function inheritedHeaders(call: SwiftCall): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (value === undefined) continue;
    if (name === 'x-delete-at' || name === 'x-delete-after' || name.startsWith('x-object-meta-')) {
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return headers;
}

class Extraction {
  readonly results: Record<string, string | number> = {
    'Response Status': statusLine(201),
    'Response Body': '',
    'Number Files Created': 0,
  };
  readonly failed: FailedName[] = [];
  private failureStatus = 400;
  private readonly containersSeen = new Set<string>();
  private containersCreated = 0;

  constructor(
    private readonly app: SwiftApp,
    private readonly proxy: ProxyContext,
    private readonly call: SwiftCall,
  ) {}

  /** Where the archive's files go: under the request's container (and object prefix), if it names one. */
  private get base(): string {
    const { container, object } = this.call.path;
    return [container, object].filter(Boolean).join('/').replace(/\/+$/, '');
  }

  /** Creates the container of a file unless it exists; a failure is kept for when the file's PUT fails too. */
  private async ensureContainer(container: string): Promise<FailedName | undefined> {
    const path = pathInAccount(this.call, container);
    const head = await answerOf(this.app, this.proxy, subCall(this.call, 'HEAD', path));
    dropBody(head);
    if (isSuccess(head.status)) return undefined;
    let status = head.status;
    if (head.status === 404) {
      const put = await answerOf(this.app, this.proxy, subCall(this.call, 'PUT', path));
      dropBody(put);
      if (isSuccess(put.status)) {
        this.containersCreated += 1;
        if (this.containersCreated > MAX_CONTAINERS_PER_EXTRACTION) {
          throw new SwiftError(
            400,
            `More than ${MAX_CONTAINERS_PER_EXTRACTION} containers to create from tar.`,
          );
        }
        return undefined;
      }
      status = put.status;
    }
    if (status === 401) throw new SwiftError(401);
    const name = `/${this.call.path.version}/${this.call.path.account}/${container}`;
    return [quoteName(name.slice(0, MAX_PATH_LENGTH)), statusLine(status)];
  }

  /** Stores one regular file of the archive as `<container>/<object>`; files at the top level are skipped. */
  async file(entry: Header, data: Readable): Promise<void> {
    let name = entry.name.replace(/^\.\//, '').replace(/^\/+/, '');
    if (this.base) name = `${this.base}/${name}`;
    const slash = name.indexOf('/');
    if (slash < 0) return;
    const container = name.slice(0, slash);
    const object = name.slice(slash + 1);
    const quoted = quoteName(name.slice(0, MAX_PATH_LENGTH));
    if (entry.size > CONSTRAINTS.max_file_size) {
      this.failed.push([quoted, statusLine(413)]);
      return;
    }
    const containerFailure = this.containersSeen.has(container)
      ? undefined
      : await this.ensureContainer(container);
    const headers: Record<string, string> = {
      ...inheritedHeaders(this.call),
      'content-length': String(entry.size),
    };
    for (const [key, value] of Object.entries((entry.pax ?? {}) as Record<string, string>)) {
      const name = paxHeader(key);
      if (name) headers[name] = value;
    }
    const path = pathInAccount(this.call, container, object);
    const put = await answerOf(
      this.app,
      this.proxy,
      subCall(this.call, 'PUT', path, { headers, body: data }),
    );
    dropBody(put);
    this.containersSeen.add(container);
    if (isSuccess(put.status)) {
      this.results['Number Files Created'] = Number(this.results['Number Files Created']) + 1;
      return;
    }
    if (containerFailure) this.failed.push(containerFailure);
    if (put.status === 401) {
      this.failed.push([quoted, statusLine(401)]);
      throw new SwiftError(401);
    }
    if (put.status >= 500) this.failureStatus = 502;
    this.failed.push([quoted, statusLine(put.status)]);
  }

  finish(): void {
    if (this.failed.length > 0) this.results['Response Status'] = statusLine(this.failureStatus);
    else if (this.results['Number Files Created'] === 0) {
      this.results['Response Status'] = statusLine(400);
      this.results['Response Body'] = 'Invalid Tar File: No Valid Files';
    }
  }
}

/** The archive's error, said as Swift's `Invalid Tar File: ...`. */
class TarError extends Error {}

/** Reads the archive of `call` entry by entry and stores its files, as Swift's `handle_extract_iter`. */
async function extractArchive(
  app: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  decompressor: (() => NodeJS.ReadWriteStream) | null,
): Promise<SwiftAnswer> {
  const format = bulkAnswerFormat(header(call.headers, 'accept'));
  const extraction = new Extraction(app, proxy, call);
  try {
    if (format === null) throw new SwiftError(406);
    if (
      header(call.headers, 'content-length') === undefined &&
      header(call.headers, 'transfer-encoding')?.toLowerCase() !== 'chunked'
    ) {
      throw new SwiftError(411);
    }
    const archive = extract();
    const source = call.body ?? Readable.from([]);
    const failure = new Promise<never>((_resolve, reject) => {
      const streams: NodeJS.ReadWriteStream[] = decompressor ? [decompressor()] : [];
      pipeline([source, ...streams, archive as unknown as NodeJS.WritableStream], (error) => {
        if (error) reject(new TarError(error.message));
      });
    });
    failure.catch(() => undefined);
    const entries = archive[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([entries.next(), failure]).catch((error: unknown) => {
        throw error instanceof TarError ? error : new TarError(String((error as Error).message ?? error));
      });
      if (next.done || extraction.failed.length >= MAX_FAILED_EXTRACTIONS) break;
      const entry = next.value;
      const data = Readable.from(entry);
      if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
        await extraction.file(entry.header, data);
      }
      data.resume();
    }
    extraction.finish();
  } catch (error) {
    if (error instanceof TarError) {
      extraction.results['Response Status'] = statusLine(400);
      extraction.results['Response Body'] = `Invalid Tar File: ${error.message}`;
    } else recordRefusal(extraction.results, error);
  }
  return bulkAnswer(format, extraction.results, extraction.failed, 'extract');
}

/**
 * Swift's archive extraction: `PUT /v1/<account>[/<container>[/<prefix>]]?extract-archive=tar`
 * (or `tar.gz`, `tar.bz2`) stores every file of the archive as an object, the first folder of
 * its path naming the container (made when missing) unless the request names one.
 */
export const bulkUploadMiddleware: SwiftMiddleware = {
  name: 'bulk_upload',
  info: () => ({
    max_containers_per_extraction: MAX_CONTAINERS_PER_EXTRACTION,
    max_failed_extractions: MAX_FAILED_EXTRACTIONS,
  }),
  wrap: (next) => async (proxy, call) => {
    const kind = call.query['extract-archive'];
    if (kind === undefined || call.method !== 'PUT') return next(proxy, call);
    const type = kind.toLowerCase().replace(/^\.+|\.+$/g, '');
    if (!(type in DECOMPRESSORS)) throw new SwiftError(400, 'Unsupported archive format');
    return extractArchive(next, proxy, call, DECOMPRESSORS[type]);
  },
};
