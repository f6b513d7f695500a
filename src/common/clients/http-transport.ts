import { Readable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { describeErrorBody, ServiceError } from './service-error.js';

/** A query string: repeated keys as arrays; undefined values are left out. */
export type Query = URLSearchParams | Record<string, string | number | readonly string[] | undefined>;

export interface TransportRequest {
  headers?: Record<string, string>;
  /** A JSON value is sent as JSON; a Buffer or a Readable is sent as it is (say its type in headers). */
  body?: unknown;
  query?: Query;
  /** Sent as `OpenStack-API-Version: <service> <microversion>`. */
  microversion?: string;
}

export interface TransportResponse<Body = unknown> {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when there is none (204) or it is not JSON. */
  body: Body;
}

/**
 * How a typed client reaches a service's REST API: over HTTP in a split deployment, in
 * process in the all-in-one and in tests. Every request carries the caller's token; an error
 * status comes back as a thrown ServiceError.
 */
export interface ServiceTransport {
  request<Body = unknown>(
    method: string,
    path: string,
    options?: TransportRequest,
  ): Promise<TransportResponse<Body>>;
  /** Like `request`, but the body of a success is the raw data as a stream (image downloads). */
  stream(method: string, path: string, options?: TransportRequest): Promise<TransportResponse<Readable>>;
}

export interface TransportOptions {
  /** The service type, for the microversion header and error messages: `placement`, `image`. */
  service: string;
  /** The token to send as `X-Auth-Token`, asked for on every request so it may be renewed. */
  token: () => Promise<string>;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = query instanceof URLSearchParams ? query : new URLSearchParams();
  if (!(query instanceof URLSearchParams)) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const isRaw = (body: unknown): body is Buffer | Readable => Buffer.isBuffer(body) || body instanceof Readable;

async function requestHeaders(
  options: TransportOptions,
  request: TransportRequest,
): Promise<Record<string, string>> {
  return {
    accept: 'application/json',
    'x-auth-token': await options.token(),
    ...(request.microversion
      ? { 'openstack-api-version': `${options.service} ${request.microversion}` }
      : {}),
    ...(request.body !== undefined && !isRaw(request.body) ? { 'content-type': 'application/json' } : {}),
    ...request.headers,
  };
}

function encodeBody(body: unknown): Buffer | Readable | string | undefined {
  if (body === undefined || isRaw(body)) return body;
  return JSON.stringify(body);
}

function parseBody(headers: Record<string, string>, text: string): unknown {
  if (text === '') return undefined;
  if ((headers['content-type'] ?? '').includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Throws the ServiceError for an error status; returns the parsed body otherwise. */
function checked(
  options: TransportOptions,
  method: string,
  path: string,
  status: number,
  headers: Record<string, string>,
  text: string,
): unknown {
  const body = parseBody(headers, text);
  if (status < 400) return typeof body === 'string' ? undefined : body;
  const { code, detail } = describeErrorBody(body);
  throw new ServiceError(
    options.service,
    method,
    path,
    status,
    code,
    detail,
    body,
    headers['x-openstack-request-id'],
  );
}

/** Reaches a service over HTTP at a base URL, e.g. `http://controller:8778` or `http://host/placement`. */
export class FetchTransport implements ServiceTransport {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly options: TransportOptions,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  private async send(method: string, path: string, request: TransportRequest): Promise<Response> {
    const body = encodeBody(request.body);
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers: await requestHeaders(this.options, request),
    };
    if (body instanceof Readable) {
      init.body = Readable.toWeb(body) as ReadableStream;
      // A streamed request body needs half-duplex in undici's fetch.
      init.duplex = 'half';
    } else if (body !== undefined) {
      init.body = body;
    }
    return fetch(`${this.baseUrl}${path}${queryString(request.query)}`, init);
  }

  async request<Body = unknown>(method: string, path: string, request: TransportRequest = {}) {
    const response = await this.send(method, path, request);
    const headers = Object.fromEntries(response.headers);
    const body = checked(this.options, method, path, response.status, headers, await response.text());
    return { status: response.status, headers, body: body as Body };
  }

  async stream(method: string, path: string, request: TransportRequest = {}) {
    const response = await this.send(method, path, request);
    const headers = Object.fromEntries(response.headers);
    if (response.status >= 400 || !response.body) {
      checked(this.options, method, path, response.status, headers, await response.text());
      return { status: response.status, headers, body: Readable.from([]) };
    }
    return { status: response.status, headers, body: Readable.fromWeb(response.body as never) };
  }
}

/**
 * Reaches a service mounted on a Fastify instance in this process through `inject()`: the
 * all-in-one's short cut past the network, and the tests'. `prefix` is where the service is
 * mounted, e.g. `/placement`.
 */
export class InjectTransport implements ServiceTransport {
  constructor(
    private readonly app: FastifyInstance,
    private readonly prefix: string,
    private readonly options: TransportOptions,
  ) {}

  private async send(method: string, path: string, request: TransportRequest, payloadAsStream: boolean) {
    const body = encodeBody(request.body);
    const inject: InjectOptions = {
      method: method as 'GET',
      url: `${this.prefix}${path}${queryString(request.query)}`,
      // A streamed body goes chunked, as over HTTP (fetch does it unasked; inject does not).
      headers: {
        ...(body instanceof Readable ? { 'transfer-encoding': 'chunked' } : {}),
        ...(await requestHeaders(this.options, request)),
      },
      payloadAsStream,
      ...(body === undefined ? {} : { payload: body }),
    };
    const response = await this.app.inject(inject);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return { response, headers };
  }

  async request<Body = unknown>(method: string, path: string, request: TransportRequest = {}) {
    const { response, headers } = await this.send(method, path, request, false);
    const body = checked(this.options, method, path, response.statusCode, headers, response.body);
    return { status: response.statusCode, headers, body: body as Body };
  }

  async stream(method: string, path: string, request: TransportRequest = {}) {
    const { response, headers } = await this.send(method, path, request, true);
    const data = response.stream();
    if (response.statusCode >= 400) {
      const chunks: Buffer[] = [];
      for await (const chunk of data) chunks.push(Buffer.from(chunk as Buffer));
      checked(this.options, method, path, response.statusCode, headers, Buffer.concat(chunks).toString());
    }
    return { status: response.statusCode, headers, body: data };
  }
}
