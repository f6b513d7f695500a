import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, BadRequest, NotFound } from './errors.js';

/** The standard header naming the microversion of each service: `OpenStack-API-Version: compute 2.47`. */
export const API_VERSION_HEADER = 'OpenStack-API-Version';

/**
 * The strict grammar of Nova and Cinder (`X.Y`, no leading zeros, no sign, no spaces). Placement
 * is laxer; see `parseLikePythonInt`.
 */
const STRICT_VERSION = /^([1-9]\d*)\.([1-9]\d*|0)$/;

/** Thrown by `Microversion.parse` on text that is not `X.Y`. */
export class InvalidMicroversion extends Error {
  constructor(readonly text: string) {
    super(`API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`);
    this.name = 'InvalidMicroversion';
  }
}

export type MicroversionLike = Microversion | string;

/** A microversion `X.Y`; compares as the pair (major, minor), so 2.10 is above 2.9. */
export class Microversion {
  constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  /** Parses `X.Y` as Nova and Cinder do; anything else throws InvalidMicroversion. */
  static parse(text: string): Microversion {
    const match = STRICT_VERSION.exec(text);
    if (!match) throw new InvalidMicroversion(text);
    return new Microversion(Number(match[1]), Number(match[2]));
  }

  static from(value: MicroversionLike): Microversion {
    return value instanceof Microversion ? value : Microversion.parse(value);
  }

  /** Negative, zero or positive as this version is below, equal to or above `other`. */
  compare(other: MicroversionLike): number {
    const that = Microversion.from(other);
    return this.major - that.major || this.minor - that.minor;
  }

  /** `version >= other`: the test a handler makes for behaviour added in `other`. */
  atLeast(other: MicroversionLike): boolean {
    return this.compare(other) >= 0;
  }

  /** `version < other`: the test for behaviour removed in `other`. */
  below(other: MicroversionLike): boolean {
    return this.compare(other) < 0;
  }

  equals(other: MicroversionLike): boolean {
    return this.compare(other) === 0;
  }

  /** Whether `min <= this <= max`; an absent bound does not limit (as Nova's `matches`). */
  matches(min?: MicroversionLike, max?: MicroversionLike): boolean {
    return (min === undefined || this.atLeast(min)) && (max === undefined || this.compare(max) <= 0);
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/**
 * Whose negotiation a service follows; they differ in details clients can see:
 * - `nova`: microversion_parse header reading (the last entry for the service wins, a legacy
 *   header is honoured), strict `X.Y`, Nova's 400/406 messages, and the 406 answer still names
 *   the refused version in its headers.
 * - `placement`: microversion_parse's own negotiation: Python `int()` parsing (`1.05` is 1.5),
 *   "Invalid microversion: ..." messages, no version headers on the 400/406 answer.
 * - `cinder`: Cinder's own reading (the first comma-separated entry that mentions the service
 *   type wins; a header without one is a 400), strict `X.Y`, Nova's messages, echo on 406.
 */
export type MicroversionDialect = 'nova' | 'placement' | 'cinder';

export interface MicroversionSettings {
  /** The service type clients put in `OpenStack-API-Version` (Cinder's is `volume`). */
  serviceType: string;
  min: string;
  max: string;
  /** A pre-standard header the service still reads and writes, e.g. `X-OpenStack-Nova-API-Version`. */
  legacyHeader?: string;
  dialect: MicroversionDialect;
}

/** Compute as Nova Zed serves it (keystoneauth also sends the legacy header for compute). */
export const COMPUTE_MICROVERSIONS: MicroversionSettings = {
  serviceType: 'compute',
  min: '2.1',
  max: '2.93',
  legacyHeader: 'X-OpenStack-Nova-API-Version',
  dialect: 'nova',
};

export const PLACEMENT_MICROVERSIONS: MicroversionSettings = {
  serviceType: 'placement',
  min: '1.0',
  max: '1.39',
  dialect: 'placement',
};

/** Cinder names itself `volume` in the header, whatever the catalog's service type. */
export const BLOCK_STORAGE_MICROVERSIONS: MicroversionSettings = {
  serviceType: 'volume',
  min: '3.0',
  max: '3.70',
  dialect: 'cinder',
};

/** A header's value with repeated header lines folded into one comma-separated list. */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/** microversion_parse's reading: the last `<service> <version>` entry naming the service wins. */
function standardHeaderVersion(headers: IncomingHttpHeaders, serviceType: string): string | undefined {
  const entries = headerValue(headers, API_VERSION_HEADER)?.split(',') ?? [];
  for (const entry of entries.reverse()) {
    const match = /^(\S+)\s+(.+)$/.exec(entry.trim());
    if (match && match[1].toLowerCase() === serviceType.toLowerCase()) return match[2].trim();
  }
  return undefined;
}

/** The requested version text, or undefined when the request names none (microversion_parse). */
function requestedVersion(headers: IncomingHttpHeaders, settings: MicroversionSettings): string | undefined {
  const standard = standardHeaderVersion(headers, settings.serviceType);
  if (standard) return standard;
  if (!settings.legacyHeader) return undefined;
  const legacy = headerValue(headers, settings.legacyHeader);
  return legacy === undefined ? undefined : legacy.split(',').at(-1)!.trim();
}

/** Cinder's reading: the first entry that mentions the service type, which must be two words. */
function cinderRequestedVersion(headers: IncomingHttpHeaders, serviceType: string): string | undefined {
  const header = headerValue(headers, API_VERSION_HEADER);
  if (header === undefined) return undefined;
  const entry = header.split(',').find((part) => part.includes(serviceType));
  // Cinder answers this with webob's stock 400 explanation.
  if (entry === undefined) {
    throw new BadRequest(
      'The server could not comply with the request since it is either malformed or otherwise incorrect.',
    );
  }
  const words = entry.trim().split(/\s+/);
  return words.length === 2 ? words[1] : words.slice(1).join(' ');
}

/** The response headers naming the version a request was served at. */
export function microversionHeaders(settings: MicroversionSettings, version: string): Record<string, string> {
  const headers: Record<string, string> = { [API_VERSION_HEADER]: `${settings.serviceType} ${version}` };
  if (settings.legacyHeader) headers[settings.legacyHeader] = version;
  headers.Vary = [API_VERSION_HEADER, settings.legacyHeader].filter(Boolean).join(', ');
  return headers;
}

/**
 * Python's `repr()` of a string, as it appears in Placement's messages (`'pony'`, or `"it's"`).
 */
function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** Python's `int(text)`: surrounding whitespace, a sign and `_` between digits are allowed. */
function parseLikePythonInt(text: string): number {
  const trimmed = text.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(trimmed)) {
    throw new Error(`invalid literal for int() with base 10: ${pythonRepr(text)}`);
  }
  return Number(trimmed.replace(/_/g, ''));
}

/** microversion_parse's `parse_version_string`, with its error text. */
function parsePlacementVersion(text: string): Microversion {
  try {
    const [major, minor] = text.split(/\.(.*)/s, 2);
    const majorNumber = parseLikePythonInt(major);
    if (minor === undefined) {
      throw new Error("Version.__new__() missing 1 required positional argument: 'minor'");
    }
    return new Microversion(majorNumber, parseLikePythonInt(minor));
  } catch (error) {
    throw new BadRequest(
      `Invalid microversion: invalid version string: ${text}; ${(error as Error).message}`,
    );
  }
}

function negotiatePlacement(headers: IncomingHttpHeaders, settings: MicroversionSettings): Microversion {
  const found = requestedVersion(headers, { ...settings, legacyHeader: undefined }) ?? settings.min;
  const text = found === 'latest' ? settings.max : found;
  const version = parsePlacementVersion(text);
  if (!version.matches(settings.min, settings.max)) {
    throw new ApiError(406, `Invalid microversion: Unacceptable version header: ${text}`);
  }
  return version;
}

/** Nova's and Cinder's checks once the version text is known. */
function negotiateStrict(found: string | undefined, settings: MicroversionSettings): Microversion {
  if (found === undefined) return Microversion.parse(settings.min);
  if (found === 'latest') return Microversion.parse(settings.max);
  let version: Microversion;
  try {
    version = Microversion.parse(found);
  } catch (error) {
    throw new BadRequest((error as InvalidMicroversion).message);
  }
  if (!version.matches(settings.min, settings.max)) {
    throw new ApiError(
      406,
      `Version ${found} is not supported by the API. Minimum is ${settings.min} and maximum is ${settings.max}.`,
      // Nova and Cinder have already taken the refused version as the request's, so say it.
      microversionHeaders(settings, found),
    );
  }
  return version;
}

/**
 * The microversion a request asks for: none means the minimum, `latest` the maximum. Malformed
 * text is a BadRequest and a version outside [min, max] a 406, with the upstream messages.
 */
export function negotiateMicroversion(
  headers: IncomingHttpHeaders,
  settings: MicroversionSettings,
): Microversion {
  switch (settings.dialect) {
    case 'placement':
      return negotiatePlacement(headers, settings);
    case 'cinder':
      return negotiateStrict(cinderRequestedVersion(headers, settings.serviceType), settings);
    case 'nova':
      return negotiateStrict(requestedVersion(headers, settings), settings);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The negotiated microversion; set on the routes of a scope that called `useMicroversions`. */
    microversion: Microversion;
  }
}

/** Adds header names to the response's Vary list, keeping those already there. */
function addVary(reply: FastifyReply, names: string): void {
  const current = reply.getHeader('vary');
  const tokens = [current, names]
    .flat()
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  const unique = tokens.filter(
    (token, index) => tokens.findIndex((other) => other.toLowerCase() === token.toLowerCase()) === index,
  );
  reply.header('vary', unique.join(', '));
}

/**
 * Negotiates the microversion of every request in this plugin scope (register it in the
 * service's plugin, after authentication, before its routes): sets `request.microversion` and
 * answers with `OpenStack-API-Version`, the legacy header if any, and `Vary`, on errors too.
 * Nova's version documents are not microversioned (Placement's root is): serve such routes
 * outside this scope.
 */
export function useMicroversions(app: FastifyInstance, settings: MicroversionSettings): void {
  if (!app.hasRequestDecorator('microversion'))
    app.decorateRequest('microversion', null as unknown as Microversion);
  app.addHook('onRequest', async (request, reply) => {
    request.microversion = negotiateMicroversion(request.headers, settings);
    const { Vary: vary, ...named } = microversionHeaders(settings, String(request.microversion));
    reply.headers(named);
    addVary(reply, vary);
  });
}

/**
 * For a route that exists only in some microversions: outside [min, max] it answers 404 as if
 * it did not exist (Nova's and Placement's versioned handlers do the same).
 */
export function requireMicroversion(
  request: FastifyRequest,
  min: MicroversionLike,
  max?: MicroversionLike,
): void {
  if (!request.microversion.matches(min, max)) throw new NotFound('The resource could not be found.');
}
