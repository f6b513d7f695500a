import { Readable } from 'node:stream';
import { header } from '../../proxy/headers.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import { statusTitle, SwiftError } from '../../proxy/swob.js';
import { preAuthedCaller } from '../pre-authed-caller.js';
import { answerOf, isSuccess, subCall } from '../slo/sub-call.js';
import { readAll, readAtMost } from '../../proxy/whole-body.js';
import type { SwiftApp, SwiftMiddleware } from '../swift-middleware.js';
import { signingKeys } from '../tempurl/tempurl.js';
import { ALLOWED_DIGESTS, parseSignature, signatureMatches } from '../tempurl/temp-url-signature.js';
import { InvalidStartingBoundary, parseDisposition, parseMultipartForm } from './multipart-form.js';

/** The longest value of a form field that is kept (Swift's `MAX_VALUE_LENGTH`); the rest is cut. */
const MAX_VALUE_LENGTH = 4096;

/**
 * The largest form this proxy reads: it holds a form in memory while it stores its files, where
 * Swift streams them; past this the form is refused as too large.
 */
const MAX_FORM_BYTES = 128 * 1024 * 1024;

/** A form that cannot be processed: 400 `FormPost: <reason>`. */
class FormInvalid extends Error {}
/** A form whose signature does not check out: 401 `FormPost: <Reason In Title Case>`. */
class FormUnauthorized extends Error {}

/** Python's `str.title()`, which Swift's messages go through: `invalid signature` -> `Invalid Signature`. */
const title = (text: string) =>
  text
    .toLowerCase()
    .replace(/(^|[^a-z])([a-z])/g, (_match, before: string, letter: string) => before + letter.toUpperCase());

const integer = (value: string | undefined, what: string) => {
  if (!value) return 0;
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new FormInvalid(what);
  return Number(value);
};

/** What the form's fields sign: `path\nredirect\nmax_file_size\nmax_file_count\nexpires`. */
function hmacBody(path: string, fields: Record<string, string>): string {
  return [
    path,
    fields.redirect ?? '',
    fields.max_file_size || '0',
    fields.max_file_count || '0',
    fields.expires || '0',
  ].join('\n');
}

/** The path the form was posted to, as its signer saw it: with the API's mount point, or without. */
function signedPaths(call: SwiftCall): string[] {
  const { version, account, container, object } = call.path;
  const path = call.rawPath
    ? decodeURIComponent(call.rawPath)
    : `/${[version, account, container, object].filter((part) => part !== undefined).join('/')}`;
  return [`${call.scriptName}${path}`, path];
}

/** Checks expiry and signature as Swift does before each file, in Swift's order. */
function checkSignature(call: SwiftCall, fields: Record<string, string>, keys: string[]): void {
  if (keys.length === 0) throw new FormUnauthorized('invalid signature');
  integer(fields.max_file_size, 'max_file_size not an integer');
  if (integer(fields.expires, 'expired not an integer') < call.now / 1000) {
    throw new FormUnauthorized('form expired');
  }
  const signature = parseSignature(fields.signature ?? '');
  if (!signature || !ALLOWED_DIGESTS.includes(signature.digest)) {
    throw new FormUnauthorized('invalid signature');
  }
  const valid = signedPaths(call).some((path) =>
    keys.some((key) => signatureMatches(signature, key, hmacBody(path, fields))),
  );
  if (!valid) throw new FormUnauthorized('invalid signature');
}

/** The PUT of one file of the form, as the account's owner: the object named by the path and the file's name. */
function filePut(call: SwiftCall, fields: Record<string, string>, data: Buffer): SwiftCall {
  const { path } = call;
  const name = fields.filename || 'filename';
  const object = path.object === undefined ? name : `${path.object}${name}`;
  const headers: Record<string, string> = { 'content-length': String(data.length) };
  if (fields.x_delete_at !== undefined) {
    headers['x-delete-at'] = String(
      integer(fields.x_delete_at, 'x_delete_at not an integer: Unix timestamp required.'),
    );
  }
  if (fields.x_delete_after !== undefined) {
    headers['x-delete-after'] = String(
      integer(fields.x_delete_after, 'x_delete_after not an integer: Number of seconds required.'),
    );
  }
  if (fields['content-type'] !== undefined)
    headers['content-type'] = fields['content-type'] || 'application/octet-stream';
  if (fields['content-encoding'] !== undefined) headers['content-encoding'] = fields['content-encoding'];
  return {
    ...subCall(call, 'PUT', { ...path, object }, { headers, body: Readable.from([data]) }),
    caller: preAuthedCaller(path.account, call.now, '.wsgi.formpost'),
  };
}

/** The answer to the whole form: the last file's status, as plain text or a 303 to `redirect`. */
function formAnswer(
  status: number,
  message: string,
  fields: Record<string, string>,
  failure?: string,
): SwiftAnswer {
  const statusLine = `${status} ${statusTitle(status)}`.trim();
  const redirect = fields.redirect;
  if (!redirect) {
    let body = message ? `${statusLine}\r\nFormPost: ${title(message)}` : statusLine;
    if (!isSuccess(status) && failure) body = failure;
    return { status, headers: { 'content-type': 'text/plain' }, body };
  }
  const location = `${redirect}${redirect.includes('?') ? '&' : '?'}status=${status}&message=${encodeURIComponent(message)}`;
  return {
    status: 303,
    headers: { location, 'content-type': 'text/html; charset=UTF-8' },
    body: `<html><body><p><a href="${location}">Click to continue...</a></p></body></html>`,
  };
}

/** Stores each file of the form in turn while they succeed, the fields before a file applying to it. */
async function translateForm(next: SwiftApp, proxy: ProxyContext, call: SwiftCall, boundary: string) {
  const body = await readAtMost(call.body, MAX_FORM_BYTES);
  if (body === undefined) throw new SwiftError(413, 'FormPost: form too large');
  const keys = call.path.container ? await signingKeys(proxy, call) : [];
  const fields: Record<string, string> = {};
  let status = 0;
  let message = '';
  let failure: string | undefined;
  let fileCount = 0;
  for (const part of parseMultipartForm(body, boundary)) {
    const [disposition, attributes] = parseDisposition(part.headers['content-disposition'] ?? '');
    if (disposition === 'form-data' && attributes.filename !== undefined) {
      fileCount += 1;
      if (fileCount > integer(fields.max_file_count, 'max_file_count not an integer')) {
        status = 400;
        message = 'max file count exceeded';
        break;
      }
      const fileFields: Record<string, string> = { ...fields, filename: attributes.filename };
      if (fields['content-type'] === undefined && part.headers['content-type'] !== undefined) {
        fileFields['content-type'] = part.headers['content-type'] || 'application/octet-stream';
      }
      if (fields['content-encoding'] === undefined && part.headers['content-encoding'] !== undefined) {
        fileFields['content-encoding'] = part.headers['content-encoding'];
      }
      checkSignature(call, fields, keys);
      if (part.data.length > integer(fields.max_file_size, 'max_file_size not an integer')) {
        throw new FormInvalid('max_file_size exceeded');
      }
      const answer = await answerOf(next, proxy, filePut(call, fileFields, part.data));
      status = answer.status;
      failure = (await readAll(answer.body)).toString('utf8') || undefined;
      if (!isSuccess(status)) break;
    } else if (attributes.name !== undefined) {
      const value = part.data.subarray(0, MAX_VALUE_LENGTH).toString('utf8');
      fields[attributes.name.toLowerCase()] = value.replace(/[\r\n-]+$/, '');
    }
  }
  if (status === 0) {
    status = 400;
    message = 'no files to process';
  }
  return formAnswer(status, message, fields, failure);
}

/**
 * Swift's formpost: a POST of a `multipart/form-data` form stores each file in it as an object
 * below the path posted to (its name appended), when the form's fields (redirect, max_file_size,
 * max_file_count, expires) carry a valid HMAC signature made with one of the account's or
 * container's TempURL keys. Browsers upload straight to the object store without a token this way.
 */
export const formpost: SwiftMiddleware = {
  name: 'formpost',
  info: () => ({ allowed_digests: [...ALLOWED_DIGESTS] }),
  wrap: (next) => async (proxy, call) => {
    if (call.method !== 'POST') return next(proxy, call);
    const [type, attributes] = parseDisposition(header(call.headers, 'content-type') ?? '');
    if (type !== 'multipart/form-data' || attributes.boundary === undefined) return next(proxy, call);
    try {
      return await translateForm(next, proxy, call, attributes.boundary);
    } catch (error) {
      if (error instanceof InvalidStartingBoundary) {
        throw new SwiftError(400, 'FormPost: invalid starting boundary');
      }
      if (error instanceof FormInvalid) throw new SwiftError(400, `FormPost: ${error.message}`);
      if (error instanceof FormUnauthorized) throw new SwiftError(401, `FormPost: ${title(error.message)}`);
      throw error;
    }
  },
};
